"""urllib3 integration (and so requests, through `HTTPAdapter(max_retries=...)`): a `Retry` built
from the catalog that never resends a WhatsApp message that may already have been sent.

Why the official Green-API Python client can send a message twice: it mounts
`Retry(total=3, backoff_factor=1.0, allowed_methods=None, status_forcelist=[429])` on its session.
`allowed_methods=None` makes every method retryable, POST sendMessage included, and urllib3 then
resends a POST not only on the forcelisted status but on every read error (a read timeout, a
connection dropped before the answer) and on 413/429/503 carrying Retry-After. A read error, a 499
or a 5xx comes after the request reached the provider: the message may already be queued, and the
resend queues it again. The catalog marks those answers `retry.may_have_taken_effect`; statuses
like a 429 it marks as not processed are safe to resend.

`catalog_retry(provider)` therefore retries only the statuses whose catalog entry is retryable,
only for idempotent methods by default, honours Retry-After within the entry's ceiling and waits
what the entry says. `CatalogRetry` keeps that safe even with `allowed_methods=None`: for a POST
it refuses a status whose entry may have taken effect (or that the catalog does not know) and
re-raises read errors instead of resending, unless `resend_unsafe=True`.

urllib3 decides from the status alone, before the body is read: an error the catalog knows only by
its body (Green-API's 400 "instance in starting process try later", Meta's 130429 sent as 400) is
not retried here; use the httpx transport or the tenacity integration for those.
"""

from __future__ import annotations

import functools
import time
from itertools import takewhile
from types import TracebackType
from typing import TYPE_CHECKING, Any

from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

import wa_errors
from wa_errors.contrib._common import IDEMPOTENT_METHODS, ceiling, check_provider, may_duplicate, retries_allowed

if TYPE_CHECKING:
    from typing_extensions import Self
    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = ["CatalogRetry", "catalog_retry", "retryable_statuses", "status_entry"]


@functools.cache
def status_entry(provider: str, status: int) -> wa_errors.Entry | None:
    """The catalog's entry for an HTTP status of the provider, or None when it documents none.

    Only http_status entries count: `lookup("meta-cloud-api", 408)` finds an On-Premises error
    *code* 408, which says nothing about an HTTP 408 answer.
    """
    hits = wa_errors.find(provider, status)
    return next((e for e in hits if e.kind == "http_status" and e.http_status == status), None)


@functools.cache
def retryable_statuses(provider: str) -> frozenset[int]:
    """Every HTTP status whose catalog entry for the provider says a resend can succeed."""
    check_provider(provider)
    return frozenset(s for s in range(100, 600) if (e := status_entry(provider, s)) is not None and e.is_retryable)


class CatalogRetry(Retry):
    """A urllib3 `Retry` that asks the catalog before each resend and each wait.

    `is_retry` refuses what the entry says will not succeed, what it says is used up, and, for a
    non-idempotent method, any status whose entry may have taken effect or that the catalog does
    not document; `increment` re-raises read errors on such methods instead of resending. `sleep`
    waits the entry's delay (Retry-After honoured within its ceiling; `cap` lowers the ceiling).
    `resend_unsafe=True` lifts the duplicate guard, for callers that deduplicate sends.
    """

    def __init__(
        self, *args: Any, provider: str, resend_unsafe: bool = False, cap: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.resend_unsafe = resend_unsafe
        self.cap = cap

    def new(self, **kw: Any) -> Self:
        """urllib3 builds a new Retry after every attempt; the catalog settings travel with it."""
        kw.setdefault("provider", self.provider)
        kw.setdefault("resend_unsafe", self.resend_unsafe)
        kw.setdefault("cap", self.cap)
        return super().new(**kw)

    def retries_so_far(self) -> int:
        """Consecutive failed attempts of this request, redirects not counted (urllib3's own rule)."""
        return len(list(takewhile(lambda h: h.redirect_location is None, reversed(self.history))))

    def _unsafe(self, method: str | None, entry: wa_errors.Entry | None) -> bool:
        if self.resend_unsafe or (method or "").upper() in IDEMPOTENT_METHODS:
            return False
        return entry is None or may_duplicate(entry, method)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if not super().is_retry(method, status_code, has_retry_after):
            return False
        entry = status_entry(self.provider, status_code)
        if self._unsafe(method, entry):
            return False
        return entry is None or entry.retry.delay(self.retries_so_far() + 1) is not None

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        """A read error means the request reached the server: never resend a send after one."""
        if isinstance(error, (ReadTimeoutError, ProtocolError)) and self._unsafe(method, None):
            raise error.with_traceback(_stacktrace)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def catalog_delay(self, response: BaseHTTPResponse | None) -> float | None:
        """The entry's wait before the next resend of `response`'s request; None when the catalog
        has no entry for its status (urllib3's own backoff applies)."""
        entry = None if response is None else status_entry(self.provider, response.status)
        if entry is None or response is None:
            return None
        header = response.headers.get("Retry-After") if self.respect_retry_after_header else None
        found = entry.retry.delay(max(1, self.retries_so_far()), header, cap=ceiling(entry, self.cap))
        return None if found is None else found.seconds

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        delay = self.catalog_delay(response)
        if delay is None:
            super().sleep(response)
        elif delay > 0:
            time.sleep(delay)


def catalog_retry(provider: str, total: int | None = None, **kw: Any) -> CatalogRetry:
    """A `CatalogRetry` for the provider, with the catalog's defaults.

    status_forcelist: the statuses whose entry is retryable. allowed_methods: idempotent methods
    only, so a POST send is never resent by default (pass `allowed_methods=None` to resend POSTs on
    statuses the catalog says were not processed, such as a 429). total: the most retries any of
    those entries allows. raise_on_status=False: when retries end the last response is returned,
    for `wa_errors.raise_for_response`. Any keyword overrides (`resend_unsafe=`, `cap=` included).
    """
    statuses = retryable_statuses(provider)
    settings: dict[str, Any] = {
        "total": total if total is not None else max((_retries(provider, s) for s in statuses), default=0),
        "status_forcelist": statuses,
        "allowed_methods": IDEMPOTENT_METHODS,
        "respect_retry_after_header": True,
        "raise_on_status": False,
    }
    settings.update(kw)
    return CatalogRetry(provider=provider, **settings)


def _retries(provider: str, status: int) -> int:
    entry = status_entry(provider, status)
    return 0 if entry is None else retries_allowed(entry.retry)
