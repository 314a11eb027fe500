"""python -m wa_errors_build validate [FILES] | regen | check.

validate: report every problem of every catalog file as file:line:col, exit 1 if any.
regen:    validate, render every output, swap changed files in atomically.
check:    exit 1 naming each generated file that differs from what regen would write.
overlap DIR: exit 1 naming each title, cause, remediation or note that shares a run of 8+ words
          with the provider texts (.txt/.md/.html) kept in DIR, outside the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .emit import render_all
from .model import CatalogInvalid, load_catalog
from .validate import validate_files
from .writer import stale, write_all



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wa_errors_build", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, default=Path("catalog"), help="catalog directory (default: ./catalog)")
    parser.add_argument("--out", type=Path, default=Path("."), help="root the generated paths are relative to (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check catalog files")
    v.add_argument("files", nargs="*", type=Path)
    sub.add_parser("regen", help="regenerate every output from the catalog")
    sub.add_parser("check", help="fail when a generated file is stale")
    o = sub.add_parser("overlap", help="find prose sharing 8+ words with provider texts in a folder")
    o.add_argument("texts", type=Path, help="folder of provider page texts (kept outside the repository)")
    args = parser.parse_args(argv)

    if args.command == "validate":
        _, _, problems = validate_files(args.catalog, [f for f in args.files] or None)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s); nothing was written.", file=sys.stderr)
            return 1
        print("catalog OK")
        return 0

    try:
        catalog = load_catalog(args.catalog, args.out)
    except CatalogInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    if args.command == "overlap":
        from .overlap import overlaps

        found = overlaps([(p.id, p.entries) for p in catalog.providers], args.texts)
        for hit in found:
            print(f"{hit.provider}/{hit.entry} {hit.field}: '{hit.words}' (in {hit.found_in})", file=sys.stderr)
        print(f"{len(found)} field(s) share a run of 8+ words with the texts in {args.texts}")
        return 1 if found else 0
    files = render_all(catalog, args.out)
    if args.command == "check":
        outdated = stale(files, args.out)
        for rel in outdated:
            print(f"{rel}: stale; run `make regen`", file=sys.stderr)
        if outdated:
            return 1
        print(f"{len(files)} generated files are current")
        return 0
    changed = write_all(files, args.out)
    print(f"regenerated {len(files)} files, {len(changed)} changed" + (": " + ", ".join(changed) if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
