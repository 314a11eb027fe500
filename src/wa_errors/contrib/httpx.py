"""httpx integration: transports that resend what the catalog says is worth resending, and never
a WhatsApp send that may already have gone out.

A transport sees every answer, body included, before the caller does, so it classifies the
real answer (`wa_errors.classify(provider, status, body, headers)`), which a status-only retry
cannot: Green-API's 400 "instance in starting process try later" is retried, its 400 "chatId is
required" is not. It returns the last response and never raises; the caller decides:

    client = httpx.Client(transport=RetryTransport("green-api"))
    r = client.get(url)
    wa_errors.raise_for_response("green-api", response=r)

Waits block the request in progress, so they are capped (`cap`, 60 s by default, on top of each
entry's own ceiling): an entry that advises waiting hours (a quota, Twilio's daily limits) is
something to schedule, not to sleep through inside an HTTP call. Connection errors are not
retried here; `httpx.HTTPTransport(retries=...)` retries failed connects, which never reached the
server, and can be passed as `transport`.

Both the request and every answer are read into memory (a resend needs the request body again, a
classification needs the answer's), so `client.stream(...)` through these transports buffers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

import wa_errors
from wa_errors.contrib._common import ceiling, check_provider, may_duplicate

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport"]


class RetryPolicy:
    """The decision both transports share: wait this long and resend, or hand the answer back.

    `max_attempts` bounds requests in all, the first included (None: the catalog's limit per
    entry). A POST or PATCH whose entry says it may already have taken effect is not resent unless
    `resend_unsafe=True` or the request carries `idempotency_header` (a key the provider
    deduplicates on, so the resend cannot be a second message).
    """

    def __init__(
        self,
        provider: str,
        *,
        max_attempts: int | None = None,
        cap: float | None = 60.0,
        resend_unsafe: bool = False,
        idempotency_header: str | None = None,
    ) -> None:
        check_provider(provider)
        self.provider = provider
        self.max_attempts = max_attempts
        self.cap = cap
        self.resend_unsafe = resend_unsafe
        self.idempotency_header = idempotency_header

    def may_resend(self, request: httpx.Request, entry: wa_errors.Entry) -> bool:
        if self.resend_unsafe or not may_duplicate(entry, request.method):
            return True
        return self.idempotency_header is not None and self.idempotency_header in request.headers

    def delay(self, request: httpx.Request, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before resending `request` after `response`, its answer to attempt number
        `attempt` (1 = the first request); None to return `response` to the caller."""
        if self.max_attempts is not None and attempt >= self.max_attempts:
            return None
        entry = wa_errors.classify(self.provider, response.status_code, response.content, response.headers)
        if not entry.is_error or not entry.retry.retryable or not self.may_resend(request, entry):
            return None
        found = entry.retry.delay(attempt, response.headers.get("retry-after"), cap=ceiling(entry, self.cap))
        return None if found is None else found.seconds


class RetryTransport(httpx.BaseTransport):
    """An `httpx.BaseTransport` wrapping another (by default `httpx.HTTPTransport()`) that resends
    per the catalog; see `RetryPolicy` for the keywords. `sleep` is injectable for tests."""

    def __init__(
        self,
        provider: str,
        transport: httpx.BaseTransport | None = None,
        *,
        max_attempts: int | None = None,
        cap: float | None = 60.0,
        resend_unsafe: bool = False,
        idempotency_header: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = RetryPolicy(
            provider,
            max_attempts=max_attempts,
            cap=cap,
            resend_unsafe=resend_unsafe,
            idempotency_header=idempotency_header,
        )
        self.transport = transport if transport is not None else httpx.HTTPTransport()
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a streamed upload is buffered once, so it can be sent again
        attempt = 1
        while True:
            response = self.transport.handle_request(request)
            response.read()
            delay = self.policy.delay(request, response, attempt)
            if delay is None:
                return response
            response.close()
            self.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """`RetryTransport` for `httpx.AsyncClient`, wrapping `httpx.AsyncHTTPTransport()` by default."""

    def __init__(
        self,
        provider: str,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        max_attempts: int | None = None,
        cap: float | None = 60.0,
        resend_unsafe: bool = False,
        idempotency_header: str | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.policy = RetryPolicy(
            provider,
            max_attempts=max_attempts,
            cap=cap,
            resend_unsafe=resend_unsafe,
            idempotency_header=idempotency_header,
        )
        self.transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self.sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        attempt = 1
        while True:
            response = await self.transport.handle_async_request(request)
            await response.aread()
            delay = self.policy.delay(request, response, attempt)
            if delay is None:
                return response
            await response.aclose()
            await self.sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self.transport.aclose()
