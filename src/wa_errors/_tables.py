"""A provider's indexes, built once from catalog.json at its first use, thread-safely.

The indexes (by code, status, normalised text, marker...) are computed by `_rules.build_indexes`,
the same function the build tool's checks rely on; nothing here knows a provider by name.
"""

from __future__ import annotations

import re
import threading

from . import _catalog
from ._body import shown as _shown
from ._entry import CatalogEnum, Entry
from ._registry import PROVIDERS, Provider
from ._rules import build_indexes, norm
from .exceptions import UnknownProviderError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_lock = threading.Lock()
_loaded: dict[object, ProviderTables] = {}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_SPELLINGS = {_squash(pid): pid for pid in PROVIDERS}
for _pid, _info in PROVIDERS.items():
    _SPELLINGS.setdefault(_squash(_info.name), _pid)
    _SPELLINGS.setdefault(_squash(_info.module), _pid)


def provider_id(provider: object) -> str:
    """The canonical id for any accepted spelling, Provider member or generated enum member."""
    if isinstance(provider, Provider):
        return provider.value
    if isinstance(provider, str) and provider in PROVIDERS:
        return provider
    if isinstance(provider, CatalogEnum):
        return type(provider)._provider_
    if isinstance(provider, type) and issubclass(provider, CatalogEnum) and hasattr(provider, "_provider_"):
        return provider._provider_
    if isinstance(provider, str):
        key = _squash(provider[:100])
        found = _SPELLINGS.get(key)
        if found:
            return found
        for block in _catalog.data()["providers"]:  # providers an overlay added (wa_errors.load_overlay)
            if key in (_squash(block["id"]), _squash(block["name"])):
                return str(block["id"])
    shown = _shown(provider, 60)
    import difflib  # error path only

    asked = provider[:100] if isinstance(provider, str) else shown
    known = [str(block["id"]) for block in _catalog.data()["providers"]]
    close = difflib.get_close_matches(asked.casefold(), known, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
    raise UnknownProviderError(f"unknown provider {shown}{hint}")


def _leaf_keys(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.rsplit(".", 1)[-1].removesuffix("[]") for p in paths))


