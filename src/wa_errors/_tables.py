"""Find a provider's generated tables, loading each module once, on first use, thread-safely."""

from __future__ import annotations

import importlib
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

from ._body import shown as _shown
from ._entry import CatalogEnum, Entry
from ._registry import PROVIDERS, Provider
from .exceptions import UnknownProviderError

_lock = threading.Lock()
_loaded: dict[str, ProviderTables] = {}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_SPELLINGS = {_squash(pid): pid for pid in PROVIDERS}
for _pid, (_name, _module, _cls, _through) in PROVIDERS.items():
    _SPELLINGS.setdefault(_squash(_name), _pid)
    _SPELLINGS.setdefault(_squash(_module), _pid)


def provider_id(provider: object) -> str:
    """The canonical id for any accepted spelling, Provider member or generated enum member."""
    if isinstance(provider, str) and provider in PROVIDERS:
        return provider
    if isinstance(provider, Provider):
        return provider.value
    if isinstance(provider, CatalogEnum):
        return provider.entry.provider
    if isinstance(provider, type) and issubclass(provider, CatalogEnum):
        for pid, (_n, _m, cls, _t) in PROVIDERS.items():
            if cls == provider.__name__:
                return pid
    if isinstance(provider, str):
        found = _SPELLINGS.get(_squash(provider[:100]))
        if found:
            return found
    shown = _shown(provider, 60)
    import difflib  # error path only: keeps `import wa_errors` cheap

    asked = provider[:100] if isinstance(provider, str) else shown
    close = difflib.get_close_matches(asked.casefold(), list(PROVIDERS), n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(PROVIDERS)}"
    raise UnknownProviderError(f"unknown provider {shown}{hint}")


@dataclass
class ProviderTables:
    """A loaded generated module plus the compiled regexes derived from it."""

    id: str
    module: ModuleType

    @property
    def entries(self) -> tuple[Entry, ...]:
        entries: tuple[Entry, ...] = self.module.ENTRIES
        return entries

    def entry(self, index: int) -> Entry:
        entry: Entry = self.module.ENTRIES[index]
        return entry

    @cached_property
    def sync_any(self) -> re.Pattern[str] | None:
        pats = self.module.SYNC_PATTERNS
        return re.compile("|".join(f"(?:{rx})" for rx, _ in pats)) if pats else None

    @cached_property
    def sync_patterns(self) -> tuple[tuple[re.Pattern[str], int], ...]:
        return tuple((re.compile(rx), i) for rx, i in self.module.SYNC_PATTERNS)

    @cached_property
    def any_patterns(self) -> tuple[tuple[re.Pattern[str], int], ...]:
        return tuple((re.compile(rx), i) for rx, i in self.module.ANY_PATTERNS)

    @cached_property
    def marker_re(self) -> re.Pattern[str] | None:
        rx = self.module.MARKER_RE
        return re.compile(rx) if rx else None

    @cached_property
    def code_in_text(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(rx) for rx in self.module.CODE_IN_TEXT)

    @property
    def passes_through(self) -> str | None:
        through: str | None = self.module.PASSES_THROUGH
        return through


def tables(provider: object) -> ProviderTables:
    pid = provider_id(provider)
    found = _loaded.get(pid)
    if found is not None:
        return found
    with _lock:
        found = _loaded.get(pid)
        if found is None:
            module = importlib.import_module(f"wa_errors.providers.{PROVIDERS[pid][1]}")
            found = ProviderTables(pid, module)
            # compile everything now, under the lock, so readers never race on cached_property
            _ = (found.sync_any, found.sync_patterns, found.any_patterns, found.marker_re, found.code_in_text)
            _loaded[pid] = found
    return found


def chain(provider: object) -> list[ProviderTables]:
    """The provider's tables, then those of the providers whose errors it passes through."""
    out = [tables(provider)]
    while out[-1].passes_through and len(out) < 5:
        out.append(tables(out[-1].passes_through))
    return out


_all_chains: list[list[ProviderTables]] = []


def all_chains() -> list[list[ProviderTables]]:
    """Chains of every provider that has rules of its own (not a pure pass-through), built once."""
    if not _all_chains:
        built = [chain(pid) for pid, info in PROVIDERS.items() if not info[3]]
        with _lock:
            if not _all_chains:
                _all_chains.extend(built)
    return _all_chains
