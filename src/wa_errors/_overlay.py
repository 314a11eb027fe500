"""Overlays: a team's own notes, retry overrides or private gateway errors, laid over the catalog.

An overlay file is shaped like a catalog provider file (`provider: {id: ...}` and `entries: [...]`),
in YAML (read with PyYAML) or JSON. For a provider the catalog knows, an entry whose id exists is a
patch (notes, remediation, retry, next_action, scope, category; aliases and sources added) and any
other id is a new entry; a provider id the catalog does not know is a private gateway, with a full
provider block. docs/overlays.md describes the format and the rules.

`load_overlay(path)` merges one file into the data the package reads (thread-safely; loading the
same file again changes nothing) and returns an `OverlayReport`. It validates with the build tool
(`wa_errors_build`, the JSON Schema and the catalog validator) when that is importable, and applies
the checks below without it; every problem is raised at once in an `OverlayError`, as
`file:line:col: message`, and nothing is merged.

The first half of this module is pure (standard library, no package imports): the build tool loads
this file by path, as it loads `_rules.py`, so `wa-errors-build regen --overlay` merges overlays by
the same rules while the package's generated modules are stale.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from .exceptions import CatalogError
except ImportError:  # loaded by file by wa_errors_build, outside the package: only the pure functions run there

    class CatalogError(Exception):  # type: ignore[no-redef]
        """Stands in for wa_errors.CatalogError where the package is not imported."""

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]
Issue = tuple[Path_, str]
"""A problem found in an overlay: where in the overlay document (a path into it) and what."""

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest overlay file read (the catalog's own limit)."""
MAX_DEPTH = 100
"""Deepest JSON nesting accepted."""
LITERAL_FIELDS = ("kind", "literal", "code", "subcode", "code_range", "http_status", "sip_status")
"""What the API returns, so what an entry is found by: a patch may repeat these but never change them."""
SET_FIELDS = ("notes", "remediation", "category", "next_action", "scope")
"""Fields a patch replaces."""
ADD_FIELDS = ("aliases", "source")
"""Lists a patch adds to (items already there are not repeated)."""
ADVICE_FIELDS = ("policy", "max_attempts", "delay_seconds", "max_delay_seconds", "respect_retry_after")
"""Retry fields that make the advice: a patch setting one makes the advice the team's (documented: false)."""
RUNTIME_KEYS = ("origin", "member")
"""Keys of resolved entries that the catalog schema does not have."""
NEW_PROVIDER_NEEDS = ("name", "docs_url", "error_body", "doc_versions")
ENTRY_NEEDS = ("id", "kind", "title", "cause", "remediation", "category", "actor", "surface", "source")
PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
ENTRY_ID = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


class OverlayError(CatalogError, ValueError):
    """An overlay cannot be applied; `problems` lists every reason as `file:line:col: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the overlay; nothing was merged:\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class OverlayReport:
    """What one overlay file changed."""

    file: str
    """The file, as given."""
    origin: str
    """What touched entries carry as `Entry.origin`: "overlay:<file name>"."""
    provider: str
    """The provider the overlay is for."""
    new_provider: bool
    """True when the overlay declared a provider the catalog does not have (a private gateway)."""
    added: tuple[str, ...]
    """Ids of the entries it added."""
    patched: tuple[str, ...]
    """Ids of the catalog entries it patched."""

    @property
    def providers(self) -> tuple[str, ...]:
        return (self.provider,)


# --- reading --------------------------------------------------------------------------------------


class SyntaxProblem(Exception):
    """An overlay that cannot be read: where and why."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


