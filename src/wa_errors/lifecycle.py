"""Message lifecycle: which statuses of an outgoing message are final, their order, and the current
state of one message folded from status webhooks that arrive out of order.

Everything comes from the provider's `lifecycle` block in the catalog (`order`, `final`, `failed`,
`status_field`, `source`); nothing here names a provider or a status. A provider without a block
(Meta, Twilio today) has no lifecycle until one is added to its catalog file; a provider that passes
another's errors through (360dialog -> Meta) uses that provider's block when it has none of its own.

    >>> from wa_errors.lifecycle import fold, lifecycle
    >>> lc = lifecycle("green-api")
    >>> lc.order
    ('pending', 'sent', 'delivered', 'read')
    >>> state = fold([{"status": "read"}, {"status": "sent"}, {"status": "delivered"}], "green-api")
    >>> state.status, state.final, state.ignored
    ('read', True, ('sent', 'delivered'))

The fold rules, applied by `advance` to one event at a time:

1. Every error an event carries is added to `errors` (once), whatever happens to its status.
2. A status the lifecycle does not list is added to `unknown`; the state does not change.
3. The current status again (a redelivered webhook) changes nothing but keeps the earliest timestamp.
4. Once the state is final it is never left: any later status is added to `ignored` (a late `sent`
   does not resurrect a `failed` message; a `failed` after `read` cannot happen per the providers'
   docs, so `read` is kept and the failure's errors are only recorded).
5. A final status ends the message from any non-final state.
6. Otherwise a status is applied only when it is further along `order` than the current one: a
   status never moves backwards (`sent` after `delivered` goes to `ignored`).

With at most one final status among the events, the result does not depend on their arrival order.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache

from . import CatalogError, Entry, Source, _tables, classify, find, scan_webhook
from ._catalog import data
from ._entry import RUNTIME, build
from ._tables import tables

__all__ = [
    "MESSAGE_ID_KEYS",
    "TIMESTAMP_KEYS",
    "Lifecycle",
    "MessageState",
    "NoLifecycleError",
    "accepted_but_failed",
    "advance",
    "fold",
    "lifecycle",
    "webhook_only_failures",
]

MESSAGE_ID_KEYS: tuple[str, ...] = ("idMessage", "id", "message_id", "messageId", "message_uuid", "uuid", "MessageSid")
"""Top-level keys an event's message id is read from, first present wins (Green-API `idMessage`,
Meta status objects `id`, Twilio `MessageSid`...)."""
TIMESTAMP_KEYS: tuple[str, ...] = ("timestamp", "Timestamp", "created_at")
"""Top-level keys an event's time is read from: Unix seconds (int, float or digit string;
milliseconds are recognised by their size) or ISO 8601 (naive means UTC)."""
ERROR_KEYS: tuple[str, ...] = ("error", "errors", "ErrorCode")
"""Keys whose value is an error code, a mapping with a `code`, or a list of those."""


class NoLifecycleError(CatalogError, LookupError):
    """The provider's catalog documents no message lifecycle, so its statuses cannot be folded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lifecycle:
    """One provider's documented message lifecycle (the catalog's `lifecycle` block)."""

    provider: str = field(metadata=RUNTIME)
    """The provider asked about."""
    order: tuple[str, ...]
    """Status literals in the order a message moves through them, intermediate first."""
    final: tuple[str, ...]
    """Statuses after which no further status is expected, successful or not."""
    failed: tuple[str, ...]
    """Statuses that mean the message did not reach the recipient."""
    status_field: str = "status"
    """The field of the status webhook (or journal answer) that holds the literal."""
    note: str = ""
    source: tuple[Source, ...] = ()
    data_from: str = field(default="", metadata=RUNTIME)
    """The provider whose block this is: `provider` itself, or the one it passes through."""

    @property
    def source_urls(self) -> tuple[str, ...]:
        return tuple(s.url for s in self.source)

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status the lifecycle names: `order`, then final and failed ones outside it."""
        return tuple(dict.fromkeys((*self.order, *self.final, *self.failed)))

    @property
    def intermediate(self) -> tuple[str, ...]:
        """Statuses of `order` that are not final: more is expected after them."""
        return tuple(s for s in self.order if s not in self.final)

    def canonical(self, status: object) -> str | None:
        """The lifecycle's spelling of `status` (exact, else case-insensitive), or None if unknown."""
        if not isinstance(status, str):
            return None
        if status in self.statuses:
            return status
        folded = status.strip().casefold()
        return next((s for s in self.statuses if s.casefold() == folded), None)

    def rank(self, status: object) -> int | None:
        """Position in `order`; final or failed statuses outside it rank after all of it; None if unknown."""
        name = self.canonical(status)
        if name is None:
            return None
        return self.order.index(name) if name in self.order else len(self.order)

    def is_final(self, status: object) -> bool:
        return self.canonical(status) in self.final

    def is_failed(self, status: object) -> bool:
        return self.canonical(status) in self.failed

    def entry(self, status: object) -> Entry | None:
        """The catalog's message_status entry for `status` (its meaning and remediation), if any."""
        name = self.canonical(status)
        return None if name is None else _status_entries(self.provider).get(name)


