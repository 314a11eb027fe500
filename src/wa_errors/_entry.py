"""The immutable records the generated tables are made of: Entry, RetryAdvice, Surface, Source.

Hand-written (not generated) because the generated modules import these types; the data
inside them comes only from catalog/ through `make regen`.
"""

from __future__ import annotations

import enum
import math
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

RETRYABLE_POLICIES = frozenset({"backoff", "after_wait"})
DEFAULT_FIRST_DELAY = 1.0
"""Seconds before the first retry when an entry says to retry but gives no delay."""


@dataclass(frozen=True)
class Source:
    """Where a fact came from: the page, the date it was checked, and how sure it is."""

    url: str
    checked: str
    evidence: str
    note: str = ""


@dataclass(frozen=True)
class Surface:
    """One place an error shows up: a sync response, a status webhook, an instance state..."""

    where: str
    field: str = ""
    webhook_type: str = ""
    note: str = ""


@dataclass(frozen=True)
class RetryAdvice:
    """What to do about retrying, as data; `next_delay` turns it into a sleep."""

    policy: str = "never"
    max_attempts: int | None = None
    delay_seconds: float | None = None
    max_delay_seconds: float | None = None
    respect_retry_after: bool = False
    may_have_taken_effect: bool = False
    documented: bool = False
    note: str = ""

    @property
    def retryable(self) -> bool:
        """True when resending the same request, unchanged, can succeed (backoff or after a wait)."""
        return self.policy in RETRYABLE_POLICIES

    def next_delay(self, attempt: int, retry_after: str | float | int | None = None) -> float | None:
        """Seconds to wait before retry number `attempt` (1 = first retry), or None to stop.

        A `Retry-After` header value (seconds, or an HTTP date) wins over the computed delay when
        the entry says the provider's header should be honoured; a date in the past means 0.
        Backoff doubles from `delay_seconds` up to `max_delay_seconds`; after_wait keeps the delay.
        """
        if not self.retryable or attempt < 1:
            return None
        if self.max_attempts is not None and attempt > self.max_attempts:
            return None
        if self.respect_retry_after and retry_after is not None:
            header = parse_retry_after(retry_after)
            if header is not None:
                return header
        base = self.delay_seconds if self.delay_seconds is not None else DEFAULT_FIRST_DELAY
        if self.policy == "after_wait":
            delay = base
        else:
            delay = base * (2.0 ** min(attempt - 1, 62))
        if self.max_delay_seconds is not None:
            delay = min(delay, self.max_delay_seconds)
        return float(delay)


def parse_retry_after(value: str | float | int, now: float | None = None) -> float | None:
    """A Retry-After header as seconds from now (never negative), or None when it cannot be read."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            seconds = float(value)
        except OverflowError:  # an int beyond any float
            return None
    else:
        text = str(value).strip()[:100]
        try:
            seconds = float(text)
        except ValueError:
            import email.utils  # only HTTP-date headers need it; keeps `import wa_errors` cheap

            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError, OverflowError):
                return None
            if parsed is None:
                return None
            if parsed.tzinfo is None:
                return None
            seconds = parsed.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class Entry:
    """One documented error, marker, status or state of one provider (or a fallback for an undocumented one)."""

    provider: str
    id: str
    kind: str
    title: str
    cause: str
    remediation: str
    category: str
    actor: str
    retry: RetryAdvice
    surface: tuple[Surface, ...] = ()
    http_status: int | None = None
    literal: str | None = None
    aliases: tuple[str, ...] = ()
    code: int | None = None
    code_range: tuple[int, int] | None = None
    subcode: int | None = None
    provider_title: str | None = None
    sources: tuple[Source, ...] = ()
    since: str | None = None
    until: str | None = None
    legacy: bool = False
    notes: str = ""
    http_status_seen: tuple[tuple[int, str], ...] = ()
    maps_to: tuple[tuple[str, int], ...] = ()
    documented: bool = True
    raw_code: int | None = field(default=None, compare=False)
    """For a fallback entry: the provider code found in the body, kept as it was."""

    @property
    def source_url(self) -> str | None:
        """The first source page, the one to read for the provider's own words."""
        return self.sources[0].url if self.sources else None

    @property
    def docs_url(self) -> str | None:
        return self.source_url

    @property
    def evidence(self) -> str | None:
        """How the entry was confirmed (provider_docs, observed, ...); None for a fallback."""
        return self.sources[0].evidence if self.sources else None

    @property
    def is_retryable(self) -> bool:
        return self.retry.retryable

    @property
    def key(self) -> str:
        """The literal a caller would see: the code, the Error ID, the marker or the status."""
        if self.code is not None:
            return str(self.code)
        if self.code_range is not None:
            return f"{self.code_range[0]}-{self.code_range[1]}"
        if self.kind == "http_status" and self.http_status is not None:
            return str(self.http_status)
        if self.literal is not None:
            return self.literal
        return self.id

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields (what `wa-errors --json` prints)."""
        return {
            "provider": self.provider,
            "id": self.id,
            "kind": self.kind,
            "documented": self.documented,
            "http_status": self.http_status,
            "literal": self.literal,
            "aliases": list(self.aliases),
            "code": self.code if self.code is not None else self.raw_code,
            "code_range": list(self.code_range) if self.code_range else None,
            "subcode": self.subcode,
            "provider_title": self.provider_title,
            "title": self.title,
            "cause": self.cause,
            "remediation": self.remediation,
            "category": self.category,
            "actor": self.actor,
            "surface": [{"where": s.where, "field": s.field, "webhook_type": s.webhook_type} for s in self.surface],
            "retry": {
                "policy": self.retry.policy,
                "retryable": self.retry.retryable,
                "max_attempts": self.retry.max_attempts,
                "delay_seconds": self.retry.delay_seconds,
                "max_delay_seconds": self.retry.max_delay_seconds,
                "respect_retry_after": self.retry.respect_retry_after,
                "may_have_taken_effect": self.retry.may_have_taken_effect,
                "documented": self.retry.documented,
            },
            "source_url": self.source_url,
            "evidence": self.evidence,
            "legacy": self.legacy,
        }


class CatalogEnum(enum.Enum):
    """Base of the generated per-provider enums: members are entry ids, each carrying its Entry.

    In the manner of `http.HTTPStatus`: `GreenApiError.SWE001.category`, `.retry`, `.is_retryable`.
    """

    _value_: str
    _entries_: ClassVar[dict[str, Entry]]

    @property
    def entry(self) -> Entry:
        return type(self)._entries_[self._value_]

    @property
    def provider(self) -> str:
        return self.entry.provider

    @property
    def literal(self) -> str | None:
        return self.entry.literal

    @property
    def http_status(self) -> int | None:
        return self.entry.http_status

    @property
    def code(self) -> int | None:
        return self.entry.code

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def remediation(self) -> str:
        return self.entry.remediation

    @property
    def category(self) -> str:
        return self.entry.category

    @property
    def actor(self) -> str:
        return self.entry.actor

    @property
    def retry(self) -> RetryAdvice:
        return self.entry.retry

    @property
    def is_retryable(self) -> bool:
        return self.entry.retry.retryable

    @property
    def docs_url(self) -> str | None:
        return self.entry.docs_url

    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"