def decode(raw: bytes) -> str:
    """The file's text: UTF-8, a BOM dropped, CRLF read as LF."""
    if len(raw) > MAX_FILE_BYTES:
        raise SyntaxProblem(1, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SyntaxProblem(before.count(b"\n") + 1, col, f"not valid UTF-8: byte 0x{raw[exc.start]:02x}") from None
    return text.replace("\r\n", "\n")


_scanstring: Callable[[str, int, bool], tuple[str, int]] = vars(json.decoder)["scanstring"]
"""The json module's string scanner (C accelerated), which the type stubs do not declare."""
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


class _Json:
    """A JSON parser that records the line and column of every value (the json module does not)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.positions: Positions = {}

    def where(self, i: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, i)
        return line, i - self.starts[line - 1] + 1

    def fail(self, i: int, message: str) -> SyntaxProblem:
        return SyntaxProblem(*self.where(i), f"JSON syntax error: {message}")

    def skip(self, i: int) -> int:
        found = _WS.match(self.text, i)
        return found.end() if found else i

    def value(self, i: int, path: Path_) -> tuple[Any, int]:
        if len(path) > MAX_DEPTH:
            raise self.fail(i, f"nesting deeper than {MAX_DEPTH} levels; refused")
        text = self.text
        self.positions.setdefault(path, self.where(i))
        c = text[i : i + 1]
        if c == "{":
            return self.mapping(i + 1, path)
        if c == "[":
            return self.sequence(i + 1, path)
        if c == '"':
            try:
                return _scanstring(text, i + 1, True)
            except json.JSONDecodeError as exc:
                raise self.fail(exc.pos, exc.msg) from None
        number = _NUMBER.match(text, i)
        if number and number.end() > i:
            try:
                parsed: Any = float(number.group()) if number.group(1) or number.group(2) else int(number.group())
            except ValueError as exc:
                raise self.fail(i, str(exc)) from None
            return parsed, number.end()
        for word, constant in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return constant, i + len(word)
        raise self.fail(i, "expected a value" if i < len(text) else "unexpected end of file")

    def mapping(self, i: int, path: Path_) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        i = self.skip(i)
        if self.text[i : i + 1] == "}":
            return out, i + 1
        while True:
            if self.text[i : i + 1] != '"':
                raise self.fail(i, "expected a property name in double quotes")
            at = self.where(i)
            try:
                key, i = _scanstring(self.text, i + 1, True)
            except json.JSONDecodeError as exc:
                raise self.fail(exc.pos, exc.msg) from None
            if key in out:
                raise SyntaxProblem(*at, f"duplicate key {key!r}; JSON readers would silently keep one")
            self.positions[path + (key,)] = at
            i = self.skip(i)
            if self.text[i : i + 1] != ":":
                raise self.fail(i, "expected ':'")
            out[key], i = self.value(self.skip(i + 1), (*path, key))
            i = self.skip(i)
            if self.text[i : i + 1] == "}":
                return out, i + 1
            if self.text[i : i + 1] != ",":
                raise self.fail(i, "expected ',' or '}'")
            i = self.skip(i + 1)

    def sequence(self, i: int, path: Path_) -> tuple[list[Any], int]:
        out: list[Any] = []
        i = self.skip(i)
        if self.text[i : i + 1] == "]":
            return out, i + 1
        while True:
            item, i = self.value(i, (*path, len(out)))
            out.append(item)
            i = self.skip(i)
            if self.text[i : i + 1] == "]":
                return out, i + 1
            if self.text[i : i + 1] != ",":
                raise self.fail(i, "expected ',' or ']'")
            i = self.skip(i + 1)


def parse_json(text: str) -> tuple[Any, Positions]:
    """A JSON document and the (line, column) of every value in it, keyed by path like the build
    tool's YAML loader (a mapping member at its key). Raises SyntaxProblem."""
    parser = _Json(text)
    if not text.strip():
        raise SyntaxProblem(1, 1, "file is empty")
    data, end = parser.value(parser.skip(0), ())
    end = parser.skip(end)
    if end != len(text):
        raise parser.fail(end, "extra data after the document")
    return data, parser.positions


# --- merging (pure) -------------------------------------------------------------------------------


def did_you_mean(word: str, known: list[str]) -> str:
    import difflib  # error path only

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def source_doc(meta: dict[str, Any], entries: list[dict[str, Any]], categories: dict[str, Any]) -> dict[str, Any]:
    """A provider in the shape of a catalog file, from its resolved data (catalog.json's block, or
    the build tool's resolved entries): runtime keys dropped, and next_action / scope left out where
    they are the category's default, so a category change in a patch brings the new category's."""
    out_meta = {k: v for k, v in meta.items() if k != "entries" and not (k == "passes_through" and v is None)}
    out = []
    for e in entries:
        spec = categories.get(str(e.get("category")), {})
        d = {k: v for k, v in e.items() if k not in RUNTIME_KEYS or k == "origin"}
        for key in ("next_action", "scope"):
            if key in d and d[key] == spec.get(key):
                del d[key]
        out.append(d)
    return {"provider": out_meta, "entries": out}


def strip_runtime(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as the catalog schema knows it (without `origin`)."""
    return {k: v for k, v in entry.items() if k not in RUNTIME_KEYS}


@dataclass
class Merge:
    """One overlay merged into its provider's document, and what was wrong with it."""

    origin: str
    pid: str = ""
    new_provider: bool = False
    doc: dict[str, Any] = field(default_factory=dict)
    """The provider's merged document (catalog-file shape): catalog entries in place, new ones after."""
    overlay_index: dict[str, int] = field(default_factory=dict)
    """Entry id -> its position in the overlay, for every entry the overlay touched."""
    lists: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)
    """(entry id, aliases|source) -> {position in the merged list: position in the overlay's list}."""
    own: dict[str, set[str]] = field(default_factory=dict)
    """Entry id -> the keys the overlay itself wrote for it."""
    added: list[str] = field(default_factory=list)
    patched: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    ok: bool = False
    """False when the overlay's shape is too broken to check its entries."""

    def touched(self) -> list[tuple[int, dict[str, Any]]]:
        """(merged position, entry) of every entry the overlay patched or added."""
        return [(i, e) for i, e in enumerate(self.doc.get("entries", [])) if e.get("id") in self.overlay_index]


def _origin(old: Any, new: str) -> str:
    parts = [p for p in str(old or "").split(",") if p]
    return ",".join([*parts, new] if new not in parts else parts)


def merge(overlay: Any, base: dict[str, dict[str, Any]], origin: str) -> Merge:
    """Merge one overlay document into the provider documents `base` (catalog-file shape, by id).

    Checks what is particular to overlays: the shape, patches that would change a literal or a field
    a patch may not set, a changed provider block, duplicate ids, a new provider's id and its
    passes_through. `base` is not modified."""
    m = Merge(origin)

    def issue(path: Path_, message: str) -> None:
        m.issues.append((path, message))

    if not isinstance(overlay, dict):
        issue((), "an overlay is a mapping with `provider` and `entries`, like a catalog provider file")
        return m
    for key in overlay:
        if key not in ("provider", "entries"):
            issue((key,), f"unknown top-level key {key!r}; an overlay has `provider` and `entries`")
    prov = overlay.get("provider")
    if not isinstance(prov, dict) or not isinstance(prov.get("id"), str):
        issue(("provider",), "provider.id is required: the id of the provider to patch, or of a new one")
        return m
    entries = overlay.get("entries", [])
    if not isinstance(entries, list):
        issue(("entries",), "entries must be a list")
        return m
    pid: str = prov["id"]
    m.pid = pid
    by_id: dict[str, int] = {}
    former: dict[str, str] = {}
    if pid in base:
        base_meta = base[pid]["provider"]
        for key, value in prov.items():
            if key != "id" and value != base_meta.get(key):
                issue(
                    ("provider", key),
                    f"overlay cannot change provider {pid}'s {key}: an overlay on a catalog provider only patches "
                    "or adds entries",
                )
        base_entries: list[dict[str, Any]] = list(base[pid]["entries"])
        for i, e in enumerate(base_entries):
            by_id[e["id"]] = i
            for old in e.get("renamed_from") or []:
                former[old] = e["id"]
        m.doc = {"provider": base_meta, "entries": base_entries}
    else:
        m.new_provider = True
        m.doc = {"provider": prov, "entries": []}
        if not _check_new_provider(prov, base, issue):
            return m
    m.ok = True
    seen: dict[str, int] = {}
    for j, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("id"), str):
            issue(("entries", j), "every overlay entry needs an `id`: an existing entry's to patch it, or a new one")
            continue
        eid: str = e["id"]
        if eid in seen:
            issue(("entries", j, "id"), f"duplicate id {eid!r} (also overlay entry {seen[eid]})")
            continue
        seen[eid] = j
        m.overlay_index[eid] = j
        m.own[eid] = set(e)
        if eid in by_id:
            i = by_id[eid]
            m.doc["entries"][i] = _patch(m, m.doc["entries"][i], e, j, issue)
            m.patched.append(eid)
        elif eid in former:
            issue(("entries", j, "id"), f"{eid!r} is a former id of {pid}/{former[eid]}: patch {former[eid]!r}")
        else:
            m.doc["entries"].append({**e, "origin": origin})
            m.added.append(eid)
    return m


