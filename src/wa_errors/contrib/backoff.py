"""backoff integration: a `giveup=` predicate and a wait generator that take their answers from the
catalog entry of each failure.

backoff sends every caught exception into the wait generator (`wait.send(exc)`, since backoff 2.0;
its own `backoff.runtime` relies on it), so `catalog_wait` sees the failure it is timing and can
apply the entry's delay, honour the server's Retry-After within the entry's ceiling, and stop (by
returning: backoff then gives up and re-raises) when the entry's retries are used up.

    @backoff.on_exception(catalog_wait, wa_errors.ProviderError, giveup=giveup, jitter=None)
    def send(...):
        r = requests.post(url, json=...)
        wa_errors.raise_for_response("green-api", response=r)

Pass `jitter=None`: backoff's default `full_jitter` replaces each wait with a random one between 0
and it, which would cut a server's Retry-After short. `max_tries` is unnecessary (the catalog ends
the loop) but still works as an extra ceiling.
"""

from __future__ import annotations

from collections.abc import Generator

from wa_errors.contrib._common import catalog_delay, should_retry

__all__ = ["catalog_wait", "giveup"]


def giveup(exc: Exception, *, resend_unsafe: bool = False) -> bool:
    """True (give up) unless `exc` is a `wa_errors.ProviderError` whose entry says a resend can
    succeed and the resend cannot deliver a message twice.

    A POST (or PATCH, or a request whose method the exception does not know) whose entry says it
    may already have taken effect is given up on, unless `resend_unsafe=True`:
    `giveup=functools.partial(giveup, resend_unsafe=True)`, only if you deduplicate sends yourself.
    """
    return not should_retry(exc, resend_unsafe=resend_unsafe)


def catalog_wait(*, cap: float | None = None, resend_unsafe: bool = False) -> Generator[float, Exception | None, None]:
    """A backoff wait generator yielding the catalog's delay for each failure backoff sends in.

    It stops (backoff gives up and re-raises) on the same failures `giveup` gives up on, and once the
    entry's retries are used up, so it is safe even without `giveup=`. `cap` lowers the entry's
    ceiling on waits; both keywords are passed through `backoff.on_exception(..., cap=30)`.
    """
    exc = yield 0.0  # backoff primes the generator with send(None) and discards this value
    retry_number = 0
    while should_retry(exc, resend_unsafe=resend_unsafe):
        retry_number += 1
        delay = catalog_delay(exc, retry_number, cap)
        if delay is None:
            return
        exc = yield delay
