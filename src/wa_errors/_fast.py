"""The common answers, answered without the general machinery (issue 12's speed targets).

Each function here either returns exactly what the general path in `_api` would return for the
same call, or None, meaning "not sure: take the general path". tests/test_differential.py holds
both paths to the answers recorded before they existed. What makes them fast is what was
computed once per provider in `_tables` (field paths split, needles for markers) and one plain
`json.loads` of a body that starts like a JSON object.
"""

from __future__ import annotations

import json
import json.scanner

from ._body import MAX_BODY_BYTES, MAX_TEXT, as_code, int_or_text
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


_scan: Any = json.scanner.make_scanner(json.JSONDecoder(parse_int=int_or_text))  # type: ignore[arg-type]
"""json's own C scanner, called without json.loads' Python wrapper (encoding sniffing, whitespace
regexes), reading numbers as `_body.loads` does: what it parses is what the general path would."""


def parse_object(body: object) -> dict[str, Any] | None:
    """A JSON body that plainly is an object (bytes or text starting with `{`, at most 64 KiB, valid
    UTF-8) parsed as `_body.parse_body` would; None for anything else, which the general path reads."""
    kind = type(body)
    if kind is bytes:
        if body[:1] != b"{" or len(body) > MAX_BODY_BYTES:  # type: ignore[index,arg-type]
            return None
        try:
            text = body.decode()  # type: ignore[attr-defined]
        except UnicodeDecodeError:
            return None
    elif kind is str:
        if body[:1] != "{" or len(body) > MAX_BODY_BYTES:  # type: ignore[index,arg-type]
            return None
        text = body
    else:
        return None
    try:
        parsed, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(text) and text[end:].strip():
        return None  # trailing data: not JSON
    return parsed if type(parsed) is dict else None


def json_object(body: object) -> dict[str, Any] | None:
    """The body as a dict when it plainly is one (a dict, or JSON text starting with `{`), else None:
    parsed once, for the fast path and, when that cannot answer, for the general one."""
    return body if type(body) is dict else parse_object(body)


def dig(obj: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a path of plain keys, or None."""
    for key in path:
        if type(obj) is not dict:
            return None
        obj = obj.get(key)  # type: ignore[assignment]
        if obj is None:
            return None
    return obj



def first_code(parsed: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> int | None:
    for path in paths:
        code = as_code(dig(parsed, path))
        if code is not None:
            return code
    return None


def entry_for_code(chain: list[ProviderTables], code: int, sub: int | None) -> Entry | None:
    """The entry for a provider code (with its subcode, when one is documented), in the provider's
    tables, then in those of the providers it passes through: the one definition both paths use."""
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
    field holds an exact error text (for providers whose codes appear nowhere else); else None.

    Written as one function on purpose: it runs once per error answer in a bot's send loop, and
    each Python call it avoids is a measurable share of parsing the body.
    """
    t = chain[0]
    if not t.plain_fields:
        return None
    for path in t.code_paths:
        value: Any = parsed
        for key in path:
            value = value.get(key) if type(value) is dict else None
        if value is None:
            continue
        code = value if type(value) is int and -_CODE_BOUND < value < _CODE_BOUND else as_code(value)
        if code is not None:
            sub = first_code(parsed, t.subcode_paths) if t.subcode_paths else None
            i = t.by_code.get(code) if sub is None else None
            return t.entry(i) if i is not None else entry_for_code(chain, code, sub)
    if not t.codes_only_at_fields:
        return None
    for path in t.error_id_paths:
        value = parsed
        for key in path:
            value = value.get(key) if type(value) is dict else None
        if type(value) is str and value.strip():
            exact = t.raw_error_text.get(value)
            if exact is not None:
                return t.entry(exact)
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
    key = tuple(map(id, chains))
    needles = _needles[key] if key in _needles else _needles_of(chains, key)
    if needles is None:
        return False
    for chain in chains:
        for t in chain:
            if t.hook_paths:
                kind = parsed.get(t.webhook_type_field) if t.webhook_type_field else ""
                for path, table in (t.hook_paths.get(kind, ()) if type(kind) is str else ()):
                    if path is None:
                        return False  # a field spread over a list: the general path reads it
                    value = dig(parsed, path)
                    if type(value) is str and norm(value) in table:
                        return False
    if not needles:
        return True
    strings: list[str] = []
    if not _strings(parsed, strings, 0, [0]):
        return False  # too big or too deep to be sure: the general path decides
    blob = "\0".join(strings)  # one search per needle; no needle holds a NUL, so none spans two strings
    return not any(n in blob for n in needles)


_needles: dict[tuple[int, ...], tuple[str, ...] | None] = {}


def _needles_of(chains: list[list[ProviderTables]], key: tuple[int, ...]) -> tuple[str, ...] | None:
    """The marker needles of these chains' providers, or None when one of them reads codes or has
    a marker with no fixed text (the fast path cannot speak for it). Kept per set of chains."""
    found: set[str] | None = set()
    for chain in chains:
        for t in chain:
            if t.webhook_code_fields or t.relay_code_keys or (t.marker_re is not None and t.marker_needles is None):
                found = None
            elif found is not None:
                found.update(t.marker_needles or ())
    result = None if found is None else tuple(sorted(found))
    _needles[key] = result
    return result


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
