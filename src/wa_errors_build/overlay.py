"""Overlays at build time, and the full check the run time borrows when the build tool is installed.

`wa-errors-build validate|regen|check --overlay FILE` merges overlay files (docs/overlays.md) into the
catalog the docs and the JSON export are generated from. The merge itself is `wa_errors/_overlay.py`
(loaded by path, as rules.py loads `_rules.py`, so it runs while the package's generated modules are
stale); this module adds what needs the build tool: the JSON Schema and the catalog validator's rules,
run on the provider's merged document, every problem placed at its line in the overlay file.

`snapshot`, `check`'s history comparison and docs/CHANGES.md always use the catalog without overlays:
an overlay is a team's local layer, not a catalog version.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from .loader import MAX_FILE_BYTES, Loaded, Path_, Problem, load_yaml
from .model import Catalog, CatalogInvalid, Provider, _class_name, _code_name, load_catalog, resolve_entry
from .validate import (
    ON_PREMISES,
    PACKAGED_SCHEMAS,
    Vocabulary,
    provider_file,
    schema_dir,
    schema_problems,
    semantic_problems,
)

_PATH = Path(__file__).resolve().parent.parent / "wa_errors" / "_overlay.py"
_NAME = "wa_errors_overlay_for_build"


def _load_merge_module() -> Any:
    found = sys.modules.get(_NAME)
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location(_NAME, _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


_ov: Any = _load_merge_module()
NOWHERE = (0, 0)
"""Position given to catalog data an overlay did not write: problems found there are not the overlay's."""