def _chain(pid: str) -> list[str]:
    out = [pid]
    while (nxt := tables(out[-1]).passes_through) and nxt not in out:
        out.append(nxt)
    return out


def _block(pid: str) -> tuple[str, Mapping[str, object]] | None:
    blocks = {p["id"]: p for p in data()["providers"]}
    for owner in _chain(pid):
        found = blocks.get(owner, {}).get("lifecycle")
        if found:
            return owner, found
    return None


@lru_cache(maxsize=32)
def _lifecycle(pid: str) -> Lifecycle | None:
    found = _block(pid)
    if found is None:
        return None
    owner, block = found
    built: Lifecycle = build(Lifecycle, {**block, "provider": pid, "data_from": owner})
    return built


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateSafety:
    """How to stay duplicate-safe when a send's outcome is unknown (a provider's `duplicate_safety`
    block for one operation): the idempotency mechanism, if any, and what to reconcile with."""

    operation: str
    mechanism: str
    """none, client_reference, stable_message_id, biz_opaque_callback_data or idempotency_key."""
    after_ambiguous: str
    """What to do after a timeout, a 499 or a 5xx once the body was sent, before any resend."""
    field: str = ""
    """The request field carrying the mechanism's value, when there is one."""
    reconcile_with: tuple[str, ...] = ()
    """Webhooks or journal methods that show whether the first attempt went out."""
    source: tuple[Source, ...] = ()
    provider: str = dataclasses.field(default="", metadata=RUNTIME)
    """The provider whose block this is (for a reseller, the one it passes through)."""


def duplicate_safety(provider: object, operation: str = "send_message") -> DuplicateSafety | None:
    """The provider's duplicate-safety advice for an operation (its own, else that of the provider
    it passes through), or None when the catalog says nothing about that operation."""
    blocks = {p["id"]: p for p in data()["providers"]}
    for owner in _chain(tables(provider).id):
        for block in blocks.get(owner, {}).get("duplicate_safety") or ():
            if block.get("operation") == operation:
                found: DuplicateSafety = build(DuplicateSafety, {**block, "provider": owner})
                return found
    return None


def lifecycle(provider: object) -> Lifecycle | None:
    """The provider's message lifecycle, or None when its catalog documents none.

    `provider` is any spelling the package accepts; unknown ones raise UnknownProviderError.
    """
    return _lifecycle(tables(provider).id)


def _require(provider: object) -> Lifecycle:
    found = lifecycle(provider)
    if found is None:
        raise NoLifecycleError(f"{tables(provider).id} documents no message lifecycle in the catalog")
    return found


@lru_cache(maxsize=32)
def _status_entries(pid: str) -> dict[str, Entry]:
    """Literal -> message_status entry, the provider's own first, then those it passes through."""
    out: dict[str, Entry] = {}
    for owner in _chain(pid):
        for e in tables(owner).entries:
            if e.kind == "message_status" and e.literal is not None:
                out.setdefault(e.literal, e)
    return out


