"""Catalog history: one snapshot per catalog version, the differences between them, and docs/CHANGES.md.

`catalog/history/<version>.json` records the data of one catalog version (the `version` in
categories.yaml) as the loader resolves it: every entry of every provider with every field
(provider retry defaults merged in, the derived enum `member` name left out), plus the provider
blocks and the categories. It is written by `wa-errors-build snapshot` and never edited by hand.

`check` fails when the catalog data differs from the snapshot of its current version, so a data
change cannot ship under an old version number: bump `version`, run `snapshot`, then `regen`.
docs/CHANGES.md lists, newest version first, the entries added, changed (with the fields that
changed) and removed between consecutive versions, per provider; the current catalog counts as
its version's data, so the page is the same before and after `snapshot` writes that version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Catalog
from .writer import write_all

if TYPE_CHECKING:
    import jinja2

HISTORY_DIR = "history"
"""The folder, inside the catalog folder, holding one `<version>.json` per catalog version."""
CHANGES_PATH = "docs/CHANGES.md"
DERIVED_KEYS = frozenset({"member"})
"""Resolved-entry keys computed from other fields (not catalog data): left out of snapshots."""
SAFE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.-]*$")
"""A version that is safe as a file name and as Markdown (the categories schema allows only YYYY.MM.DD[.N])."""
ADVICE = "bump `version` in {categories} and run `wa-errors-build snapshot`"
MAX_LISTED = 20
"""Differences listed in a failing `check` before the rest is summarised as a count."""

Snapshot = dict[str, Any]


class HistoryError(Exception):
    """The history folder cannot be read, or a snapshot cannot be written; `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two snapshots.

    section: "entry", "provider" (the provider block), "category" or "group";
    provider: the provider id ("" for categories and groups);
    key: the entry id, category or group name ("" for a provider block);
    action: "added", "removed", "changed" or "renamed" (an added entry whose `renamed_from`
    names a removed one);
    fields: for "changed" and "renamed", the fields that differ, nested ones dotted (`retry.policy`);
    old_key: for "renamed", the former id.
    """

    section: str
    provider: str
    key: str
    action: str
    fields: tuple[str, ...] = ()
    old_key: str = ""

    def __str__(self) -> str:
        where = "/".join(part for part in (self.provider, self.key) if part)
        if self.section == "provider":
            where = f"{self.provider} provider block"
        elif self.section in ("category", "group"):
            where = f"{self.section} {self.key}"
        text = f"{where}: {self.action}"
        if self.old_key:
            text += f" from {self.old_key}"
        if self.fields:
            text += f" ({', '.join(self.fields)})"
        return text


# --- snapshots --------------------------------------------------------------------------------


def snapshot(catalog: Catalog) -> Snapshot:
    """The catalog's data as one JSON-ready dict: {"version", "providers": {pid: {entry id: {field: value}}},
    "provider_meta": {pid: provider block}, "categories": {...}, "groups": {...}}."""
    doc = {
        "version": catalog.version,
        "providers": {
            p.id: {e["id"]: {k: v for k, v in e.items() if k not in DERIVED_KEYS} for e in p.entries}
            for p in catalog.providers
        },
        "provider_meta": {p.id: p.meta for p in catalog.providers},
        "categories": catalog.categories,
        "groups": catalog.groups,
    }
    # round-trip so the result compares equal to a snapshot read back from disk (tuples become lists ...)
    data: Snapshot = json.loads(dumps(doc))
    return data


def dumps(snap: Snapshot) -> str:
    """The stored form: sorted keys, one value per line, so git stores later versions as small deltas."""
    return json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for versions: numeric parts compare as numbers (`2026.11.9` < `2026.11.10`)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|[^\d.]+", version))


def snapshot_name(version: str) -> str:
    if not SAFE_VERSION.match(version) or ".." in version:
        raise HistoryError([f"catalog version {version!r} cannot be used as a snapshot file name"])
    return f"{version}.json"


def load_history(history_dir: Path) -> dict[str, Snapshot]:
    """Every stored snapshot by version; a missing folder is an empty history."""
    out: dict[str, Snapshot] = {}
    problems: list[str] = []
    if not history_dir.is_dir():
        return out
    for path in sorted(history_dir.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{path}: not a readable JSON snapshot ({exc})")
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("providers"), dict):
            problems.append(f"{path}: not a catalog snapshot (no `providers` object)")
            continue
        if not SAFE_VERSION.match(path.stem) or ".." in path.stem:
            problems.append(f"{path}: {path.stem!r} is not a catalog version")
            continue
        if doc.get("version") != path.stem:
            problems.append(f"{path}: holds version {doc.get('version')!r}, not {path.stem!r} as its name says")
            continue
        out[path.stem] = doc
    if problems:
        raise HistoryError(problems)
    return out


def write_snapshot(catalog: Catalog, history_dir: Path, force: bool = False) -> tuple[Path, bool]:
    """Write `<history_dir>/<version>.json`; return its path and whether it changed.

    Refused (HistoryError) when the version sorts below a stored one, or when the file already
    holds other data for this version (a published version's record must not change) unless
    `force` (for a version not yet published)."""
    name = snapshot_name(catalog.version)
    target = history_dir / name
    current = snapshot(catalog)
    stored = load_history(history_dir)
    newer = [v for v in stored if version_key(v) > version_key(catalog.version)]
    if newer:
        newest = max(newer, key=version_key)
        raise HistoryError(
            [
                f"catalog version {catalog.version} is older than the snapshot {newest} in {history_dir}: "
                "set a later `version` in categories.yaml"
            ]
        )
    if catalog.version in stored and stored[catalog.version] != current and not force:
        raise HistoryError(
            [
                f"{target} already records version {catalog.version} with other data: bump `version` in "
                "categories.yaml (or pass --force to rewrite the snapshot of a version that was never published)"
            ]
        )
    changed = write_all({name: dumps(current)}, history_dir)
    return target, bool(changed)


# --- differences ------------------------------------------------------------------------------

_MISSING = object()


def changed_fields(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Names of the fields that differ; a nested mapping is compared field by field (`retry.policy`)."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [] if old == new else [prefix.rstrip(".") or "(value)"]
    out: list[str] = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, _MISSING), new.get(key, _MISSING)
        if isinstance(a, dict) and isinstance(b, dict):
            out += changed_fields(a, b, f"{prefix}{key}.")
        elif a != b:
            out.append(f"{prefix}{key}")
    return out


def _keyed(section: str, provider: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    removed = [k for k in old if k not in new]
    for key in (k for k in new if k not in old):
        former = new[key].get("renamed_from") if section == "entry" and isinstance(new[key], dict) else None
        was = next((f for f in former if f in removed), None) if isinstance(former, list) else None
        if was is None:
            out.append(Change(section, provider, key, "added"))
            continue
        removed.remove(was)
        fields = [f for f in changed_fields(old[was], new[key]) if f not in ("id", "renamed_from")]
        out.append(Change(section, provider, key, "renamed", tuple(fields), was))
    out += [Change(section, provider, key, "removed") for key in removed]
    for key in old:
        if key in new and old[key] != new[key]:
            out.append(Change(section, provider, key, "changed", tuple(changed_fields(old[key], new[key]))))
    return out


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every difference from `old` to `new`: provider blocks, entries per provider, categories, groups."""
    out: list[Change] = []
    old_entries, new_entries = old.get("providers") or {}, new.get("providers") or {}
    old_meta, new_meta = old.get("provider_meta") or {}, new.get("provider_meta") or {}
    for pid in sorted(set(old_entries) | set(new_entries)):
        if pid not in old_entries:
            out.append(Change("provider", pid, "", "added"))
        elif pid not in new_entries:
            out.append(Change("provider", pid, "", "removed"))
        elif pid in old_meta and pid in new_meta and old_meta[pid] != new_meta[pid]:
            out.append(Change("provider", pid, "", "changed", tuple(changed_fields(old_meta[pid], new_meta[pid]))))
        out += _keyed("entry", pid, old_entries.get(pid) or {}, new_entries.get(pid) or {})
    out += _keyed("category", "", old.get("categories") or {}, new.get("categories") or {})
    out += _keyed("group", "", old.get("groups") or {}, new.get("groups") or {})
    return sorted(out)


# --- check ------------------------------------------------------------------------------------


def check_history(catalog: Catalog, history_dir: Path, categories_file: str = "catalog/categories.yaml") -> list[str]:
    """Why `check` must fail on history grounds: no snapshot for the current version, a snapshot
    that differs from the current data, or a version below a stored one. Empty when all is well."""
    try:
        stored = load_history(history_dir)
    except HistoryError as exc:
        return exc.problems
    version = catalog.version
    advice = ADVICE.format(categories=categories_file)
    newer = [v for v in stored if version_key(v) > version_key(version)]
    if newer:
        newest = max(newer, key=version_key)
        return [
            f"catalog version {version} is older than the newest snapshot {newest}: "
            f"set a later `version` in {categories_file} and run `wa-errors-build snapshot`"
        ]
    if version not in stored:
        if not stored:
            return [f"catalog version {version} has no snapshot in {history_dir}: run `wa-errors-build snapshot`"]
        newest = max(stored, key=version_key)
        return [
            f"catalog version {version} has no snapshot in {history_dir} (the newest is {newest}): "
            f"if the data changed since {newest}, {advice}; if `version` is already new, run `wa-errors-build snapshot`"
        ]
    current = snapshot(catalog)
    if stored[version] == current:
        return []
    changes = diff(stored[version], current)
    lines = [f"catalog data changed since version {version}: {advice}"]
    lines += [f"  {c}" for c in changes[:MAX_LISTED]]
    if len(changes) > MAX_LISTED:
        lines.append(f"  ... and {len(changes) - MAX_LISTED} more")
    return lines


# --- docs/CHANGES.md ----------------------------------------------------------------------------


def _display(path: Path, root: Path, fallback: str) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return fallback


def _provider_name(pid: str, *snaps: Snapshot) -> str:
    for snap in snaps:
        meta = (snap.get("provider_meta") or {}).get(pid)
        name = meta.get("name") if isinstance(meta, dict) else None
        if isinstance(name, str):
            return name
    return pid


def _section(version: str, previous: str | None, new: Snapshot, old: Snapshot | None, current: bool) -> dict[str, Any]:
    """Template data for one version: what changed since `previous` (or, for the oldest, what it held)."""
    providers = []
    new_entries = new.get("providers") or {}
    if old is None:
        for pid in sorted(new_entries):
            providers.append(
                {
                    "id": pid,
                    "name": _provider_name(pid, new),
                    "status": "first",
                    "entries": len(new_entries[pid]),
                    "block": None,
                    "rows": [],
                }
            )
        return {
            "version": version,
            "previous": None,
            "current": current,
            "providers": providers,
            "vocabulary": [],
            "total": sum(len(e) for e in new_entries.values()),
            "empty": False,
        }
    changes = diff(old, new)
    old_entries = old.get("providers") or {}
    for pid in sorted({c.provider for c in changes if c.provider}):
        mine = [c for c in changes if c.provider == pid]
        block = next((c for c in mine if c.section == "provider"), None)
        status = block.action if block and block.action in ("added", "removed") else ""
        count = len((new_entries if status != "removed" else old_entries).get(pid) or {})
        rows = [] if status else [c for c in mine if c.section == "entry"]
        order = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
        rows.sort(key=lambda c: (order[c.action], c.key))
        providers.append(
            {
                "id": pid,
                "name": _provider_name(pid, new, old),
                "status": status,
                "entries": count,
                "block": block if block and block.action == "changed" else None,
                "rows": rows,
            }
        )
    vocabulary = [c for c in changes if c.section in ("category", "group")]
    return {
        "version": version,
        "previous": previous,
        "current": current,
        "providers": providers,
        "vocabulary": vocabulary,
        "total": sum(len(e) for e in new_entries.values()),
        "empty": not changes,
    }


def render_changes(
    catalog: Catalog,
    history_dir: Path,
    env: jinja2.Environment,
    root: Path | None = None,
) -> str:
    """docs/CHANGES.md: every version, newest first, with what changed since the one before it.

    The stored snapshots are the versions; the current catalog stands for its own version (whether
    or not `snapshot` has written it yet), so this page does not change when the snapshot is taken."""
    states = load_history(history_dir)
    states[catalog.version] = snapshot(catalog)
    versions = sorted(states, key=version_key, reverse=True)
    sections = []
    for i, version in enumerate(versions):
        previous = versions[i + 1] if i + 1 < len(versions) else None
        sections.append(
            _section(
                version, previous, states[version], states[previous] if previous else None, version == catalog.version
            )
        )
    base = root if root is not None else Path.cwd()
    history = _display(history_dir, base, "catalog/history")
    sources = ", ".join([f"{history}/*.json", "catalog/categories.yaml", *(p.source_file for p in catalog.providers)])
    return env.get_template("changes.md.j2").render(sections=sections, history=history, sources=sources)


def default_history_dir(catalog: Catalog, root: Path) -> Path:
    """Where the history of a catalog loaded with `root` lives: beside its provider files."""
    for p in catalog.providers:
        source = root / p.source_file
        if source.is_file():
            return source.parent / HISTORY_DIR
    return root / "catalog" / HISTORY_DIR


def emit_changes(
    catalog: Catalog, root: Path, env: jinja2.Environment, history_dir: Path | None = None
) -> dict[str, str]:
    """{"docs/CHANGES.md": text}, like the emitters in emit.py; the history folder defaults to the
    one beside the catalog's provider files."""
    folder = history_dir if history_dir is not None else default_history_dir(catalog, root)
    return {CHANGES_PATH: render_changes(catalog, folder, env, root)}