def relaxed_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The provider-file schema with `provider.id` open: an overlay may declare a new provider (the
    merge checks its id's form and that it is not another spelling of a catalog provider)."""
    out = copy.deepcopy(schema)
    out["$defs"]["provider"]["properties"]["id"] = {
        "type": "string",
        "description": "A catalog provider's id, or a new provider's (lower case letters, digits and '-').",
    }
    return out


@functools.lru_cache(maxsize=4)
def _validator(path: Path, mtime_ns: int) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(relaxed_schema(json.loads(path.read_text(encoding="utf-8"))))


def provider_validator(folder: Path) -> Any:
    """A validator of the relaxed provider-file schema of `folder`, built once per version of the file."""
    path = folder / "catalog.schema.json"
    return _validator(path, path.stat().st_mtime_ns)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def source_name(path: Path, root: Path) -> str:
    """How generated files name an overlay among their sources: relative to the output root, else by name
    (never an absolute path, so regenerating elsewhere gives the same text)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def read(path: Path) -> tuple[Loaded | None, list[Problem]]:
    """Parse an overlay file: JSON when it ends in .json (with positions), YAML otherwise (the catalog's
    safe loader and limits)."""
    display = _display(path)
    if path.suffix.lower() != ".json":
        return load_yaml(path, display)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    try:
        data, positions = _ov.parse_json(_ov.decode(raw))
    except _ov.SyntaxProblem as exc:
        return None, [Problem(display, exc.line, exc.col, exc.message)]
    return Loaded(display, data, positions), []


def _view(m: Any, loaded: Loaded, order: list[int]) -> Loaded:
    """The merged provider document with `order`'s entries (positions in the merged list), as a Loaded
    whose positions point into the overlay file: a touched entry's values at the overlay's lines (a
    category change also answers for the retry policy and status it contradicts), everything else
    NOWHERE."""
    entries: list[dict[str, Any]] = m.doc["entries"]
    data = {"provider": m.doc["provider"], "entries": [_ov.strip_runtime(entries[i]) for i in order]}
    positions: dict[Path_, tuple[int, int]] = {(): NOWHERE, ("provider",): NOWHERE, ("entries",): NOWHERE}
    by_entry: dict[int, list[tuple[Path_, tuple[int, int]]]] = {}
    loaded.where(())  # the loader may compute positions only when first asked
    for path, at in loaded.positions.items():
        if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
            by_entry.setdefault(path[1], []).append((path[2:], at))
        elif m.new_provider:
            positions[path] = at
    for v, i in enumerate(order):
        eid = entries[i]["id"]
        j = m.overlay_index.get(eid)
        if j is None:
            positions[("entries", v)] = NOWHERE
            continue
        positions[("entries", v)] = loaded.where(("entries", j))
        for rest, at in by_entry.get(j, []):
            if len(rest) >= 2 and rest[0] in _ov.ADD_FIELDS and isinstance(rest[1], int) and eid in m.patched:
                inverse = {k: merged for merged, k in m.lists.get((eid, rest[0]), {}).items()}
                if rest[1] not in inverse:
                    continue
                rest = (rest[0], inverse[rest[1]], *rest[2:])
            positions[("entries", v) + rest] = at
        own = m.own[eid]
        if "category" in own:  # what a new category contradicts is blamed on it, unless the overlay set it too
            category_at = loaded.where(("entries", j, "category"))
            overlay_retry = loaded.data["entries"][j].get("retry")
            if not (isinstance(overlay_retry, dict) and "policy" in overlay_retry):
                positions[("entries", v, "retry", "policy")] = category_at
            if "next_action" not in own:
                positions[("entries", v, "next_action")] = category_at
            positions[("entries", v, "http_status")] = category_at
    return Loaded(loaded.file, data, positions)


def check(
    loaded: Loaded, base: dict[str, dict[str, Any]], vocabulary: Vocabulary, origin: str, validator: Any
) -> tuple[Any, list[Problem]]:
    """Merge one overlay into `base` (provider documents by id) and check the result with the catalog's
    own rules (the schema, then every rule of validate.FILE_RULES on the provider's merged document).
    Returns the merge (its `doc` is the provider's merged document) and every problem, each at its line
    in the overlay; problems of catalog data the overlay did not touch are not its own and are left out."""
    m = _ov.merge(loaded.data, base, origin)
    problems = [loaded.problem(path, message) for path, message in m.issues]
    if not m.ok:
        return m, sorted(set(problems))
    if m.new_provider:
        problems += _module_clash(m, loaded, base)
    touched = [i for i, _e in m.touched()]
    untouched = [i for i in range(len(m.doc["entries"])) if i not in set(touched)]
    paths: list[tuple[Any, ...]] = []
    problems += schema_problems(_view(m, loaded, touched), validator, paths)
    # the rules run on the whole provider, catalog entries first, so that a clash between one of them and
    # the overlay is reported at the overlay's entry; what failed the schema is moved to those positions
    violations: list[tuple[Any, ...]] = []
    for path in paths:
        if len(path) > 1 and path[0] == "entries" and isinstance(path[1], int):
            violations.append(("entries", path[1] + len(untouched), *path[2:]))
        elif m.new_provider:  # a catalog provider's block passed the catalog's checks
            violations.append(path)
    full = _view(m, loaded, untouched + touched)
    known = frozenset(base) | {ON_PREMISES, m.pid}
    problems += semantic_problems(provider_file(full, violations, m.pid, vocabulary, known))
    return m, sorted({p for p in problems if (p.line, p.col) != NOWHERE})


def _module_clash(m: Any, loaded: Loaded, base: dict[str, dict[str, Any]]) -> list[Problem]:
    """A new provider's generated module name must be a Python name no catalog provider uses."""
    try:
        mine = _code_name(m.pid, m.doc["provider"])
    except ValueError as exc:
        return [loaded.problem(("provider", "id"), f"provider id {m.pid!r} gives no module name: {exc}")]
    for other, doc in base.items():
        try:
            theirs = _code_name(other, doc["provider"])
        except ValueError:
            continue
        if theirs == mine:
            return [loaded.problem(("provider", "id"), f"module name {mine!r} is already {other!r}'s; set code_name")]
    return []


def check_document(
    file: str,
    data: Any,
    positions: dict[Path_, tuple[int, int]],
    base: dict[str, dict[str, Any]],
    categories: dict[str, Any],
    vocabulary: dict[str, Any],
    origin: str,
) -> tuple[Any, list[Problem]]:
    """`check` for the run time (wa_errors.load_overlay), with the schema the package carries and the
    vocabularies of catalog.json."""
    words = Vocabulary(categories, vocabulary["retry_policies"], vocabulary["next_actions"], vocabulary["scopes"])
    return check(Loaded(file, data, dict(positions)), base, words, origin, provider_validator(PACKAGED_SCHEMAS))


def apply_overlays(catalog: Catalog, catalog_dir: Path, paths: list[Path], root: Path) -> Catalog:
    """`catalog` with the overlays merged in order (each checked against the catalog and the overlays
    before it), resolved as load_catalog resolves the catalog; raises CatalogInvalid with every problem
    of every overlay. Touched entries carry `origin` ("overlay:<file name>") into the JSON export."""
    validator = provider_validator(schema_dir(catalog_dir))
    words = catalog.vocabulary
    vocabulary = Vocabulary(catalog.categories, words["retry_policies"], words["next_actions"], words["scopes"])
    base = {p.id: _ov.source_doc(p.meta, p.entries, catalog.categories) for p in catalog.providers}
    problems: list[Problem] = []
    sources: dict[str, list[str]] = {}
    for path in paths:
        loaded, found = read(path)
        if loaded is not None:
            m, found = check(loaded, base, vocabulary, f"overlay:{path.name}", validator)
        if found or loaded is None:
            problems += found
            continue
        base[m.pid] = m.doc
        sources.setdefault(m.pid, []).append(source_name(path, root))
    if problems:
        raise CatalogInvalid(sorted(set(problems)))
    providers = []
    for pid in sorted(base):
        if pid not in sources:
            providers.append(catalog.by_id[pid])
            continue
        meta = base[pid]["provider"]
        defaults = meta.get("defaults") or {}
        entries = [resolve_entry(e, defaults, catalog.categories[e["category"]]) for e in base[pid]["entries"]]
        old = catalog.by_id.get(pid)
        if old is not None:
            name = ", ".join([old.source_file, *sources[pid]])
            providers.append(Provider(pid, name, old.meta, entries, old.module, old.class_name))
        else:
            code_name = _code_name(pid, meta)
            providers.append(Provider(pid, ", ".join(sources[pid]), meta, entries, code_name, _class_name(code_name)))
    return Catalog(providers, catalog.categories, catalog.groups, catalog.version, catalog.vocabulary)


def overlay_problems(catalog_dir: Path, paths: list[Path]) -> list[Problem]:
    """Every problem of the catalog, or, when it is valid, of the overlays laid over it."""
    try:
        apply_overlays(load_catalog(catalog_dir, Path(".")), catalog_dir, paths, Path("."))
    except CatalogInvalid as exc:
        return exc.problems
    return []
