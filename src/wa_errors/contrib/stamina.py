"""stamina integration: a backoff hook through which the catalog decides whether to retry and how
long to wait, and a `retry` decorator that also tells the hook which retry it is deciding.

stamina lets `on=` be a callable taking the exception: returning False gives up, True retries with
stamina's own backoff, and (since stamina 25.2) a float or timedelta retries after exactly that
long. The hook returns the catalog's delay (the server's Retry-After honoured within the entry's
ceiling) or False: for an exception that is not a `wa_errors.ProviderError`, an entry that says a
resend cannot help, a resend that could deliver a message twice, or used-up retries.

stamina passes the hook the exception only, not the attempt number, so the plain hook
(`stamina.retry(on=on_provider_error, attempts=...)`) cannot grow a backoff: it returns the
catalog's wait before the first retry every time, and stamina's `attempts` bounds the loop. The
`retry` decorator here counts the retries of each call (in a context variable, so threads and
asyncio tasks do not share a count): delays then grow as the entry says and the loop stops when
the entry's retries are used up.

    @wa_errors.contrib.stamina.retry()
    def send(...):
        r = httpx.post(url, json=...)
        wa_errors.raise_for_response("green-api", response=r)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar, cast

import stamina

from wa_errors.contrib._common import catalog_delay, should_retry

__all__ = ["CatalogHook", "on_provider_error", "retry"]

P = ParamSpec("P")
T = TypeVar("T")

_retries: ContextVar[list[int] | None] = ContextVar("wa_errors_contrib_stamina_retries", default=None)
"""The retry count of the call in progress, set by `retry`; None outside it (the plain hook)."""


def _next_retry_number() -> int:
    box = _retries.get()
    if box is None:
        return 1
    box[0] += 1
    return box[0]


class CatalogHook:
    """A stamina `on=` hook: the catalog's delay in seconds, or False to give up.

    `resend_unsafe=True` also retries non-idempotent requests whose entry says they may already have
    taken effect (only if you deduplicate sends yourself); `cap` lowers the entry's ceiling on waits.
    """

    def __init__(self, *, resend_unsafe: bool = False, cap: float | None = None) -> None:
        self.resend_unsafe = resend_unsafe
        self.cap = cap

    def __call__(self, exc: Exception) -> bool | float:
        if not should_retry(exc, resend_unsafe=self.resend_unsafe):
            return False
        delay = catalog_delay(exc, _next_retry_number(), self.cap)
        return False if delay is None else delay


on_provider_error = CatalogHook()
"""The hook with the safe defaults: `stamina.retry(on=on_provider_error, attempts=4)`."""


def _counting(fn: Callable[P, T], retried: Callable[P, T]) -> Callable[P, T]:
    """`retried`, with a fresh retry count for the hook at each call of the decorated function."""
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
            token = _retries.set([0])
            try:
                return await cast(Awaitable[Any], retried(*args, **kwargs))
            finally:
                _retries.reset(token)

        return cast(Callable[P, T], run_async)

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        token = _retries.set([0])
        try:
            return retried(*args, **kwargs)
        finally:
            _retries.reset(token)

    return run


def retry(
    *,
    attempts: int | None = None,
    timeout: float | None = None,
    resend_unsafe: bool = False,
    cap: float | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """`stamina.retry` driven by the catalog, for functions and coroutine functions that raise
    `wa_errors.ProviderError` (call `wa_errors.raise_for_response` inside).

    Delays grow and stop as the failure's entry says. `attempts` and `timeout` are stamina's
    (calls in all, the first included; seconds in all) and default to None: the catalog ends the
    loop. stamina's instrumentation and `stamina.set_testing` apply as usual.
    """
    hook = CatalogHook(resend_unsafe=resend_unsafe, cap=cap)

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        return _counting(fn, stamina.retry(on=hook, attempts=attempts, timeout=timeout)(fn))

    return decorate
