"""tenacity integration: `retry=`, `wait=` and `stop=` strategies that take their answers from the
catalog entry of each failure, and `retrying(provider)` composing them.

Why not tenacity's own strategies: `retry_if_exception_type(RateLimited)` cannot know that one
provider's rate limit wants the server's Retry-After honoured while another's gateway error wants a
few retries spaced seconds apart, or that a 499 answering a POST send may already have delivered
the message. The catalog knows, per entry; these strategies read it from `exc.entry` (or, given a
provider, from a returned response) at every attempt.

tenacity's `attempt_number` counts the first call, so after the first failure it is 1, which is
exactly the catalog's retry number (`entry.retry.delay(1, ...)` is the wait before the first retry).

    for attempt in retrying("green-api"):
        with attempt:
            r = httpx.get(url)
            wa_errors.raise_for_response("green-api", response=r)
"""

from __future__ import annotations

from typing import Any

import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base, wait_fixed

import wa_errors
from wa_errors.contrib._common import (
    UNKNOWN_ERROR_ADVICE,
    catalog_delay,
    check_provider,
    should_retry,
)

__all__ = ["async_retrying", "failure", "retry_if_retryable", "retrying", "stop_from_catalog", "wait_from_catalog"]


def _response_error(provider: str, result: object) -> wa_errors.ProviderError | None:
    """The ProviderError a returned HTTP response stands for; None for a success or a non-response."""
    if result is None:  # `with attempt:` blocks and functions returning nothing
        return None
    try:
        wa_errors.raise_for_response(provider, response=result)
    except wa_errors.ProviderError as exc:
        return exc
    except TypeError:  # not a response: a function returning parsed data
        return None
    return None


def failure(retry_state: tenacity.RetryCallState, provider: str | None = None) -> wa_errors.ProviderError | None:
    """The classified failure of the last attempt: the ProviderError it raised or, when `provider`
    is given, the error its returned response stands for. None for a success or an exception the
    catalog does not describe (a connection error)."""
    outcome = retry_state.outcome
    if outcome is None:
        return None
    if outcome.failed:
        exc = outcome.exception()
        return exc if isinstance(exc, wa_errors.ProviderError) else None
    return None if provider is None else _response_error(provider, outcome.result())


class retry_if_retryable(tenacity.retry_base):
    """Retry when the failure's entry says a resend can succeed, never when the resend could
    deliver a message twice.

    A failure is a raised `wa_errors.ProviderError` (or, with `provider=`, a returned response
    classified for that provider). Its entry must be retryable (`entry.retry.retryable`); when the
    entry says the request may already have taken effect (`may_have_taken_effect`: Green-API 499,
    a 5xx after the message was queued) and the method is not idempotent (POST, PATCH, or unknown:
    pass `method=` to raise_for_response when you call it without a response), it is not retried
    unless `resend_unsafe=True`, for callers that deduplicate on their side.

    Keyword-only, so `retry=retry_if_retryable` (the class, not an instance) fails loudly instead
    of retrying everything.
    """

    def __init__(self, *, provider: str | None = None, resend_unsafe: bool = False) -> None:
        self.provider = provider
        self.resend_unsafe = resend_unsafe

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        return should_retry(failure(retry_state, self.provider), resend_unsafe=self.resend_unsafe)


class wait_from_catalog(wait_base):
    """Wait what the failure's entry advises: `entry.retry.delay(attempt, retry_after)`.

    The server's Retry-After wins where the entry says the provider's header is honoured, within the
    entry's ceiling (`cap` can only lower it). `fallback` (seconds, or any tenacity wait) serves
    failures the catalog does not describe; by default the catalog's own growing delays. A wait_base,
    so it composes: `wait_from_catalog() + wait_random(0, 1)` adds jitter.
    """

    def __init__(
        self, *, provider: str | None = None, fallback: wait_base | float | None = None, cap: float | None = None
    ) -> None:
        self.provider = provider
        self.fallback = wait_fixed(fallback) if isinstance(fallback, (int, float)) else fallback
        self.cap = cap

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = failure(retry_state, self.provider)
        seconds = None if exc is None else catalog_delay(exc, retry_state.attempt_number, self.cap)
        if seconds is not None:
            return seconds
        if self.fallback is not None:
            return self.fallback(retry_state)
        return UNKNOWN_ERROR_ADVICE.next_delay(retry_state.attempt_number) or 0.0


class stop_from_catalog(stop_base):
    """Stop when the failure's entry says to: `entry.retry.delay(attempt, ...)` is None once the
    entry's retries are used up (its max_attempts, else the package default).

    `max_attempts`, when given, is a hard ceiling on calls in all, the first included (tenacity's
    own `stop_after_attempt` meaning; the catalog's `retry.max_attempts` counts retries). Failures
    the catalog does not describe stop after the package's default number of retries.
    """

    def __init__(self, *, provider: str | None = None, max_attempts: int | None = None) -> None:
        self.provider = provider
        self.max_attempts = max_attempts

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        number = retry_state.attempt_number
        if self.max_attempts is not None and number >= self.max_attempts:
            return True
        exc = failure(retry_state, self.provider)
        if exc is None:
            return UNKNOWN_ERROR_ADVICE.delay(number) is None
        return exc.entry.retry.delay(number, exc.retry_after) is None


def _last_outcome(retry_state: tenacity.RetryCallState) -> Any:
    """When retries end: raise the last exception, or hand back the last returned response (so
    `retrying(p)(httpx.get, url)` gives the final answer for raise_for_response, like the httpx
    transport does, rather than tenacity's RetryError)."""
    assert retry_state.outcome is not None  # tenacity calls this only after an attempt
    return retry_state.outcome.result()


def _settings(provider: str, overrides: dict[str, Any]) -> dict[str, Any]:
    check_provider(provider)
    resend_unsafe = bool(overrides.pop("resend_unsafe", False))
    settings: dict[str, Any] = {
        "retry": retry_if_retryable(provider=provider, resend_unsafe=resend_unsafe),
        "wait": wait_from_catalog(provider=provider),
        "stop": stop_from_catalog(provider=provider),
        "reraise": True,
        "retry_error_callback": _last_outcome,
    }
    settings.update(overrides)
    return settings


def retrying(provider: str, **overrides: Any) -> tenacity.Retrying:
    """A `tenacity.Retrying` whose retry, wait and stop come from the catalog.

    The wrapped code may raise `wa_errors.ProviderError` (from raise_for_response) or return a
    requests/httpx response, which is classified for `provider`. When retries end, the last
    exception is raised or the last response returned. `resend_unsafe=True` allows resending
    non-idempotent requests that may have taken effect; every other keyword is passed to
    tenacity (`sleep=`, `before_sleep=`, or your own `stop=`/`wait=`).
    """
    return tenacity.Retrying(**_settings(provider, dict(overrides)))


def async_retrying(provider: str, **overrides: Any) -> tenacity.AsyncRetrying:
    """`retrying` for coroutines: a `tenacity.AsyncRetrying` with the same catalog strategies."""
    return tenacity.AsyncRetrying(**_settings(provider, dict(overrides)))
