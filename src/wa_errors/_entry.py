"""The one model of an entry: Entry, RetryAdvice, Surface, Source and their parts.

Field names are the catalog schema's property names (schema/catalog.schema.json), so an entry is
built from its JSON mapping and written back to one generically (`from_mapping`, `to_dict`):
adding a field to the catalog touches the schema, the fields here, and the places that show it.
Fields the catalog does not carry (the provider, what classify observed) are marked RUNTIME.
"""

from __future__ import annotations

import enum
import math
import time
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ._hints import ServerHints

RUNTIME = {"runtime": True}
"""Field metadata: set by the runtime, not written in the catalog (so not in the schema)."""


def _defaults() -> Any:
    """The catalog's retry defaults (categories.yaml `retry_defaults`); a late import, because the
    data module builds its records from the classes defined here."""
    from ._catalog import retry_defaults

    return retry_defaults()


@dataclass(frozen=True, slots=True)
class Delay:
    """One resolved wait before a retry: how long, and what decided it."""

    seconds: float
    source: str
    """"retry_after" (the server's header) or "catalog" (the entry's own delay and backoff)."""
    capped: bool = False
    """True when a ceiling cut the value (the server asked for longer than the ceiling allows)."""
    requested: float | None = None
    """What the server asked for, before the ceiling, when source is retry_after."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a fact came from: the page, the date it was checked, and how sure it is."""

    url: str
    checked: str
    evidence: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Surface:
    """One place an error shows up: a sync response, a status webhook, an instance state..."""

    where: str
    field: str = ""
    webhook_type: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern:
    """A regex for a templated message, with the real texts it must match."""

    regex: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeRange:
    """Numeric codes sharing one meaning (Meta 200-299)."""

    min: int
    max: int

    def __iter__(self) -> Any:
        return iter((self.min, self.max))


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusSeen:
    """An HTTP status an older page of the provider documented for the same error."""

    status: int
    doc_version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MapsTo:
    """An underlying code the provider says this entry corresponds to (Twilio 63016 <- WhatsApp 470)."""

    provider: str
    code: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit:
    """A rate the provider publishes for what this entry limits, with its source."""

    requests: int
    per_seconds: float
    source: Source
    burst: int | None = None
    applies_to: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryAdvice:
    """What to do about retrying, as data; `delay` turns it into a wait and says what decided it.

    Where the entry is silent, the numbers come from categories.yaml `retry_defaults`, in the
    manner of botocore's `__default__`.
    """

    policy: str = "never"
    max_attempts: int | None = None
    delay_seconds: float | None = None
    max_delay_seconds: float | None = None
    respect_retry_after: bool = False
    may_have_taken_effect: bool = False
    documented: bool = False
    note: str = ""

    max_retry_after: ClassVar[float | None] = None
    """Ceiling on a server's Retry-After for entries without max_delay_seconds; None means the
    catalog's `retry_defaults.max_retry_after_seconds` (an hour). Assign on the class to change it."""
    default_max_attempts: ClassVar[int | None] = None
    """Retries allowed when a retryable entry documents no max_attempts (None: the catalog's
    `retry_defaults.max_attempts`), so a loop driven by `next_delay` always ends."""

    @property
    def retryable(self) -> bool:
        """True when resending the same request, unchanged, can succeed (backoff or after a wait)."""
        policy = _defaults().policies.get(self.policy)
        return policy is not None and policy.retryable

    def attempts_allowed(self) -> int:
        """Retries this advice allows: its own max_attempts, else the package-wide default."""
        if self.max_attempts is not None:
            return self.max_attempts
        own = type(self).default_max_attempts
        return own if own is not None else int(_defaults().max_attempts)

    def retry_after_ceiling(self, cap: float | None = None) -> float:
        """The most a server's Retry-After may ask for: `cap`, the entry's max_delay_seconds, the
        class-wide override, else the catalog's default ceiling."""
        for ceiling in (cap, self.max_delay_seconds, type(self).max_retry_after):
            if ceiling is not None:
                return float(ceiling)
        return float(_defaults().max_retry_after_seconds)

    def delay(
        self,
        attempt: int,
        retry_after: str | float | int | None = None,
        *,
        cap: float | None = None,
        hints: ServerHints | None = None,
    ) -> Delay | None:
        """The wait before retry number `attempt` (1 = first retry) and what decided it; None to stop.

        The server's hints (`wa_errors.server_hints`: Retry-After, Green-API's leftTime, Meta's
        usage header) win over the computed delay, but never beyond `retry_after_ceiling(cap)`;
        a Retry-After counts only where the entry says the provider's header is honoured. Meta's
        `is_transient` overrides whether to retry at all. Backoff doubles from `delay_seconds` up
        to `max_delay_seconds`; after_wait keeps the delay.
        """
        transient = hints.transient if hints is not None else None
        retryable = self.retryable if transient is None else transient
        if not retryable or attempt < 1 or attempt > self.attempts_allowed():
            return None
        asked, source = _asked(self, retry_after, hints)
        if asked is not None:
            ceiling = self.retry_after_ceiling(cap)
            return Delay(min(asked, ceiling), source, asked > ceiling, asked)
        base = self.delay_seconds if self.delay_seconds is not None else float(_defaults().first_delay_seconds)
        delay = base if self.policy == "after_wait" else base * (2.0 ** min(attempt - 1, 62))
        ceiling_s = self.max_delay_seconds if cap is None else cap
        source = "catalog" if transient is None else (hints.transient_source if hints is not None else "catalog")
        if ceiling_s is not None and delay > ceiling_s:
            return Delay(float(ceiling_s), source, True)
        return Delay(float(delay), source)

    def next_delay(self, attempt: int, retry_after: str | float | int | None = None) -> float | None:
        """Seconds to wait before retry number `attempt` (1 = first retry), or None to stop.

        The number `delay()` resolves; use `delay()` to learn whether the header or the catalog
        decided it and whether the ceiling cut the server's value.
        """
        found = self.delay(attempt, retry_after)
        return None if found is None else found.seconds

    def describe(self, says: dict[str, str] | None = None) -> str:
        """The advice as one sentence: the same words in the terminal (`wa-errors explain`) and in
        the Markdown docs (the build tool calls this method, passing the policies' words from the
        catalog it is building, `says`, instead of the installed package's)."""
        if says is None:
            says = {name: policy.says for name, policy in _defaults().policies.items()}
        parts = [says.get(self.policy, self.policy)]
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