def _check_new_provider(prov: dict[str, Any], base: dict[str, dict[str, Any]], issue: Any) -> bool:
    """Whether a provider the catalog does not have is declared as a new one (else, a typo: stop there)."""
    pid: str = prov["id"]
    if set(prov) == {"id"}:
        issue(
            ("provider", "id"),
            f"unknown provider {pid!r}{did_you_mean(pid, list(base))}: to patch a catalog provider use its id "
            f"({', '.join(base)}); a new provider (a private gateway) needs a full provider block",
        )
        return False
    if not PROVIDER_ID.match(pid):
        issue(("provider", "id"), f"provider id {pid!r} must be lower case letters, digits and '-'")
    for other, doc in base.items():
        meta = doc["provider"]
        spellings = {_squash(other), _squash(str(meta.get("name", ""))), _squash(str(meta.get("code_name", "")))}
        if _squash(pid) in spellings:
            issue(("provider", "id"), f"provider id {pid!r} is another spelling of catalog provider {other!r}")
    through = prov.get("passes_through")
    if through is not None:
        if through == pid or through not in base:
            issue(("provider", "passes_through"), f"passes_through names no other provider: {through!r}")
        elif base[through]["provider"].get("passes_through"):
            issue(
                ("provider", "passes_through"),
                f"passes_through chains {pid} -> {through} -> {base[through]['provider']['passes_through']}; "
                "pass through a provider with errors of its own",
            )
    return True