class ProviderTables:
    """One provider's rules (where its bodies and webhooks carry codes and texts) and indexes.

    Entries are built from their mappings only when an answer needs them.
    """

    def __init__(self, pid: str, block: dict[str, Any]) -> None:
        self.id = pid
        self.name: str = block["name"]
        self.passes_through: str | None = block.get("passes_through")
        body, hook = block.get("error_body") or {}, block.get("webhook") or {}
        self.error_id_fields: tuple[str, ...] = tuple(body.get("error_id_fields", ()))
        self.code_fields: tuple[str, ...] = tuple(body.get("code_fields", ()))
        self.subcode_fields: tuple[str, ...] = tuple(body.get("subcode_fields", ()))
        self.error_object_keys: tuple[str, ...] = tuple(body.get("error_object_keys", ()))
        self.relay_code_keys: tuple[str, ...] = tuple(body.get("relay_code_keys", ()))
        self.retry_hints: tuple[dict[str, str], ...] = tuple(body.get("retry_hints", ()))
        """Where the provider's answers carry its own retry hints (see _hints)."""
        self.code_in_text = tuple(re.compile(rx) for rx in body.get("code_in_text", ()))
        self.webhook_type_field: str | None = hook.get("type_field")
        self.error_containers: tuple[str, ...] = tuple(hook.get("error_containers", ()))
        self.webhook_code_fields: tuple[str, ...] = tuple(hook.get("code_fields", ()))
        self.code_keys = _leaf_keys(self.code_fields)
        self.sub_keys = _leaf_keys(self.subcode_fields)
        self.code_paths = tuple(tuple(p.split(".")) for p in self.code_fields)
        """Code fields as key tuples, split once (`error.code` -> ("error", "code"))."""
        self.subcode_paths = tuple(tuple(p.split(".")) for p in self.subcode_fields)
        self.error_id_paths = tuple(tuple(p.split(".")) for p in self.error_id_fields if p != "$text")
        self.plain_fields = not any("[" in p for p in (*self.code_fields, *self.subcode_fields, *self.error_id_fields))
        """No field path spreads over a list: the fast path may read them with plain key steps."""
        self.codes_only_at_fields = not (self.error_object_keys or self.relay_code_keys or self.code_in_text)
        """Codes are read only at the declared fields (no error objects, relay keys or codes in text)."""
        self._raw: list[dict[str, Any]] = block["entries"]
        self._built: list[Entry | None] = [None] * len(self._raw)
        ix = build_indexes(self._raw)
        self.by_id: dict[str, int] = ix["BY_ID"]
        self.by_status: dict[int, int] = ix["BY_STATUS"]
        self.by_text: dict[str, int] = ix["BY_TEXT"]
        self.by_text_status: dict[str, int] = ix["BY_TEXT_STATUS"]
        self.by_marker: dict[str, int] = ix["BY_MARKER"]
        self.by_code: dict[int, int] = ix["BY_CODE"]
        self.by_subcode: dict[str, int] = ix["BY_SUBCODE"]
        self.by_hook_literal: dict[str, int] = ix["BY_HOOK_LITERAL"]
        self.by_sip: dict[int, int] = ix["BY_SIP"]
        self.hook_fields: dict[str, dict[str, dict[str, int]]] = ix["HOOK_FIELDS"]
        self.hook_paths = {
            kind: tuple((None if "[" in f else tuple(f.split(".")), table) for f, table in fields.items())
            for kind, fields in self.hook_fields.items()
        }
        """hook_fields with each field split once into keys (None for a field spread over a list)."""
        self.code_ranges: tuple[tuple[int, int, int], ...] = ix["CODE_RANGES"]
        self.sync_contains: tuple[tuple[str, int], ...] = ix["SYNC_CONTAINS"]
        self._short_contains, self._contains_by_word = _word_index(self.sync_contains)
        self.titles: tuple[tuple[str, int], ...] = ix["TITLES"]
        self._titles_by_word, self._titles_by_start = _title_index(self.titles)
        self.sync_patterns = tuple((re.compile(rx), i) for rx, i in ix["SYNC_PATTERNS"])
        self.any_patterns = tuple((re.compile(rx), i) for rx, i in ix["ANY_PATTERNS"])
        sync = ix["SYNC_PATTERNS"]
        self.sync_any = re.compile("|".join(f"(?:{rx})" for rx, _ in sync)) if sync else None
        self.marker_re = re.compile(ix["MARKER_RE"]) if ix["MARKER_RE"] else None
        self.marker_needles: tuple[str, ...] | None = marker_needles(self._raw)
        self.raw_error_text = self._raw_error_text()
        """Error IDs exactly as the catalog spells them -> entry, where the status cannot change the
        answer: the fast path finds the usual body text without normalising it."""

    def _raw_error_text(self) -> dict[str, int]:
        by_norm: dict[str, set[int]] = {}
        for key, i in self.by_text_status.items():
            by_norm.setdefault(key.split(" ", 1)[1], set()).add(i)
        out: dict[str, int] = {}
        for i, e in enumerate(self._raw):
            for text in [e.get("literal"), *(e.get("aliases") or ())]:
                if not isinstance(text, str) or not text.strip():
                    continue
                n = norm(text)
                if by_norm.get(n) == {i} and self.by_text.get(n) == i and self.entry(i).is_error:
                    out.setdefault(text, i)
        return out

    def contained(self, n: str) -> tuple[tuple[str, int], ...] | list[tuple[str, int]]:
        """The sync literals that can be inside the normalised text `n`, in sync_contains order
        (longest first): literals of three words or more only when one of their inner words is a
        word of `n`, so the search does not grow with the catalog."""
        if len(self.sync_contains) <= _SCAN_ALL:
            return self.sync_contains
        found = set(self._short_contains)
        for word in set(n.split(" ")):
            found.update(self._contains_by_word.get(word, ()))
        return [self.sync_contains[k] for k in sorted(found)]

    def titles_within(self, n: str) -> tuple[tuple[str, int], ...] | list[tuple[str, int]]:
        """Titles that can stand as whole words inside the loose text `n`, longest first: a title
        is a candidate only when its rarest word is a word of `n`."""
        if len(self.titles) <= _SCAN_ALL:
            return self.titles
        found: set[int] = set()
        for word in set(n.split(" ")):
            found.update(self._titles_by_word.get(word, ()))
        return [self.titles[k] for k in sorted(found)]

    def titles_starting(self, n: str) -> tuple[tuple[str, int], ...] | list[tuple[str, int]]:
        """Titles that the loose text `n` can be the beginning of, longest first: every word of `n`
        but the last (which may be cut) begins the title, so its first one or two words are a key."""
        if len(self.titles) <= _SCAN_ALL or " " not in n:
            return self.titles
        words = n.split(" ")
        key = " ".join(words[:2]) if len(words) > 2 else words[0]
        return [self.titles[k] for k in self._titles_by_start.get(key, ())]

    def entry(self, index: int) -> Entry:
        """The entry at a position of the provider's list, built on first use."""
        found = self._built[index]
        if found is None:
            found = Entry.from_mapping(self._raw[index], provider=self.id)
            self._built[index] = found
        return found

    def entry_for_id(self, entry_id: str) -> Entry:
        return self.entry(self.by_id[entry_id])

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self.entry(i) for i in range(len(self._raw)))


_SCAN_ALL = 64
"""Up to this many sync literals a plain scan is quicker than the word index."""