def _asked(
    advice: RetryAdvice, retry_after: str | float | int | None, hints: ServerHints | None
) -> tuple[float | None, str]:
    """(seconds the server asked for, which hint), or (None, "") to use the catalog's own delay."""
    if hints is not None and hints.delay is not None:
        if hints.delay_source != "retry_after" or advice.respect_retry_after:
            return hints.delay, hints.delay_source
    if advice.respect_retry_after and retry_after is not None:
        header = parse_retry_after(retry_after)
        if header is not None:
            return header, "retry_after"
    return None, ""


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One documented error, marker, status or state of one provider (or a fallback for an undocumented one)."""

    id: str
    kind: str
    title: str
    cause: str
    remediation: str
    category: str
    actor: str
    retry: RetryAdvice = RetryAdvice()
    surface: tuple[Surface, ...] = ()
    source: tuple[Source, ...] = ()
    renamed_from: tuple[str, ...] = ()
    http_status: int | None = None
    sip_status: int | None = None
    http_status_seen: tuple[StatusSeen, ...] = ()
    literal: str | None = None
    aliases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    code: int | None = None
    code_range: CodeRange | None = None
    subcode: int | None = None
    maps_to: tuple[MapsTo, ...] = ()
    provider_title: str | None = None
    since: str | None = None
    until: str | None = None
    legacy: bool = False
    notes: str = ""
    next_action: str = ""
    """What a bot should do next (categories.yaml `next_actions`); the category's default unless
    the provider says something more specific."""
    scope: str = ""
    """What the error blocks (categories.yaml `scopes`): one request, one recipient, the sender..."""
    rate_limit: RateLimit | None = None
    provider: str = field(default="", metadata=RUNTIME)
    documented: bool = field(default=True, metadata=RUNTIME)
    """False for the fallback classify gives an answer the catalog does not know."""
    raw_code: int | None = field(default=None, compare=False, metadata=RUNTIME)
    """For a fallback entry: the provider code found in the body, kept as it was."""
    observed_status: int | None = field(default=None, compare=False, metadata=RUNTIME)
    """For a classified answer whose status contradicts the documented one: the status it came with."""
    origin: str = field(default="", metadata=RUNTIME)
    """Where the entry came from: "" for the shipped catalog, "overlay:<file>" for a team's overlay."""

    @classmethod
    def from_mapping(cls, data: dict[str, Any], **runtime: Any) -> Entry:
        """An entry from its catalog mapping (catalog.json), nested parts included."""
        entry: Entry = build(cls, {**data, **runtime})
        return entry

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources (the catalog's field is `source`, a list)."""
        return self.source

    @property
    def source_url(self) -> str | None:
        """The first source page, the one to read for the provider's own words."""
        return self.source[0].url if self.source else None

    @property
    def docs_url(self) -> str | None:
        return self.source_url

    @property
    def evidence(self) -> str | None:
        """How the entry was confirmed (provider_docs, observed, ...); None for a fallback."""
        return self.source[0].evidence if self.source else None

    @property
    def is_retryable(self) -> bool:
        return self.retry.retryable

    @property
    def key(self) -> str:
        """The literal a caller would see: the code, the Error ID, the marker or the status."""
        if self.code is not None:
            return str(self.code)
        if self.code_range is not None:
            return f"{self.code_range.min}-{self.code_range.max}"
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
        return self.category not in (_NOT_ERRORS or _not_errors())

    def to_problem(
        self, status: int | None = None, detail: str | None = None, instance: str | None = None
    ) -> dict[str, Any]:
        """The answer as RFC 9457 Problem Details (`application/problem+json`): type is the docs
        URL, plus provider, code, category, next_action, scope and retryable (wa_errors.problem)."""
        from .problem import to_problem

        return to_problem(self, status, detail, instance)

    def to_dict(self) -> dict[str, Any]:
        """Every field of the entry as plain JSON-ready data (what `wa-errors --json` prints), plus
        the derived `key`, `is_error`, `retry.retryable`, `source_url` and `evidence`."""
        doc: dict[str, Any] = plain(self)
        doc["retry"]["retryable"] = self.retry.retryable
        doc.update(key=self.key, is_error=self.is_error, source_url=self.source_url, evidence=self.evidence)
        return doc


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryInfo:
    """One category of catalog/categories.yaml, field for field."""

    description: str
    group: str
    exception: str | None
    """Exception class raise_for_response raises; None for the success group (nothing is an error)."""
    retry_policies: tuple[str, ...]
    """Policies an entry may carry; the first is the advice for undocumented answers."""
    status_classes: tuple[int, ...] = ()
    fallback_for: tuple[str, ...] = ()
    """Status classes ("4xx") or exact statuses ("429") whose undocumented answers get this category."""
    next_action: str = ""
    next_actions: tuple[str, ...] = ()
    scope: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """One retry policy of categories.yaml `retry_policies`."""

    retryable: bool
    """Whether resending the same request unchanged can succeed."""
    says: str
    """The policy in a few words, as RetryAdvice.describe() writes it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryDefaults:
    """categories.yaml `retry_defaults`: what applies where an entry says nothing (botocore's __default__)."""

    first_delay_seconds: float
    max_retry_after_seconds: float
    max_attempts: int
    undocumented: RetryAdvice
    """Advice for a retryable answer the catalog does not document (policy from its category)."""
    policies: dict[str, RetryPolicy] = field(default_factory=dict)


_NOT_ERRORS: frozenset[str] = frozenset()


def _not_errors() -> frozenset[str]:
    """Categories whose answers are not errors (no exception: ok, accepted, unexpected_status)."""
    global _NOT_ERRORS
    from ._catalog import categories

    _NOT_ERRORS = frozenset(name for name, info in categories().items() if info.exception is None)
    return _NOT_ERRORS


_RECORDS: dict[str, type] = {}


def _fields_of(cls: type) -> list[tuple[str, str]]:
    return [(f.name, str(f.type)) for f in fields(cls)]


def build(cls: type, data: dict[str, Any]) -> Any:
    """An instance of a record class from a mapping, generically: nested records by their field's
    annotation (`Source`, `tuple[Source, ...]`, `dict[str, RetryPolicy]`), lists as tuples."""
    kwargs = {}
    for name, annotation in _fields_of(cls):
        if name in data:
            kwargs[name] = _convert(annotation, data[name])
    return cls(**kwargs)


def _convert(annotation: str, value: Any) -> Any:
    if value is None:
        return None
    record = next((rec for name, rec in _RECORDS.items() if name in annotation), None)
    if annotation.startswith("dict["):
        return {k: build(record, v) if record else v for k, v in value.items()}
    if annotation.startswith("tuple["):
        return tuple(build(record, v) if record else v for v in value)
    return build(record, value) if record else value


def plain(value: Any) -> Any:
    """Records as dicts of their fields, tuples as lists: the one generic serialisation."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


for _record in (Source, Surface, Pattern, CodeRange, StatusSeen, MapsTo, RateLimit, RetryAdvice, RetryPolicy):
    _RECORDS[_record.__name__] = _record


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
    _provider_: ClassVar[str]
    """The provider id; the generated module sets it."""

    @property
    def entry(self) -> Entry:
        from ._tables import tables

        return tables(type(self)._provider_).entry_for_id(self._value_)

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
    def next_action(self) -> str:
        return self.entry.next_action

    @property
    def scope(self) -> str:
        return self.entry.scope

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