def _patch(m: Merge, base: dict[str, Any], patch: dict[str, Any], j: int, issue: Any) -> dict[str, Any]:
    out = dict(base)
    eid = base["id"]
    where = f"{m.pid}/{eid}"
    for key, value in patch.items():
        at: Path_ = ("entries", j, key)
        if key == "id":
            continue
        if key in LITERAL_FIELDS:
            if value != base.get(key):
                issue(
                    at,
                    f"overlay changes literal of {where}: {key} {base.get(key)!r} -> {value!r}; what the API "
                    "returns cannot be changed (add an alias, or a new entry)",
                )
        elif key in SET_FIELDS:
            out[key] = value
        elif key == "retry":
            if isinstance(value, dict):
                # advice the team changed is no longer the provider's own, unless the overlay says it is
                old = base.get("retry") or {}
                changed = any(k in value and value[k] != old.get(k) for k in ADVICE_FIELDS)
                out["retry"] = {**old, **({"documented": False} if changed else {}), **value}
            else:
                issue(at, f"retry of {where} must be a mapping of the retry fields to override")
        elif key in ADD_FIELDS:
            if not isinstance(value, list):
                issue(at, f"{key} of {where} must be a list (its items are added to the entry's)")
                continue
            merged = list(base.get(key) or [])
            index: dict[int, int] = {}
            for k, item in enumerate(value):
                if item not in merged:
                    index[len(merged)] = k
                    merged.append(item)
            out[key] = merged
            m.lists[(eid, key)] = index
        elif value != base.get(key):
            issue(
                at,
                f"overlay cannot change {key} of {where}; a patch may set {', '.join(SET_FIELDS)} and retry, "
                f"and add {' and '.join(ADD_FIELDS)}",
            )
    out["origin"] = _origin(base.get("origin"), m.origin)
    return out


def _allowed(spec: dict[str, Any], key: str) -> list[str]:
    return [str(v) for v in spec.get(key) or []]


def category_issues(m: Merge, categories: dict[str, Any], vocabulary: dict[str, Any]) -> list[Issue]:
    """The catalog validator's category rules, for the run time without the build tool: every touched
    entry's category is known and allows its (merged) retry policy, HTTP status class and next_action;
    next_action and scope are known. Worded as the validator words them; what a new category contradicts
    is placed at the overlay's `category`."""
    out: list[Issue] = []
    default_policy = ((m.doc.get("provider", {}).get("defaults") or {}).get("retry") or {}).get("policy", "never")
    for _i, e in m.touched():
        j = m.overlay_index[e["id"]]
        mine = m.own[e["id"]]
        cat = e.get("category")
        if not isinstance(cat, str):
            continue
        blame: Path_ = ("entries", j, "category") if "category" in mine else ("entries", j)
        spec = categories.get(cat)
        if not isinstance(spec, dict):
            known = list(categories)
            out.append(
                (blame, f"unknown category {cat!r}{did_you_mean(cat, known)} (known: {', '.join(sorted(known))})")
            )
            continue
        retry: dict[str, Any] = e["retry"] if isinstance(e.get("retry"), dict) else {}
        policy = retry.get("policy", default_policy)
        if isinstance(policy, str) and policy not in _allowed(spec, "retry_policies"):
            path = blame if "category" in mine or "retry" not in mine else ("entries", j, "retry", "policy")
            out.append(
                (path, f"retry policy {policy!r} contradicts category {cat!r} "
                       f"(allowed: {', '.join(_allowed(spec, 'retry_policies'))})")
            )
        status: Any = e.get("http_status")
        classes = spec.get("status_classes") or []
        if _is_int(status) and status // 100 not in classes:
            out.append(
                (blame, f"HTTP status {status} contradicts category {cat!r} "
                        f"(allowed classes: {', '.join(f'{c}xx' for c in classes) or 'none'})")
            )
        action = e.get("next_action")
        action_at: Path_ = ("entries", j, "next_action") if "next_action" in mine else blame
        actions = vocabulary.get("next_actions") or {}
        if isinstance(action, str) and action not in actions:
            out.append((action_at, f"unknown next_action {action!r}{did_you_mean(action, list(actions))}"))
        elif isinstance(action, str) and action not in _allowed(spec, "next_actions"):
            out.append(
                (action_at, f"next_action {action!r} contradicts category {cat!r} "
                            f"(allowed: {', '.join(_allowed(spec, 'next_actions'))})")
            )
        scope = e.get("scope")
        scopes = vocabulary.get("scopes") or {}
        if isinstance(scope, str) and scope not in scopes:
            scope_at: Path_ = ("entries", j, "scope") if "scope" in mine else blame
            out.append((scope_at, f"unknown scope {scope!r}{did_you_mean(scope, list(scopes))} "
                                  f"(known: {', '.join(scopes)})"))
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and value >= 0


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"^https?://[^\s]+$")


