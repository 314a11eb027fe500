"""The immutable records the generated tables are made of: Entry, RetryAdvice, Surface, Source.

Hand-written (not generated) because the generated modules import these types; the data
inside them comes only from catalog/ through `make regen`.
"""

from __future__ import annotations

import enum
import math
import time
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from ._registry import CATEGORIES

RETRYABLE_POLICIES = frozenset({"backoff", "after_wait"})
DEFAULT_FIRST_DELAY = 1.0
"""Seconds before the first retry when an entry says to retry but gives no delay."""
MAX_RETRY_AFTER = 3600.0
"""Ceiling on a server's Retry-After, in seconds, for entries that set no max_delay_seconds.

The header wins over the computed delay, but a server (or a proxy) answering `Retry-After: 86400`
must not park a send loop for a day: callers that want another ceiling assign
`wa_errors.RetryAdvice.max_retry_after` (class-wide) or pass `cap=` to `RetryAdvice.delay`.
"""

_POLICY_WORDS = {
    "not_needed": "nothing to retry",
    "never": "do not retry the same request",
    "backoff": "retry with growing delays",
    "after_fix": "retry only after the cause is fixed",
    "after_wait": "retry after a wait",
}


@dataclass(frozen=True)
class Delay:
    """One resolved wait before a retry: how long, and what decided it."""

    seconds: float
    source: str
    """"retry_after" (the server's header) or "catalog" (the entry's own delay and backoff)."""
    capped: bool = False
    """True when a ceiling cut the value (the server asked for longer than the ceiling allows)."""
    requested: float | None = None
    """What the server asked for, before the ceiling, when source is retry_after."""


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

    max_retry_after: ClassVar[float] = MAX_RETRY_AFTER
    """Package-wide ceiling on a server's Retry-After when the entry sets no max_delay_seconds."""
    default_max_attempts: ClassVar[int] = 5
    """Retries allowed when a retryable entry documents no max_attempts: a loop driven by
    `next_delay` always ends. Assign on the class to change it package-wide."""

    @property
    def retryable(self) -> bool:
        """True when resending the same request, unchanged, can succeed (backoff or after a wait)."""
        return self.policy in RETRYABLE_POLICIES

    def delay(
        self, attempt: int, retry_after: str | float | int | None = None, *, cap: float | None = None
    ) -> Delay | None:
        """The wait before retry number `attempt` (1 = first retry) and what decided it; None to stop.

        A `Retry-After` value (seconds, or an HTTP date) wins over the computed delay when the entry
        says the provider's header is honoured, but never beyond a ceiling: `cap`, else the entry's
        `max_delay_seconds`, else the class-wide `max_retry_after` (an hour unless changed).
        Backoff doubles from `delay_seconds` up to `max_delay_seconds`; after_wait keeps the delay.
        """
        if not self.retryable or attempt < 1:
            return None
        limit = self.max_attempts if self.max_attempts is not None else type(self).default_max_attempts
        if attempt > limit:
            return None
        if self.respect_retry_after and retry_after is not None:
            header = parse_retry_after(retry_after)
            if header is not None:
                ceiling = cap if cap is not None else self.max_delay_seconds
                ceiling = type(self).max_retry_after if ceiling is None else ceiling
                if header > ceiling:
                    return Delay(float(ceiling), "retry_after", True, header)
                return Delay(header, "retry_after", False, header)
        base = self.delay_seconds if self.delay_seconds is not None else DEFAULT_FIRST_DELAY
        delay = base if self.policy == "after_wait" else base * (2.0 ** min(attempt - 1, 62))
        ceiling_s = self.max_delay_seconds if cap is None else cap
        if ceiling_s is not None and delay > ceiling_s:
            return Delay(float(ceiling_s), "catalog", True)
        return Delay(float(delay), "catalog")

    def next_delay(self, attempt: int, retry_after: str | float | int | None = None) -> float | None:
        """Seconds to wait before retry number `attempt` (1 = first retry), or None to stop.

        The number `delay()` resolves; use `delay()` to learn whether the header or the catalog
        decided it and whether the ceiling cut the server's value.
        """
        found = self.delay(attempt, retry_after)
        return None if found is None else found.seconds

    def describe(self) -> str:
        """The advice as one sentence, the same words in the terminal and in the Markdown docs."""
        parts = [_POLICY_WORDS.get(self.policy, self.policy)]
        if self.max_attempts is not None:
            parts.append(f"at most {self.max_attempts} times")
        if self.delay_seconds is not None:
            parts.append(f"first after {self.delay_seconds:g} s")
        if self.max_delay_seconds is not None:
            parts.append(f"delays capped at {self.max_delay_seconds:g} s")
        if self.respect_retry_after:
            parts.append("a Retry-After header wins, within the cap")
        if self.may_have_taken_effect:
            parts.append("the request may already have taken effect, so a blind resend can duplicate a message")
        text = ", ".join(parts) + (" (documented by the provider)." if self.documented else " (our advice).")
        return text + (f" {self.note}" if self.note else "")


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
    sip_status: int | None = None
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
    observed_status: int | None = field(default=None, compare=False)
    """For a classified answer whose status contradicts the documented one: the status it came with."""

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
        if self.sip_status is not None:
            return f"SIP {self.sip_status}"
        if self.kind == "http_status" and self.http_status is not None:
            return str(self.http_status)
        if self.literal is not None:
            return self.literal
        return self.id

    @property
    def is_error(self) -> bool:
        """True when the answer is an error: raise_for_response raises for it exactly then.

        Success categories (ok, accepted) and undocumented 1xx/3xx answers (unexpected_status) are
        not errors; everything else, documented or not, is.
        """
        info = CATEGORIES.get(self.category)
        return info is None or info.exception is not None

    def to_dict(self) -> dict[str, Any]:
        """Every field of the entry as plain JSON-ready data (what `wa-errors --json` prints), plus
        the derived `key`, `is_error`, `retry.retryable`, `source_url` and `evidence`."""
        doc: dict[str, Any] = _plain(self)
        doc["retry"]["retryable"] = self.retry.retryable
        doc.update(key=self.key, is_error=self.is_error, source_url=self.source_url, evidence=self.evidence)
        return doc


def _plain(value: Any) -> Any:
    """Dataclasses as dicts of their fields, tuples as lists: one generic serialisation."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


class CatalogEnum(enum.Enum):
    """Base of the generated per-provider enums: members are entry ids, each carrying its Entry.

    In the manner of `http.HTTPStatus`: data on the member, found by name or by value.
    Members with a code, marker or status also have a short alias name (`SWE001`, `CODE_131047`,
    `HTTP_429`, `SIP_486`) besides the name made from the entry id:

    >>> from wa_errors.providers.green_api import GreenApiError
    >>> GreenApiError.SWE001 is GreenApiError.SWE001_FIRST_MESSAGE_NOT_DECRYPTED
    True
    >>> GreenApiError.SWE001.category, GreenApiError.SWE001.is_retryable
    ('decryption', False)
    >>> from wa_errors.providers.meta_cloud_api import MetaCloudApiError
    >>> MetaCloudApiError.CODE_131047.title
    'Customer service window closed'
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