_tables._on_reset.extend([_lifecycle.cache_clear, _status_entries.cache_clear])  # after an overlay


def webhook_only_failures(
    provider: object, where: Collection[str] | None = ("outgoing_status_webhook",)
) -> tuple[Entry, ...]:
    """Errors that arrive only in webhooks, never in the answer to the send: the send was accepted
    and the failure shows up later.

    An entry counts when it is an error, has surfaces, every surface is a webhook (`where` ends in
    `_webhook`: not `sync_response`, not `instance_state`), and one of them is in `where`; the
    default keeps failures of sent messages (status webhooks), `where=None` keeps any webhook.
    For a pass-through provider (360dialog) the provider's own entries come first, then Meta's.
    """
    pid = tables(provider).id
    out: list[Entry] = []
    for owner in _chain(pid):
        for e in tables(owner).entries:
            if not e.is_error or not e.surface:
                continue
            if not all(s.where.endswith("_webhook") for s in e.surface):
                continue
            if where is not None and not any(s.where in where for s in e.surface):
                continue
            out.append(e)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class MessageState:
    """What the status webhooks seen so far say about one outgoing message; `MessageState()` is
    the state before any of them."""

    message_id: str | None = None
    status: str | None = None
    """The lifecycle's literal of the current status; None until a known status arrived."""
    rank: int = -1
    """The status's position in the lifecycle's `order` (final or failed ones outside it: len(order))."""
    final: bool = False
    failed: bool = False
    errors: tuple[Entry, ...] = ()
    """Every error entry seen in any event, in arrival order, even those of ignored events."""
    updated_at: float | None = None
    """Unix time of the (earliest) event that set the current status, when the event had one."""
    unknown: tuple[str, ...] = ()
    """Statuses the lifecycle does not list, in arrival order; they did not change the state."""
    ignored: tuple[str, ...] = ()
    """Known statuses that arrived too late to count (backwards, or after a final status)."""
    events: int = field(default=0, compare=False)
    """How many events were folded into this state."""


@dataclass(frozen=True, slots=True)
class _Event:
    status: str | None
    message_id: str | None
    timestamp: float | None
    errors: tuple[Entry, ...]


def _first(event: Mapping[str, object], keys: Iterable[str]) -> object:
    for key in keys:
        value = event.get(key)
        if value is not None and value != "":
            return value
    return None


def _timestamp(value: object) -> float | None:
    """Unix seconds from seconds, milliseconds or ISO 8601; None when it cannot be read."""
    if isinstance(value, bool):
        return None
    number: float | None = None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()[:64]
        try:
            number = float(text)
        except ValueError:
            try:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                return None
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.timestamp()
    if number is None or math.isnan(number) or math.isinf(number):
        return None
    return number / 1000.0 if abs(number) >= 1e11 else number


def _codes(value: object) -> list[object]:
    """Error codes in an `error`/`errors` value: a code, a mapping with `code`, or a list of those."""
    if isinstance(value, Mapping):
        value = value.get("code")
    if isinstance(value, (list, tuple)):
        return [c for item in value[:20] for c in _codes(item)]
    if isinstance(value, bool) or value is None or value == "":
        return []
    return [value] if isinstance(value, (int, str)) else []


def _code_entry(pid: str, code: object) -> Entry | None:
    """The error entry for a code from a status event; a documented=False fallback when unknown."""
    number = int(code) if isinstance(code, int) or (isinstance(code, str) and code.strip().isdigit()) else None
    hits = [e for e in find(pid, code) if e.is_error]
    if number is not None:  # a code, not an HTTP status: Meta's code 400 is not the HTTP 400 entry
        hits.sort(key=lambda e: e.code != number)
    if hits:
        return hits[0]
    fallback = classify(pid, None, {"code": code})
    if not fallback.is_error:
        return None
    return replace(fallback, raw_code=number) if fallback.raw_code is None and number is not None else fallback