def fallback_issues(m: Merge, schema: dict[str, Any]) -> list[Issue]:
    """What the run time checks when the build tool (jsonschema) is not installed: required fields,
    their types and the schema's closed vocabularies, the key each kind needs, and no status, code or
    literal claimed by two entries. Regexes (patterns, redact rules, code_in_text) are refused there:
    only the build tool checks that a regex is safe to run on untrusted text."""
    defs: dict[str, Any] = schema.get("$defs", {})
    props: dict[str, Any] = defs.get("entry", {}).get("properties", {})

    def enum(spec: dict[str, Any]) -> list[str]:
        return [str(v) for v in spec.get("enum", [])]

    wheres = enum(defs.get("surface", {}).get("properties", {}).get("where", {}))
    evidences = enum(defs.get("source", {}).get("properties", {}).get("evidence", {}))
    retry_props: dict[str, Any] = defs.get("retry", {}).get("properties", {})
    out: list[Issue] = []
    if m.new_provider:
        out += _new_provider_fallback(m.doc["provider"], defs)
    for _i, e in m.touched():
        eid: str = e["id"]
        j = m.overlay_index[eid]
        own = m.own[eid]

        def at(*rest: str | int) -> Path_:
            return ("entries", j, *rest)  # noqa: B023 - used in this iteration only

        if eid in m.added:
            missing = [k for k in ENTRY_NEEDS if k not in e]
            if missing:
                out.append((at(), f"new entry {m.pid}/{eid} needs {', '.join(missing)}"))
            if not ENTRY_ID.match(eid):
                out.append((at("id"), f"entry id {eid!r} must be snake_case (a-z, 0-9, _), starting with a letter"))
            for key in e:
                if key not in props and key not in RUNTIME_KEYS:
                    out.append((at(key), f"unknown field {key!r}{did_you_mean(key, list(props))}"))
            for key, known in (("kind", enum(props.get("kind", {}))), ("actor", enum(props.get("actor", {})))):
                if key in e and e[key] not in known:
                    out.append((at(key), f"{key} {e[key]!r} is not one of {', '.join(known)}"))
            for key in ("title", "cause", "literal", "provider_title"):
                if key in e and not (isinstance(e[key], str) and e[key]):
                    out.append((at(key), f"{key} must be a non-empty string"))
            for key in ("http_status", "code", "subcode", "sip_status"):
                if key in e and not _is_int(e[key]):
                    out.append((at(key), f"{key} must be an integer"))
            surface = e.get("surface")
            if "surface" in e and not (isinstance(surface, list) and surface):
                out.append((at("surface"), "surface must be a non-empty list"))
            for k, s in enumerate(surface if isinstance(surface, list) else []):
                if not isinstance(s, dict) or s.get("where") not in wheres:
                    out.append((at("surface", k), f"surface needs `where`, one of {', '.join(wheres)}"))
            if "patterns" in e:
                out.append((at("patterns"), "patterns need the build tool to check that each regex is safe: "
                                            "pip install 'wa-error-catalog[build]'"))
            kind = e.get("kind")
            need = {"http_status": "http_status", "sip_status": "sip_status"}.get(str(kind))
            if need and need not in e:
                out.append((at(), f"a {kind} entry needs {need}"))
            elif kind == "error_code" and "code" not in e and "code_range" not in e:
                out.append((at(), "an error_code entry needs code or code_range"))
            elif kind not in ("error_code", "http_status", "sip_status") and "literal" not in e:
                out.append((at(), f"a {kind} entry needs literal"))
        for key in ("notes", "remediation", "category", "next_action", "scope"):
            if key in own and not isinstance(e.get(key), str):
                out.append((at(key), f"{key} must be a string"))
        retry = e.get("retry", {})
        if "retry" in own and isinstance(retry, dict):
            for key, value in retry.items():
                if key not in retry_props:
                    out.append((at("retry", key), f"unknown retry field {key!r}{did_you_mean(key, list(retry_props))}"))
                elif key in ("max_attempts",) and not (value is None or (_is_int(value) and value >= 0)):
                    out.append((at("retry", key), f"{key} must be a whole number of at least 0, or null"))
                elif key in ("delay_seconds", "max_delay_seconds") and not (value is None or _is_number(value)):
                    out.append((at("retry", key), f"{key} must be a number of at least 0, or null"))
                elif key in ("respect_retry_after", "may_have_taken_effect", "documented") and not isinstance(
                    value, bool
                ):
                    out.append((at("retry", key), f"{key} must be true or false"))
                elif key in ("policy", "note") and not isinstance(value, str):
                    out.append((at("retry", key), f"{key} must be a string"))
            delay: Any = retry.get("delay_seconds")
            cap: Any = retry.get("max_delay_seconds")
            if _is_number(delay) and _is_number(cap) and delay > cap:
                out.append((at("retry"), f"delay_seconds {delay} is above max_delay_seconds {cap}"))
            if retry.get("policy") == "after_wait" and not _is_number(delay):
                out.append((at("retry"), "an after_wait policy needs delay_seconds (how long to wait)"))
        for k, alias in enumerate(e.get("aliases") or [] if "aliases" in own else []):
            if not (isinstance(alias, str) and alias):
                out.append((at("aliases", k), "an alias must be a non-empty string"))
        sources = e.get("source") if "source" in own else []
        for k, src in enumerate(sources if isinstance(sources, list) else []):
            if not (
                isinstance(src, dict)
                and isinstance(src.get("url"), str)
                and _URL.match(src["url"])
                and isinstance(src.get("checked"), str)
                and _DATE.match(src["checked"])
                and src.get("evidence") in evidences
            ):
                out.append(
                    (at("source", k), "a source needs url (http or https), checked (\"YYYY-MM-DD\") and evidence "
                                      f"({', '.join(evidences)})")
                )
    return out + _claim_issues(m)


