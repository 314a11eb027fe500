"""Validate a WhatsApp error catalog and regenerate what is built from it.

commands:
  validate [FILES]  report every problem of every catalog file (or only FILES) as file:line:col; exit 1 if any.
  regen             validate, render every output, swap changed files in atomically.
  check             exit 1 naming each generated file that differs from what regen would write, and when the
                    catalog data differs from CATALOG/history/<version>.json, the snapshot of the current
                    `version` in CATALOG/categories.yaml (or that snapshot is missing).
  snapshot          write CATALOG/history/<version>.json for the current catalog version; refuses to rewrite a
                    snapshot holding other data (bump `version` instead) unless --force.
  overlap DIR       exit 1 naming each title, cause, remediation or note that shares a run of 8+ words with the
                    provider texts (.txt/.md/.html) kept in DIR, outside the repository.

--catalog DIR and --out DIR may come before or after the command, so this works on any catalog folder: a team's
own catalog or a copy of this one. Schemas come from a schema/ folder beside the catalog folder when there is
one, else from the copies the installed wa_errors package carries.

--overlay FILE (validate, regen, check; repeatable, applied in order) merges a team's overlay (docs/overlays.md)
into what is checked and generated; snapshot, check's comparison with the snapshot and docs/CHANGES.md use the
catalog without overlays.

what regen writes under --out:
  OUT/src/wa_errors/ exists (the wa-error-catalog repository): everything, i.e. the wa_errors package modules
    and schema copies, the JSON export src/wa_errors/catalog.json, docs/ (docs/CHANGES.md included) and the
    generated table in README.md.
  any other folder: only docs/ (docs/CHANGES.md included) and the JSON export, written as docs/catalog.json;
    nothing under src/ and no README.md.

exit status: 0 all good; 1 problems found (each printed to stderr); 2 bad usage or the [build] extra missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Catalog

PACKAGE_DIR = ("src", "wa_errors")
PACKAGE_PREFIX = "src/wa_errors/"
EXPORT = "src/wa_errors/catalog.json"
FOREIGN_EXPORT = "docs/catalog.json"
"""Where the JSON export goes when --out is not this repository (it has no src/wa_errors/)."""
FOREIGN_KEEP = ("docs/",)


def _prog() -> str:
    return "wa-errors-build" if Path(sys.argv[0]).name.startswith("wa-errors-build") else "python -m wa_errors_build"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(), description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, default=Path("catalog"), help="catalog directory (default: ./catalog)")
    parser.add_argument(
        "--out", type=Path, default=Path("."), help="root the generated paths are relative to (default: .)"
    )
    # the same options after the command (`wa-errors-build validate --catalog DIR`, as pre-commit passes `args`);
    # SUPPRESS keeps a value given before the command when none is given after it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalog", type=Path, default=argparse.SUPPRESS, help="catalog directory (default: ./catalog)"
    )
    common.add_argument(
        "--out",
        type=Path,
        default=argparse.SUPPRESS,
        help="root the generated paths are relative to (default: .); without OUT/src/wa_errors/ only docs/ "
        "and docs/catalog.json are written",
    )
    # --overlay FILE (validate, regen, check): a team's overlay merged into what is checked and generated
    overlay = argparse.ArgumentParser(add_help=False)
    overlay.add_argument(
        "--overlay",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="merge this overlay file (docs/overlays.md) over the catalog; repeatable, applied in order",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser(
        "validate", parents=[common, overlay], help="check catalog files, every problem as file:line:col"
    )
    v.add_argument("files", nargs="*", type=Path, help="only these files (default: every *.yaml of the catalog)")
    sub.add_parser(
        "regen",
        parents=[common, overlay],
        help="regenerate every output from the catalog (docs/ and docs/catalog.json only outside this repository)",
    )
    sub.add_parser(
        "check",
        parents=[common, overlay],
        help="fail when a generated file is stale or the data differs from its snapshot",
    )
    s = sub.add_parser("snapshot", parents=[common], help="record the current catalog version in CATALOG/history/")
    s.add_argument(
        "--force", action="store_true", help="rewrite a snapshot holding other data (only for an unpublished version)"
    )
    o = sub.add_parser("overlap", parents=[common], help="find prose sharing 8+ words with provider texts in a folder")
    o.add_argument("texts", type=Path, help="folder of provider page texts (kept outside the repository)")
    return parser


def is_package_root(out: Path) -> bool:
    """Whether `out` holds the wa_errors package sources (this repository), so package modules are generated."""
    return out.joinpath(*PACKAGE_DIR).is_dir()


def for_foreign_root(files: dict[str, str]) -> dict[str, str]:
    """The outputs for a folder that is not this repository: docs/ and the JSON export (as docs/catalog.json).

    Writing src/wa_errors/catalog.json there would create src/wa_errors/ and make the next run write the
    whole package into someone else's project."""
    kept = {rel: text for rel, text in files.items() if rel.startswith(FOREIGN_KEEP)}
    if EXPORT in files:
        kept[FOREIGN_EXPORT] = files[EXPORT]
    return kept