def _event(event: object, lc: Lifecycle) -> _Event | None:
    """The status, message id, time and errors of one event (see `advance`)."""
    if isinstance(event, (bytes, bytearray, str)):
        try:
            event = json.loads(event)
        except ValueError:
            return None
    if not isinstance(event, Mapping):
        return None
    pid = lc.provider
    status_keys = dict.fromkeys(
        (lc.status_field, "status", *(s.field for e in _status_entries(pid).values() for s in e.surface if s.field))
    )
    raw_status = _first(event, status_keys)
    status = raw_status if isinstance(raw_status, str) else None
    raw_id = _first(event, MESSAGE_ID_KEYS)
    message_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
    errors: list[Entry] = []
    own = lc.entry(status)
    if own is not None and own.is_error:
        errors.append(own)
    for key in ERROR_KEYS:
        for code in _codes(event.get(key)):
            found = _code_entry(pid, code)
            if found is not None:
                errors.append(found)
    errors.extend(f.entry for f in scan_webhook(event, pid))
    return _Event(status, message_id, _timestamp(_first(event, TIMESTAMP_KEYS)), tuple(errors))


def _key(e: Entry) -> tuple[str, str, int | None]:
    return e.provider, e.id, e.raw_code


def advance(state: MessageState, event: object, provider: object) -> MessageState:
    """The state after one more event (the module docstring lists the rules); `state` is unchanged.

    An event is a mapping `{"status": ..., "timestamp": ..., "error": optional code}` or the
    provider's raw status webhook as a dict (or its JSON text): the status is read from the
    lifecycle's `status_field` (Green-API `status`, 2Chat `event`), else `status`, else a field the
    catalog's message_status entries name (Green-API journals' `statusMessage`); the message id from
    MESSAGE_ID_KEYS, the time from TIMESTAMP_KEYS; errors from `error`/`errors`/`ErrorCode` codes, the
    status's own entry when it is an error (Green-API `noAccount`), and whatever `scan_webhook` finds
    in the event (Green-API's `description` marker). Anything that is not a mapping (or JSON text of
    one) only counts in `events`.

    Raises NoLifecycleError when the provider documents no lifecycle, and ValueError when the event
    names a different message than the state.
    """
    lc = _require(provider)
    ev = _event(event, lc)
    if ev is None:
        return replace(state, events=state.events + 1)
    if ev.message_id is not None and state.message_id is not None and ev.message_id != state.message_id:
        raise ValueError(f"event for message {ev.message_id!r} folded into the state of {state.message_id!r}")
    seen = {_key(e) for e in state.errors}
    new_errors = []
    for e in ev.errors:
        if _key(e) not in seen:
            seen.add(_key(e))
            new_errors.append(e)
    base = replace(
        state,
        message_id=state.message_id or ev.message_id,
        errors=state.errors + tuple(new_errors),
        events=state.events + 1,
    )
    if ev.status is None:
        return base
    name, rank = lc.canonical(ev.status), lc.rank(ev.status)
    if name is None or rank is None:
        return replace(base, unknown=base.unknown + (ev.status,))
    if name == state.status:
        times = [t for t in (state.updated_at, ev.timestamp) if t is not None]
        return replace(base, updated_at=min(times) if times else None)
    if state.final or not (lc.is_final(name) or rank > state.rank):
        return replace(base, ignored=base.ignored + (name,))
    return replace(
        base, status=name, rank=rank, final=lc.is_final(name), failed=lc.is_failed(name), updated_at=ev.timestamp
    )


def fold(events: Iterable[object], provider: object, state: MessageState | None = None) -> MessageState:
    """The current state of one message from its status events, in whatever order they arrived;
    `state` continues from an earlier fold (default: nothing seen yet)."""
    current = MessageState() if state is None else state
    for event in events:
        current = advance(current, event, provider)
    return current


def accepted_but_failed(state: MessageState) -> bool:
    """True when a message the provider accepted has really failed: its status is one of the
    lifecycle's `failed` ones. A message that reached a successful final status (read) is never
    failed, even if a late failure event left errors in `state.errors`."""
    return state.failed