def _word_index(contains: tuple[tuple[str, int], ...]) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """(positions of literals under three words, inner word -> positions of the literals holding it).

    A literal found inside a text has its inner words as whole words of that text (its first and
    last word may be cut), so one inner word is a sound key: the rarest, to keep lists short.
    """
    words = [literal.split(" ") for literal, _ in contains]
    counts: dict[str, int] = {}
    for w in words:
        for inner in set(w[1:-1]):
            counts[inner] = counts.get(inner, 0) + 1
    short: list[int] = []
    by_word: dict[str, list[int]] = {}
    for k, w in enumerate(words):
        if len(w) < 3:
            short.append(k)
        else:
            by_word.setdefault(min(w[1:-1], key=lambda x: (counts[x], x)), []).append(k)
    return tuple(short), {word: tuple(ks) for word, ks in by_word.items()}


def _title_index(
    titles: tuple[tuple[str, int], ...],
) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """(rarest word -> title positions, first word and first two words -> title positions), in title order."""
    counts: dict[str, int] = {}
    for title, _ in titles:
        for word in set(title.split(" ")):
            counts[word] = counts.get(word, 0) + 1
    by_word: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    for k, (title, _) in enumerate(titles):
        words = title.split(" ")
        by_word.setdefault(min(words, key=lambda x: (counts[x], x)), []).append(k)
        by_first.setdefault(words[0], []).append(k)
        if len(words) > 1:
            by_first.setdefault(" ".join(words[:2]), []).append(k)
    return ({w: tuple(ks) for w, ks in by_word.items()}, {w: tuple(ks) for w, ks in by_first.items()})


def marker_needles(entries: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """Fixed texts one of which every marker match contains (`{{`, `SWE004:`): a string holding
    none cannot hold a marker. None when some marker pattern has no fixed leading text."""
    found: set[str] = set()
    for e in entries:
        if e["kind"] != "webhook_marker":
            continue
        for text in [e.get("literal"), *(e.get("aliases") or ())]:
            if isinstance(text, str):
                found.add("{{" if text.startswith("{{") else text)
        for pat in e.get("patterns") or ():
            lead = _fixed_lead(pat["regex"])
            if not lead:
                return None
            found.add("{{" if lead.startswith("{{") else lead)
    shortest = sorted(found, key=len)
    return tuple(n for i, n in enumerate(shortest) if not any(m in n for m in shortest[:i]))


def _fixed_lead(regex: str) -> str:
    """The literal text a regex begins with (after a `^`), unescaped; "" when it begins otherwise."""
    out, i = [], 1 if regex.startswith("^") else 0
    while i < len(regex):
        c = regex[i]
        if c == "\\" and i + 1 < len(regex) and not regex[i + 1].isalnum():
            out.append(regex[i + 1])
            i += 2
        elif c.isalnum() or c in " :-_,'\"":
            out.append(c)
            i += 1
        else:
            break
    if i < len(regex) and regex[i] in "?*{" and out:
        out.pop()  # the last character is optional or repeated: not fixed
    return "".join(out)


def tables(provider: object) -> ProviderTables:
    """The provider's tables (by id, spelling, Provider member or enum), loaded on first use."""
    try:
        return _loaded[provider]
    except (KeyError, TypeError):
        pass
    pid = provider_id(provider)
    found = _loaded.get(pid)
    if found is None:
        with _lock:
            found = _loaded.get(pid)
            if found is None:
                found = ProviderTables(pid, _catalog.provider(pid))
                _loaded[pid] = found
    if isinstance(provider, str) and len(_loaded) < 64:
        _loaded.setdefault(provider, found)  # remember a spelling used (bounded)
    return found


_chains: dict[object, list[ProviderTables]] = {}


def chain(provider: object) -> list[ProviderTables]:
    """The provider's tables, then those of the providers whose errors it passes through."""
    try:
        return _chains[provider]
    except (KeyError, TypeError):
        pass
    out = [tables(provider)]
    while out[-1].passes_through and len(out) < 5:
        out.append(tables(out[-1].passes_through))
    if isinstance(provider, str) and len(_chains) < 64:
        _chains[provider] = out
    return out


_all_chains: list[list[ProviderTables]] = []


def reset() -> None:
    """Forget every built index, so the next call rebuilds from `_catalog` data (after an overlay)."""
    with _lock:
        _loaded.clear()
        _chains.clear()
        _all_chains.clear()
        for hook in _on_reset:
            hook()
    from . import _fast

    _fast._needles.clear()


_on_reset: list[Callable[[], None]] = []
"""Caches built on top of the tables (the lookup memo) register their own clearing here."""


def all_chains() -> list[list[ProviderTables]]:
    """Chains of every provider that has rules of its own (not a pure pass-through), built once."""
    if not _all_chains:
        built = [chain(block["id"]) for block in _catalog.data()["providers"] if not block.get("passes_through")]
        with _lock:
            if not _all_chains:
                _all_chains.extend(built)
    return _all_chains