def _new_provider_fallback(prov: dict[str, Any], defs: dict[str, Any]) -> list[Issue]:
    out: list[Issue] = []
    known: dict[str, Any] = defs.get("provider", {}).get("properties", {})
    missing = [k for k in NEW_PROVIDER_NEEDS if k not in prov]
    if missing:
        out.append((("provider",), f"a new provider needs {', '.join(missing)}"))
    for key in prov:
        if key not in known:
            out.append((("provider", key), f"unknown provider field {key!r}{did_you_mean(key, list(known))}"))
    if "name" in prov and not (isinstance(prov["name"], str) and prov["name"]):
        out.append((("provider", "name"), "name must be a non-empty string"))
    if "docs_url" in prov and not (isinstance(prov["docs_url"], str) and _URL.match(prov["docs_url"])):
        out.append((("provider", "docs_url"), "docs_url must be an http or https URL"))
    for key in ("error_body", "webhook", "defaults"):
        if key in prov and not isinstance(prov[key], dict):
            out.append((("provider", key), f"{key} must be a mapping"))
    body: dict[str, Any] = prov["error_body"] if isinstance(prov.get("error_body"), dict) else {}
    for key, value in body.items():
        if key == "code_in_text" or not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            why = "a regex needs the build tool to check it is safe" if key == "code_in_text" else "a list of fields"
            out.append((("provider", "error_body", key), f"error_body {key}: {why}"))
    if "redact" in prov:
        out.append((("provider", "redact"), "redact rules are regexes: they need the build tool to check they are "
                                            "safe (pip install 'wa-error-catalog[build]')"))
    versions = prov.get("doc_versions")
    if "doc_versions" in prov and not (isinstance(versions, list) and versions):
        out.append((("provider", "doc_versions"), "doc_versions must be a non-empty list"))
    for k, v in enumerate(versions if isinstance(versions, list) else []):
        if not (isinstance(v, dict) and all(isinstance(v.get(f), str) for f in ("id", "url", "seen"))):
            out.append((("provider", "doc_versions", k), "a doc version needs id, url and seen"))
    return out