def outputs(catalog: Catalog, catalog_dir: Path, out: Path, history: Catalog | None = None) -> dict[str, str]:
    """Every generated file for `catalog` under `out`: {relative path: text}. docs/CHANGES.md comes from
    `history` when given (the catalog without overlays: an overlay is not a catalog version)."""
    from .emit import environment, render_all
    from .history import HISTORY_DIR, emit_changes

    files = render_all(catalog, out)
    files.update(emit_changes(history or catalog, out, environment(), catalog_dir / HISTORY_DIR))
    return files if is_package_root(out) else for_foreign_root(files)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from .history import HISTORY_DIR, HistoryError, check_history, write_snapshot
        from .model import CatalogInvalid, load_catalog
        from .validate import validate_files
        from .writer import stale, write_all
    except ImportError as exc:  # installed without the [build] extra
        print(
            f"{parser.prog}: error: missing module {exc.name!r}; install the build extra: "
            "pip install 'wa-error-catalog[build]'",
            file=sys.stderr,
        )
        return 2
    catalog_dir: Path = args.catalog
    out: Path = args.out
    overlays: list[Path] = getattr(args, "overlay", [])

    if args.command == "validate":
        _, _, problems = validate_files(catalog_dir, list(args.files) or None)
        if overlays and not problems:
            from .overlay import overlay_problems

            problems = overlay_problems(catalog_dir, overlays)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s); nothing was written.", file=sys.stderr)
            return 1
        print("catalog OK" + (f" with {len(overlays)} overlay(s)" if overlays else ""))
        return 0

    try:
        catalog = load_catalog(catalog_dir, out)
        merged = catalog
        if overlays:
            from .overlay import apply_overlays

            merged = apply_overlays(catalog, catalog_dir, overlays, out)
    except CatalogInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    history_dir = catalog_dir / HISTORY_DIR
    if args.command == "overlap":
        from .overlap import overlaps

        found = overlaps([(p.id, p.entries) for p in catalog.providers], args.texts)
        for hit in found:
            print(f"{hit.provider}/{hit.entry} {hit.field}: '{hit.words}' (in {hit.found_in})", file=sys.stderr)
        print(f"{len(found)} field(s) share a run of 8+ words with the texts in {args.texts}")
        return 1 if found else 0
    if args.command == "snapshot":
        try:
            target, written = write_snapshot(catalog, history_dir, force=args.force)
        except HistoryError as exc:
            for line in exc.problems:
                print(line, file=sys.stderr)
            return 1
        entries = sum(len(p.entries) for p in catalog.providers)
        state = "wrote" if written else "unchanged:"
        print(f"{state} {_display(target)} (catalog version {catalog.version}, {entries} entries)")
        return 0
    try:
        files = outputs(merged, catalog_dir, out, history=catalog)
    except HistoryError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    if args.command == "check":
        regen = "make regen" if is_package_root(out) else f"{parser.prog} regen"
        outdated = stale(files, out)
        for rel in outdated:
            print(f"{rel}: stale; run `{regen}`", file=sys.stderr)
        history_problems = check_history(catalog, history_dir, _display(catalog_dir / "categories.yaml"))
        for line in history_problems:
            print(line, file=sys.stderr)
        if outdated or history_problems:
            return 1
        print(f"{len(files)} generated files are current; catalog version {catalog.version} matches its snapshot")
        return 0
    changed = write_all(files, out)
    print(f"regenerated {len(files)} files, {len(changed)} changed" + (": " + ", ".join(changed) if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
