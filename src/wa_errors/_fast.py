"""The common answers, answered without the general machinery (issue 12's speed targets).

Each function here either returns exactly what the general path in `_api` would return for the
same call, or None, meaning "not sure: take the general path". tests/test_differential.py holds
both paths to the answers recorded before they existed. What makes them fast is what was
computed once per provider in `_tables` (field paths split, needles for markers) and one plain
`json.loads` of a body that starts like a JSON object.
"""

from __future__ import annotations

import json

from ._body import MAX_BODY_BYTES, MAX_TEXT
from ._rules import norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._entry import Entry
    from ._tables import ProviderTables

_CODE_BOUND = 10**12
_MAX_ITEMS = 1000
_MAX_DEPTH = 48
_MAX_NODES = 5000


def json_object(body: object) -> dict[str, Any] | None:
    """The body as a dict when it plainly is one (a dict, or JSON text starting with `{`), else None."""
    if type(body) is dict:
        return body
    if (type(body) is bytes or type(body) is str) and body[:1] in (b"{", "{") and len(body) <= MAX_BODY_BYTES:
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return parsed if type(parsed) is dict else None
    return None


def dig(obj: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a path of plain keys, or None."""
    for key in path:
        if type(obj) is not dict:
            return None
        obj = obj.get(key)  # type: ignore[assignment]
        if obj is None:
            return None
    return obj


def code_of(value: Any) -> int | None:
    """As `_body.as_code`: an int in bounds or a short digit string, never a bool."""
    if type(value) is int:
        return value if -_CODE_BOUND < value < _CODE_BOUND else None
    if type(value) is str:
        t = value.strip()
        return int(t) if t.isdigit() and len(t) <= 12 and t.isascii() else None
    return None


def first_code(parsed: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> int | None:
    for path in paths:
        code = code_of(dig(parsed, path))
        if code is not None:
            return code
    return None


def entry_for_code(chain: list[ProviderTables], code: int, sub: int | None) -> Entry | None:
    for t in chain:
        if sub is not None:
            i = t.by_subcode.get(f"{code}:{sub}")
            if i is not None:
                return t.entry(i)
        i = t.by_code.get(code)
        if i is not None:
            return t.entry(i)
        for lo, hi, j in t.code_ranges:
            if lo <= code <= hi:
                return t.entry(j)
    return None


def classify(chain: list[ProviderTables], status: int | None, parsed: dict[str, Any]) -> Entry | None:
    """The entry for a JSON error body whose code sits at a declared field, or whose first Error ID
    field holds an exact error text (for providers whose codes appear nowhere else); else None."""
    t = chain[0]
    if not t.plain_fields:
        return None
    code = first_code(parsed, t.code_paths)
    if code is not None:
        return entry_for_code(chain, code, first_code(parsed, t.subcode_paths))
    if not t.codes_only_at_fields:
        return None
    for path in t.error_id_paths:
        value = dig(parsed, path)
        if type(value) is str and value.strip():
            n = norm(value[:MAX_TEXT])
            i = t.by_text_status.get(f"{status} {n}")
            if i is None:
                i = t.by_text.get(n)
            if i is None:
                return None
            e = t.entry(i)
            return e if e.is_error else None
    return None


def quiet(parsed: dict[str, Any], chains: list[list[ProviderTables]]) -> bool:
    """True when the general scan would report nothing: no provider rule that reads codes applies,
    no typed webhook field holds a listed value, and no string holds a marker's fixed text."""
    needles: set[str] = set()
    for chain in chains:
        for t in chain:
            if t.webhook_code_fields or t.relay_code_keys or (t.marker_re is not None and t.marker_needles is None):
                return False
            needles.update(t.marker_needles or ())
            kind = parsed.get(t.webhook_type_field) if t.webhook_type_field else ""
            fields = t.hook_fields.get(kind) if type(kind) is str else None
            for field, table in (fields or {}).items():
                if "[" in field:
                    return False
                value = dig(parsed, tuple(field.split(".")))
                if type(value) is str and norm(value) in table:
                    return False
    if not needles:
        return True
    strings: list[str] = []
    if not _strings(parsed, strings, 0, [0]):
        return False  # too big or too deep to be sure: the general path decides
    blob = "\0".join(strings)  # one search per needle; no needle holds a NUL, so none spans two strings
    return not any(n in blob for n in needles)


def _strings(node: Any, out: list[str], depth: int, seen: list[int]) -> bool:
    """Collect every string inside `node`; False when it is too big or deep to be sure of it."""
    values: Any = node.values() if type(node) is dict else node
    seen[0] += len(values)
    if depth > _MAX_DEPTH or len(values) > _MAX_ITEMS or seen[0] > _MAX_NODES:
        return False
    for value in values:
        kind = type(value)
        if kind is str:
            out.append(value)
        elif (kind is dict or kind is list) and not _strings(value, out, depth + 1, seen):
            return False
    return True
