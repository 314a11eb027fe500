"""What every integration asks before a resend, in one place: is the answer worth sending again,
is it safe to send again, and how long to wait.

Private to wa_errors.contrib. Imports only wa_errors, never a retry library, so each integration
module pulls in exactly one third-party package.
"""

from __future__ import annotations

from itertools import count
from typing import TypeGuard

import wa_errors

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
"""Methods whose repetition cannot cause a second action (RFC 9110, 9.2.2). Any other method, and
an unknown one, is treated as a send: a WhatsApp send is a POST."""

UNKNOWN_ERROR_ADVICE = wa_errors.RetryAdvice(policy="backoff")
"""Advice for a failure the catalog has no entry for (a connection error a caller chose to retry):
growing delays and the catalog's default number of retries, so such a loop ends too."""


def may_duplicate(entry: wa_errors.Entry, method: str | None) -> bool:
    """True when resending could repeat what the first request did: the entry says the request may
    already have taken effect (a 499, a 5xx after the message was queued) and the method is not
    idempotent. An unknown method counts as a send, because guessing wrong sends a message twice."""
    return entry.retry.may_have_taken_effect and (method or "").upper() not in IDEMPOTENT_METHODS


def should_retry(exc: BaseException | None, *, resend_unsafe: bool) -> TypeGuard[wa_errors.ProviderError]:
    """True when `exc` is a ProviderError whose entry says a resend can succeed, and the resend
    cannot duplicate a message (or the caller accepted that risk with `resend_unsafe`)."""
    if not isinstance(exc, wa_errors.ProviderError) or not exc.entry.retry.retryable:
        return False
    return resend_unsafe or not may_duplicate(exc.entry, exc.method)


def ceiling(entry: wa_errors.Entry, cap: float | None) -> float | None:
    """`cap` as an extra ceiling on top of the entry's own: the lower one wins.

    `RetryAdvice.delay(cap=...)` replaces the entry's max_delay_seconds; the integrations only ever
    lower it, so a caller's cap of 60 s never stretches an entry documented at 30 s.
    """
    own = entry.retry.max_delay_seconds
    if cap is None or own is None:
        return cap
    return min(cap, own)


def catalog_delay(exc: wa_errors.ProviderError, retry_number: int, cap: float | None = None) -> float | None:
    """Seconds before retry number `retry_number` (1 = first) of the request that raised `exc`, the
    server's Retry-After honoured within the ceiling; None when the catalog says to stop."""
    found = exc.entry.retry.delay(retry_number, exc.retry_after, cap=ceiling(exc.entry, cap))
    return None if found is None else found.seconds


def retries_allowed(advice: wa_errors.RetryAdvice) -> int:
    """How many retries the advice allows, read from `delay` itself (it returns None past the
    limit), so the count follows the package's rule for entries without max_attempts."""
    return next(n for n in count(1) if advice.delay(n) is None) - 1


def check_provider(provider: str) -> None:
    """Raise wa_errors.UnknownProviderError now, at construction, rather than at the first answer."""
    wa_errors.classify(provider)
