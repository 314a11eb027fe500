"""How keys and texts are compared, and which index an entry's literals go into.

One definition for both sides: the runtime builds its indexes with `build_indexes` at first use of
a provider, and the build tool (wa_errors_build) checks with `match_tables` and `norm` that no two
entries claim the same key. Standard library only and no relative imports: the build tool loads
this file by path, so it works while the package's generated files are stale or missing.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

MAX_TEXT = 4096
"""Longest string value matched against literals and patterns."""
TITLE_MIN = 12
"""Shortest provider title or message that may be found inside a longer text (or a cut one)."""
TRUNCATED_MIN = 24
"""Shortest cut-off text that may stand for the provider message it begins."""
CONTAINS_MIN = 8
"""Shortest sync literal that may match as a substring of a longer error text."""
HOOK_KINDS = ("message_status", "instance_state", "quota_status", "webhook_event")
"""Kinds whose literals are lookup keys even where the webhook field carrying them is unknown."""
TITLE_KINDS = ("error_code", "error_id", "validation_message")
"""Kinds whose provider title may identify the entry inside a longer text."""

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def norm(text: str) -> str:
    """The form literals are compared in: case-folded, surrounding and repeated whitespace removed."""
    return " ".join(text[:MAX_TEXT].split()).casefold()


def strip_marker(text: str) -> str:
    """Marker key form: `{{SWE001}}`, ` swe001 ` and `SWE001` all become `swe001`."""
    t = norm(text)
    if t.startswith("{{") and t.endswith("}}"):
        t = t[2:-2].strip()
    return t


def loose(text: str) -> str:
    """A text as paste damage leaves it comparable: case-folded, every run of punctuation and
    whitespace one space, so lost quotes, collapsed or stripped spaces and a trailing period
    do not matter ("The 'To' number" and "the To number." compare equal)."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def match_tables(entry: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The indexes an entry's literal goes into; a literal must be unique within each.

    ("marker",) for a webhook marker; ("sync", status) per sync-response surface (one literal may
    mean different things under different statuses: a 429 phrase and a 200 reason); ("hook", type,
    field) per webhook field (type "" when the provider's webhooks do not name their type).
    """
    tables: list[tuple[str, ...]] = []
    surfaces = [s for s in entry.get("surface") or [] if isinstance(s, dict)]
    if entry.get("kind") == "webhook_marker":
        tables.append(("marker",))
    for s in surfaces:
        if s.get("where") == "sync_response":
            tables.append(("sync", str(entry.get("http_status"))))
        elif entry.get("kind") != "webhook_marker" and s.get("field"):
            tables.append(("hook", str(s.get("webhook_type") or ""), str(s["field"])))
    return list(dict.fromkeys(tables))


def _texts(entry: Mapping[str, Any]) -> list[str]:
    return [t for t in [entry.get("literal"), *(entry.get("aliases") or [])] if isinstance(t, str)]


def build_indexes(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Every index the runtime reads, keyed by normalised text or number, valued by entry position.

    Built once per provider at first use (not per call, not shipped): BY_ID, BY_STATUS, BY_TEXT,
    BY_TEXT_STATUS, BY_MARKER, BY_CODE, BY_SUBCODE, BY_HOOK_LITERAL, BY_SIP, HOOK_FIELDS,
    CODE_RANGES, SYNC_PATTERNS, ANY_PATTERNS, SYNC_CONTAINS (longest first), MARKER_RE, TITLES.
    """
    ix: dict[str, Any] = {name: {} for name in ("BY_ID", "BY_STATUS", "BY_TEXT", "BY_TEXT_STATUS", "BY_MARKER",
                                                "BY_CODE", "BY_SUBCODE", "BY_HOOK_LITERAL", "BY_SIP", "HOOK_FIELDS")}
    ranges: list[tuple[int, int, int]] = []
    sync_patterns: list[tuple[str, int]] = []
    any_patterns: list[tuple[str, int]] = []
    marker_parts: list[str] = []
    contains: list[tuple[str, int]] = []
    for i, e in enumerate(entries):
        ix["BY_ID"][e["id"]] = i
        for old in e.get("renamed_from") or []:
            ix["BY_ID"].setdefault(old, i)
        _index_numbers(ix, e, i, ranges)
        tables = match_tables(e)
        for table in tables:
            for t in _texts(e):
                key = norm(t)
                if table[0] == "sync":
                    ix["BY_TEXT"].setdefault(key, i)
                    ix["BY_TEXT_STATUS"].setdefault(f"{table[1]} {key}", i)
                    if len(key) >= CONTAINS_MIN and e["kind"] != "http_status":
                        contains.append((key, i))
                elif table == ("marker",):
                    ix["BY_MARKER"].setdefault(strip_marker(t), i)
                    marker_parts.append(f"(?P<e{i}_{len(marker_parts)}>{re.escape(t)})")
                else:
                    ix["HOOK_FIELDS"].setdefault(table[1], {}).setdefault(table[2], {}).setdefault(key, i)
                    ix["BY_HOOK_LITERAL"].setdefault(key, i)
        if e["kind"] in HOOK_KINDS:
            for t in _texts(e):
                ix["BY_HOOK_LITERAL"].setdefault(norm(t), i)
        for pat in e.get("patterns") or []:
            any_patterns.append((pat["regex"], i))
            if any(t[0] == "sync" for t in tables):
                sync_patterns.append((pat["regex"], i))
            if e["kind"] == "webhook_marker":
                marker_parts.append(f"(?P<e{i}_{len(marker_parts)}>{pat['regex']})")
    contains.sort(key=lambda kv: (-len(kv[0]), kv[1]))
    ix.update(CODE_RANGES=tuple(ranges), SYNC_PATTERNS=tuple(sync_patterns), ANY_PATTERNS=tuple(any_patterns),
              SYNC_CONTAINS=tuple(contains), MARKER_RE="|".join(marker_parts), TITLES=_titles(entries))
    return ix


def _index_numbers(ix: dict[str, Any], e: Mapping[str, Any], i: int, ranges: list[tuple[int, int, int]]) -> None:
    if e["kind"] == "http_status":
        ix["BY_STATUS"][e["http_status"]] = i
    if e["kind"] == "sip_status":
        ix["BY_SIP"][e["sip_status"]] = i
    if e.get("code") is not None:
        if e.get("subcode") is not None:
            ix["BY_SUBCODE"][f"{e['code']}:{e['subcode']}"] = i
        else:
            ix["BY_CODE"][e["code"]] = i
    if e.get("code_range"):
        ranges.append((e["code_range"]["min"], e["code_range"]["max"], i))


def _titles(entries: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, int], ...]:
    """Provider titles and aliases in loose form, longest first: the most specific wins in a text."""
    titles: dict[str, int] = {}
    for i, e in enumerate(entries):
        if e["kind"] in TITLE_KINDS:
            for t in [e.get("provider_title"), *(e.get("aliases") or [])]:
                key = loose(t) if isinstance(t, str) else ""
                if len(key) >= TITLE_MIN:
                    titles.setdefault(key, i)
    return tuple(sorted(titles.items(), key=lambda kv: (-len(kv[0]), kv[1])))