def _claims(e: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """The keys an entry is found by, each with the field that carries it."""
    from ._rules import match_tables, norm

    out: list[tuple[tuple[Any, ...], str]] = []
    kind = e.get("kind")
    if kind == "http_status" and _is_int(e.get("http_status")):
        out.append((("status", e["http_status"]), "http_status"))
    if kind == "sip_status" and _is_int(e.get("sip_status")):
        out.append((("sip", e["sip_status"]), "sip_status"))
    if _is_int(e.get("code")):
        out.append((("code", e["code"], e.get("subcode")), "code"))
    texts = [e.get("literal"), *(e.get("aliases") or [])]
    try:
        tables = match_tables(e)
    except (TypeError, AttributeError):
        return out
    for table in tables:
        for text in texts:
            if isinstance(text, str):
                out.append((("text", table, norm(text)), "literal" if text == e.get("literal") else "aliases"))
    return out


def _claim_issues(m: Merge) -> list[Issue]:
    """Statuses, codes, code ranges and literals a touched entry claims that another entry has."""
    out: list[Issue] = []
    entries = m.doc["entries"]
    untouched = [e for e in entries if e.get("id") not in m.overlay_index]
    owner: dict[tuple[Any, ...], str] = {}
    ranges: list[tuple[int, int, str]] = []
    for e in untouched + [e for _i, e in m.touched()]:
        eid = e.get("id")
        j = m.overlay_index.get(str(eid))
        for key, where in _claims(e):
            if key in owner and owner[key] != eid and j is not None:
                what = {"status": "HTTP status", "sip": "SIP status", "code": "code"}.get(key[0], "literal")
                value = key[-1] if key[0] == "text" else key[1]
                out.append((("entries", j, where), f"{what} {value!r} of {m.pid}/{eid} is already claimed by "
                                                   f"entry {owner[key]!r}"))
            owner.setdefault(key, str(eid))
        rng = e.get("code_range")
        if isinstance(rng, dict) and _is_int(rng.get("min")) and _is_int(rng.get("max")):
            for lo, hi, other in ranges:
                if j is not None and rng["min"] <= hi and lo <= rng["max"] and other != eid:
                    out.append((("entries", j, "code_range"), f"code_range {rng['min']}-{rng['max']} of "
                                                              f"{m.pid}/{eid} overlaps {other!r} ({lo}-{hi})"))
            ranges.append((rng["min"], rng["max"], str(eid)))
    return out


def resolve(doc: dict[str, Any], categories: dict[str, Any], retry_base: dict[str, Any]) -> dict[str, Any]:
    """A merged provider document as catalog.json holds it (what the build tool's resolve_entry gives):
    retry defaults merged under each entry's advice, the category's next_action and scope filled in."""
    meta = doc["provider"]
    defaults = (meta.get("defaults") or {}).get("retry") or {}
    block: dict[str, Any] = {"id": meta["id"], **{k: v for k, v in meta.items() if k != "id"}}
    block["passes_through"] = meta.get("passes_through")
    entries = []
    for e in doc["entries"]:
        spec = categories.get(e["category"], {})
        out = dict(e)
        out.setdefault("next_action", spec.get("next_action", ""))
        out.setdefault("scope", spec.get("scope", ""))
        out["retry"] = {**retry_base, **defaults, **(e.get("retry") or {})}
        for key in ("aliases", "patterns", "renamed_from"):
            out.setdefault(key, [])
        out.setdefault("legacy", False)
        entries.append(out)
    block["entries"] = entries
    return block


def position_of(positions: Positions, path: Path_) -> tuple[int, int]:
    """Line and column of the value at `path`, or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        if p in positions:
            return positions[p]
        p = p[:-1]
    return positions.get((), (1, 1))


# --- at run time ------------------------------------------------------------------------------------

_lock = threading.RLock()
"""Serialises load_overlay calls: each reads the state, checks, and swaps the data in."""


@dataclass(frozen=True)
class _Applied:
    key: str
    digest: str
    file: str
    doc: Any
    positions: Positions
    report: OverlayReport | None = None


def load_overlay(path: str | os.PathLike[str]) -> OverlayReport:
    """Lay the overlay file at `path` (YAML, or JSON) over the catalog for this process.

    Entries it patches or adds carry `origin == "overlay:<file name>"`; lookups, classify and the
    enums see the merged data from the next call on. Loading the same file again changes nothing and
    returns the same report; loading it after an edit replaces what it had merged. Raises
    OverlayError (a CatalogError and ValueError) listing every problem as `file:line:col: message`,
    and then merges nothing. Thread-safe.
    """
    from . import _catalog, _tables

    file = os.fspath(path)
    where = Path(file)
    try:
        with open(where, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise OverlayError([f"{file}:1:1: cannot read file: {exc.strerror or exc}"]) from None
    import hashlib

    digest = hashlib.sha256(raw).hexdigest()
    key = str(where.resolve())
    with _lock:
        _catalog.data()
        cache = _catalog._cache
        state: tuple[_Applied, ...] = cache.get("overlays", ())
        for applied in state:
            if applied.key == key and applied.digest == digest and applied.report is not None:
                return applied.report
        doc, positions = _parse(raw, file, where)
        item = _Applied(key, digest, file, doc, positions)
        items = [item if a.key == key else a for a in state]
        if item not in items:
            items.append(item)
        pristine: dict[str, Any] = cache.get("overlay_base") or cache["data"]
        composed, data = _compose(pristine, items)
        with _catalog._lock:
            cache["overlay_base"] = pristine
            cache["data"] = data
            cache["providers"] = {b["id"]: b for b in data["providers"]}
            cache["overlays"] = tuple(composed)
        _tables.reset()
        report = next(a.report for a in composed if a.key == key)
        assert report is not None
        return report


def _parse(raw: bytes, file: str, where: Path) -> tuple[Any, Positions]:
    try:
        text = decode(raw)
        if where.suffix.lower() == ".json":
            return parse_json(text)
    except SyntaxProblem as exc:
        raise OverlayError([f"{file}:{exc.line}:{exc.col}: {exc.message}"]) from None
    try:
        from wa_errors_build.loader import load_yaml
    except ImportError:  # no PyYAML: a file holding JSON is still fine
        try:
            return parse_json(text)
        except SyntaxProblem:
            raise OverlayError(
                [f"{file}:1:1: reading a YAML overlay needs PyYAML (pip install 'wa-error-catalog[build]'); "
                 "or write the overlay as JSON"]
            ) from None
    loaded, problems = load_yaml(where, file)
    if problems or loaded is None:
        raise OverlayError([str(p) for p in problems] or [f"{file}:1:1: cannot read file"])
    loaded.where(())  # the loader may compute positions only when first asked
    return loaded.data, loaded.positions


def _build_checker() -> Any:
    """The build tool's overlay checks (JSON Schema and the catalog validator), or None when it is not
    installed (no PyYAML or jsonschema): then the run time applies `fallback_issues`."""
    import importlib

    try:
        return importlib.import_module("wa_errors_build.overlay")
    except ImportError:
        return None


def _compose(pristine: dict[str, Any], items: list[_Applied]) -> tuple[list[_Applied], dict[str, Any]]:
    """The catalog data with every overlay of `items` merged in order, each checked against the data
    before it; raises OverlayError with every problem of every overlay."""
    from . import _tables
    from ._entry import Entry, RetryAdvice, plain

    categories: dict[str, Any] = pristine["categories"]
    vocabulary = {k: pristine.get(k) or {} for k in ("retry_policies", "next_actions", "scopes")}
    # a provider's retry defaults are merged into its entries in catalog.json (the block may not carry them):
    # a new entry without retry gets what the run time's RetryAdvice defaults to, as resolve() gives it
    retry_base = plain(RetryAdvice())
    base = {
        b["id"]: source_doc({"defaults": {"retry": {"policy": retry_base["policy"]}}, **b}, b["entries"], categories)
        for b in pristine["providers"]
    }
    checker = _build_checker()
    schema: dict[str, Any] = {}
    if checker is None:
        schema = json.loads(Path(__file__).with_name("schema").joinpath("catalog.schema.json").read_text("utf-8"))
    problems: list[str] = []
    composed: list[_Applied] = []
    touched: dict[str, str] = {}
    for item in items:
        origin = f"overlay:{Path(item.file).name}"
        if checker is not None:
            found: list[Any]
            m, found = checker.check_document(item.file, item.doc, item.positions, base, categories, vocabulary, origin)
            found = [str(p) for p in found]
        else:
            m = merge(item.doc, base, origin)
            issues = list(m.issues)
            if m.ok:
                issues += category_issues(m, categories, vocabulary) + fallback_issues(m, schema)
            found = sorted({_located(item, path, message) for path, message in issues}, key=_line_order)
        if found:
            problems += found
            continue
        base[m.pid] = m.doc
        touched[m.pid] = item.file
        report = OverlayReport(item.file, origin, m.pid, m.new_provider, tuple(m.added), tuple(m.patched))
        composed.append(_Applied(item.key, item.digest, item.file, item.doc, item.positions, report))
    if problems:
        raise OverlayError(problems)
    blocks = {b["id"]: b for b in pristine["providers"]}
    for pid, file in touched.items():
        blocks[pid] = resolve(base[pid], categories, retry_base)
        try:  # the data must be usable as it is: indexes built, regexes compiled, every entry built
            tables = _tables.ProviderTables(pid, blocks[pid])
            for e in blocks[pid]["entries"]:
                Entry.from_mapping(e, provider=pid)
            del tables
        except Exception as exc:  # noqa: BLE001 - anything here is a broken overlay, reported as such
            problems.append(f"{file}:1:1: the merged {pid} data cannot be used: {type(exc).__name__}: {exc}")
    if problems:
        raise OverlayError(problems)
    return composed, {**pristine, "providers": [blocks[pid] for pid in sorted(blocks)]}


def _located(item: _Applied, path: Path_, message: str) -> str:
    line, col = position_of(item.positions, path)
    return f"{item.file}:{line}:{col}: {message}"


def _line_order(problem: str) -> tuple[int, int, str]:
    found = re.search(r":(\d+):(\d+): ", problem)
    return (int(found.group(1)), int(found.group(2)), problem) if found else (0, 0, problem)
