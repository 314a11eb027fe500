"""wa_errors.contrib against the real retry libraries and a local HTTP server answering catalog errors.

Expectations are read from the catalog, never retyped: whether a retry is expected comes from
`entry.retry.retryable` and `may_have_taken_effect`, how many from the entry's retry limit, how
long from `entry.retry.delay`. Waits cost nothing: each library's sleep is replaced by a recorder.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any

import backoff
import httpx
import pytest
import requests
import stamina
import tenacity
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

import wa_errors
import wa_errors.contrib.stamina as wa_stamina
from wa_errors.contrib.backoff import catalog_wait, giveup
from wa_errors.contrib.httpx import AsyncRetryTransport, RetryTransport
from wa_errors.contrib.tenacity import (
    async_retrying,
    retry_if_retryable,
    retrying,
    stop_from_catalog,
    wait_from_catalog,
)
from wa_errors.contrib.urllib3 import catalog_retry

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "retry-libraries.md"
NON_IDEMPOTENT = ("POST", "PATCH")

# --- the local server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b'{"idMessage":"BAE5F4886F6F2D05"}'
    headers: tuple[tuple[str, str], ...] = ()
    drop: bool = False
    """Read the request, then close the connection without answering (a send that may have gone out)."""


OK = Reply()


class Script:
    """What the server answers, in order (then OK), and every request it received."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.replies: list[Reply] = []
        self.requests: list[tuple[str, dict[str, str]]] = []

    def play(self, *replies: Reply) -> None:
        with self.lock:
            self.replies = list(replies)
            self.requests = []

    def next(self, method: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            self.requests.append((method, headers))
            return self.replies.pop(0) if self.replies else OK

    @property
    def methods(self) -> list[str]:
        return [m for m, _ in self.requests]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
    server: ScriptedServer

    def answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = self.server.script.next(self.command, dict(self.headers))
        if reply.drop:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PATCH = answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True
    script: Script


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer(("127.0.0.1", 0), Handler)
    srv.script = Script()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    CLIENT.close()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def script(server: ScriptedServer) -> Script:
    server.script.play()
    return server.script


@pytest.fixture
def url(server: ScriptedServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/waInstance1101000001/sendMessage/token"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait requested, through time.sleep (stamina, backoff, urllib3) or an injected sleep."""
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    return waits


# --- catalog cases -------------------------------------------------------------------------------


def meta_error(code: int) -> bytes:
    error = {"message": f"(#{code}) error", "type": "OAuthException", "code": code, "fbtrace_id": "x"}
    return json.dumps({"error": error}).encode()


QUOTA_BODY = (
    b'{"invokeStatus":{"method":"sendMessage","used":100,"total":100,"status":"QUOTE_EXCEEDED",'
    b'"description":"Monthly quota has been exceeded."}}'
)


@dataclass(frozen=True)
class Case:
    """One scripted catalog error: the answer the server gives, and the entry it stands for."""

    name: str
    provider: str
    key: object
    method: str
    body: bytes = b""
    status: int | None = None
    """None: the entry's own documented status."""

    @property
    def entry(self) -> wa_errors.Entry:
        return wa_errors.lookup(self.provider, self.key)

    @property
    def http_status(self) -> int:
        return self.status or self.entry.http_status or 400

    def reply(self, retry_after: str | None = None) -> Reply:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return Reply(self.http_status, self.body, headers)


def _starting_body() -> bytes:
    literal = wa_errors.lookup("green-api", "instance_starting").literal
    return json.dumps({"statusCode": 400, "message": literal}).encode()


CASES = [
    Case("green-429-get", "green-api", 429, "GET", b"Too Many Requests"),
    Case("green-502-get", "green-api", 502, "GET", b"<html>502 Bad Gateway</html>"),
    Case("green-502-post", "green-api", 502, "POST", b"<html>502 Bad Gateway</html>"),
    Case("green-499-post", "green-api", 499, "POST"),
    Case("green-466-post", "green-api", "method_quota_exhausted", "POST", QUOTA_BODY, 466),
    Case("green-400-starting-get", "green-api", "instance_starting", "GET", _starting_body()),
    Case("meta-130429-post", "meta-cloud-api", 130429, "POST", meta_error(130429)),
    Case("meta-131047-post", "meta-cloud-api", 131047, "POST", meta_error(131047)),
    Case("twilio-63018-post", "twilio", 63018, "POST", b'{"code":63018,"message":"Rate limit","status":400}', 400),
]
BY_NAME = {c.name: c for c in CASES}


def retries_allowed(entry: wa_errors.Entry) -> int:
    """Retries the entry allows: its max_attempts, else the package default (delay() says None past it)."""
    n = next(n for n in count(1) if entry.retry.delay(n) is None) - 1
    if entry.retry.max_attempts is not None:
        assert n == entry.retry.max_attempts
    elif isinstance(getattr(wa_errors.RetryAdvice, "default_max_attempts", None), int):
        assert n == wa_errors.RetryAdvice.default_max_attempts
    return n


def expected_calls(entry: wa_errors.Entry | None, method: str, resend_unsafe: bool = False) -> int:
    if entry is None or not entry.retry.retryable:
        return 1
    if entry.retry.may_have_taken_effect and method in NON_IDEMPOTENT and not resend_unsafe:
        return 1
    return 1 + retries_allowed(entry)


def status_entry(provider: str, status: int) -> wa_errors.Entry | None:
    """The provider's entry for the bare HTTP status (urllib3 decides on the status alone)."""
    try:
        entry = wa_errors.lookup(provider, status)
    except wa_errors.UnknownErrorKey:
        return None
    return entry if entry.kind == "http_status" else None


def entry_seen_by(lib: str, case: Case) -> wa_errors.Entry | None:
    return status_entry(case.provider, case.http_status) if lib == "urllib3" else case.entry


LIB_CAP = {"httpx": 60.0}
"""The cap each integration applies by default on top of the entry's ceiling (the transport's 60 s)."""


def expected_delay(lib: str, entry: wa_errors.Entry, attempt: int, retry_after: str | None = None) -> wa_errors.Delay:
    cap = LIB_CAP.get(lib)
    if cap is not None and entry.retry.max_delay_seconds is not None:
        cap = min(cap, entry.retry.max_delay_seconds)
    found = entry.retry.delay(attempt, retry_after, cap=cap)
    assert found is not None
    return found


# --- one way to send through each library -------------------------------------------------------


def payload(method: str) -> dict[str, str] | None:
    return {"chatId": "79001234567@c.us", "message": "Hello"} if method in NON_IDEMPOTENT else None


CLIENT = httpx.Client(trust_env=False)
"""One client for the plain sends: building one per request costs more than the request."""


def send(provider: str, method: str, url: str) -> httpx.Response:
    r = CLIENT.request(method, url, json=payload(method))
    wa_errors.raise_for_response(provider, response=r)
    return r


def via_tenacity(provider: str, method: str, url: str, sleeps: list[float], unsafe: bool) -> None:
    retrying(provider, sleep=sleeps.append, resend_unsafe=unsafe)(send, provider, method, url)


def via_stamina(provider: str, method: str, url: str, sleeps: list[float], unsafe: bool) -> None:
    wa_stamina.retry(resend_unsafe=unsafe)(send)(provider, method, url)


def via_backoff(provider: str, method: str, url: str, sleeps: list[float], unsafe: bool) -> None:
    decorate = backoff.on_exception(
        catalog_wait,
        wa_errors.ProviderError,
        giveup=functools.partial(giveup, resend_unsafe=unsafe),
        jitter=None,
        logger=None,
        resend_unsafe=unsafe,
    )
    decorate(send)(provider, method, url)


def via_httpx(provider: str, method: str, url: str, sleeps: list[float], unsafe: bool) -> None:
    with httpx.Client(transport=RetryTransport(provider, resend_unsafe=unsafe, sleep=sleeps.append)) as client:
        r = client.request(method, url, json=payload(method))
    wa_errors.raise_for_response(provider, response=r)


def via_urllib3(provider: str, method: str, url: str, sleeps: list[float], unsafe: bool) -> None:
    http = urllib3.PoolManager(retries=catalog_retry(provider, allowed_methods=None, resend_unsafe=unsafe))
    r = http.request(method, url, json=payload(method))
    http.clear()
    wa_errors.raise_for_response(provider, status=r.status, body=r.data, headers=dict(r.headers), method=method)


LIBS: dict[str, Callable[[str, str, str, list[float], bool], None]] = {
    "tenacity": via_tenacity,
    "stamina": via_stamina,
    "backoff": via_backoff,
    "httpx": via_httpx,
    "urllib3": via_urllib3,
}


def run(lib: str, case: Case, url: str, sleeps: list[float], unsafe: bool = False) -> wa_errors.ProviderError | None:
    try:
        LIBS[lib](case.provider, case.method, url, sleeps, unsafe)
    except wa_errors.ProviderError as exc:
        return exc
    return None


# --- the scripted answers mean what the cases say ------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_scripted_answer_classifies_as_its_entry(case: Case) -> None:
    found = wa_errors.classify(case.provider, case.http_status, case.body)
    assert (found.provider, found.id) == (case.entry.provider, case.entry.id)
    assert found.is_error


# --- every library retries exactly what the catalog says, as often as it says ----------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("lib", LIBS)
def test_error_repeated_is_retried_as_often_as_the_catalog_allows(
    lib: str, case: Case, script: Script, url: str, sleeps: list[float]
) -> None:
    expected = expected_calls(entry_seen_by(lib, case), case.method)
    script.play(*[case.reply()] * (expected + 2))
    raised = run(lib, case, url, sleeps)
    assert script.methods == [case.method] * expected
    assert raised is not None and raised.entry.id == case.entry.id


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("lib", LIBS)
def test_error_then_success(lib: str, case: Case, script: Script, url: str, sleeps: list[float]) -> None:
    retried = expected_calls(entry_seen_by(lib, case), case.method) > 1
    script.play(case.reply(), OK)
    raised = run(lib, case, url, sleeps)
    assert len(script.requests) == (2 if retried else 1)
    assert (raised is None) == retried


@pytest.mark.parametrize("lib", LIBS)
def test_sequence_of_errors_waits_the_catalog_delays(lib: str, script: Script, url: str, sleeps: list[float]) -> None:
    rate, gateway = BY_NAME["green-429-get"], BY_NAME["green-502-get"]
    assert rate.entry.retry.respect_retry_after and gateway.entry.retry.retryable
    script.play(rate.reply(retry_after="2"), gateway.reply(), OK)
    assert run(lib, rate, url, sleeps) is None
    assert len(script.requests) == 3
    assert sleeps == [expected_delay(lib, rate.entry, 1, "2").seconds, expected_delay(lib, gateway.entry, 2).seconds]
    assert sleeps[0] == 2.0  # the server's Retry-After, honoured because the entry says so


@pytest.mark.parametrize("lib", LIBS)
def test_huge_retry_after_is_capped(lib: str, script: Script, url: str, sleeps: list[float]) -> None:
    case = BY_NAME["meta-130429-post"]
    entry = entry_seen_by(lib, case)
    assert entry is not None and entry.retry.respect_retry_after
    script.play(case.reply(retry_after="999999"), OK)
    assert run(lib, case, url, sleeps) is None
    wanted = expected_delay(lib, entry, 1, "999999")
    assert wanted.capped and wanted.source == "retry_after"
    assert sleeps == [wanted.seconds] and sleeps[0] < 999999


UNSAFE = [
    c for c in CASES if c.method in NON_IDEMPOTENT and c.entry.retry.retryable and c.entry.retry.may_have_taken_effect
]


def test_some_scripted_post_may_have_taken_effect() -> None:
    assert UNSAFE, "no scripted POST answer the catalog marks may_have_taken_effect"


@pytest.mark.parametrize("case", UNSAFE, ids=lambda c: c.name)
@pytest.mark.parametrize("lib", LIBS)
def test_unsafe_post_is_resent_only_when_asked(
    lib: str, case: Case, script: Script, url: str, sleeps: list[float]
) -> None:
    script.play(case.reply(), OK)
    assert run(lib, case, url, sleeps) is not None
    assert script.methods == [case.method]
    script.play(case.reply(), OK)
    assert run(lib, case, url, sleeps, unsafe=True) is None
    assert script.methods == [case.method] * 2


# --- library-specific behaviour ------------------------------------------------------------------


def test_httpx_idempotency_header_allows_resend(script: Script, url: str, sleeps: list[float]) -> None:
    case = UNSAFE[0]
    script.play(case.reply(), OK)
    transport = RetryTransport(case.provider, idempotency_header="Idempotency-Key", sleep=sleeps.append)
    with httpx.Client(transport=transport) as client:
        r = client.post(url, json=payload("POST"), headers={"Idempotency-Key": "order-17"})
    assert r.status_code == 200 and script.methods == ["POST", "POST"]


def test_httpx_max_attempts_bounds_requests(script: Script, url: str, sleeps: list[float]) -> None:
    case = BY_NAME["green-429-get"]
    assert retries_allowed(case.entry) >= 2
    script.play(*[case.reply()] * 5)
    with httpx.Client(transport=RetryTransport(case.provider, max_attempts=2, sleep=sleeps.append)) as client:
        r = client.get(url)
    assert r.status_code == case.http_status and len(script.requests) == 2
    with pytest.raises(wa_errors.RateLimited):
        wa_errors.raise_for_response(case.provider, response=r)


def test_tenacity_max_attempts_bounds_calls(script: Script, url: str) -> None:
    case = BY_NAME["green-429-get"]
    script.play(*[case.reply()] * 5)
    with pytest.raises(wa_errors.RateLimited):
        retrying(case.provider, sleep=lambda s: None, stop=stop_from_catalog(max_attempts=2))(
            send, case.provider, "GET", url
        )
    assert len(script.requests) == 2


def test_tenacity_strategies_compose_with_tenacity_own(script: Script, url: str) -> None:
    case = BY_NAME["meta-130429-post"]
    slept: list[float] = []
    retrying_ = tenacity.Retrying(
        retry=retry_if_retryable() | tenacity.retry_if_exception_type(httpx.ConnectError),
        wait=wait_from_catalog() + tenacity.wait_fixed(1),
        stop=stop_from_catalog(),
        sleep=slept.append,
        reraise=True,
    )
    script.play(case.reply(retry_after="2"), OK)
    assert retrying_(send, case.provider, "POST", url).status_code == 200
    assert slept == [expected_delay("tenacity", case.entry, 1, "2").seconds + 1]


def test_tenacity_returned_response_is_classified(script: Script, url: str) -> None:
    """retrying(provider)(httpx.get, url): responses are classified too and the last one comes back."""
    case = BY_NAME["green-429-get"]
    script.play(*[case.reply()] * 10)
    r = retrying(case.provider, sleep=lambda s: None)(httpx.get, url)
    assert r.status_code == case.http_status
    assert len(script.requests) == expected_calls(case.entry, "GET")


def test_urllib3_forcelist_is_the_catalog_retryable_statuses() -> None:
    for provider in sorted(wa_errors.PROVIDERS):
        retry = catalog_retry(provider)
        wanted = {s for s in range(100, 600) if (e := status_entry(provider, s)) is not None and e.retry.retryable}
        assert set(retry.status_forcelist) == wanted, provider
        assert retry.respect_retry_after_header
        assert retry.allowed_methods is not None and not set(NON_IDEMPOTENT) & set(retry.allowed_methods)


def test_urllib3_default_never_resends_a_post(script: Script, url: str, sleeps: list[float]) -> None:
    case = BY_NAME["green-429-get"]
    assert not case.entry.retry.may_have_taken_effect  # safe to resend, still not by default
    script.play(case.reply(), OK)
    http = urllib3.PoolManager(retries=catalog_retry(case.provider))
    assert http.request("POST", url, json=payload("POST")).status == case.http_status
    assert script.methods == ["POST"]
    script.play(case.reply(), OK)
    assert http.request("GET", url).status == 200
    assert script.methods == ["GET", "GET"]


def test_green_api_client_retry_duplicates_a_send(script: Script, url: str, sleeps: list[float]) -> None:
    """The official client's Retry resends a POST after a dropped connection; catalog_retry does not.

    The server reads the send, then drops the connection: what a read timeout looks like. The catalog
    says an answer the client never got (Green-API's 499) may already have taken effect.
    """
    assert wa_errors.lookup("green-api", 499).retry.may_have_taken_effect
    official = Retry(total=3, backoff_factor=1.0, allowed_methods=None, status_forcelist=[429])
    for retry, sent in ((official, 2), (catalog_retry("green-api", allowed_methods=None), 1)):
        script.play(Reply(drop=True), OK)
        session = requests.Session()
        session.mount("http://", HTTPAdapter(max_retries=retry))
        try:
            session.post(url, json=payload("POST"))
        except requests.ConnectionError:
            assert sent == 1
        assert script.methods == ["POST"] * sent
        session.close()


def test_catalog_backs_the_duplicate_explanation_in_the_docs() -> None:
    """docs/retry-libraries.md: Green-API's 499 and 5xx entries may have taken effect, its 429 not."""
    green = {s: e for s in range(400, 600) if (e := status_entry("green-api", s)) is not None}
    assert green[499].retry.may_have_taken_effect and not green[429].retry.may_have_taken_effect
    assert all(e.retry.may_have_taken_effect for s, e in green.items() if s >= 500)


def test_unknown_provider_fails_at_construction() -> None:
    with pytest.raises(wa_errors.UnknownProviderError):
        RetryTransport("gren-api")
    with pytest.raises(wa_errors.UnknownProviderError):
        retrying("gren-api")
    with pytest.raises(wa_errors.UnknownProviderError):
        catalog_retry("gren-api")


# --- async ---------------------------------------------------------------------------------------


def test_async_transport(script: Script, url: str) -> None:
    rate, unsafe = BY_NAME["green-429-get"], UNSAFE[0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(transport=AsyncRetryTransport("green-api", sleep=fake_sleep)) as client:
            script.play(rate.reply(retry_after="2"), OK)
            first = await client.get(url)
            script.play(unsafe.reply(), OK)
            second = await client.post(url, json=payload("POST"))
            return first, second

    first, second = asyncio.run(main())
    assert first.status_code == 200 and slept == [expected_delay("httpx", rate.entry, 1, "2").seconds]
    assert second.status_code == unsafe.http_status and script.methods == ["POST"]


def test_async_tenacity(script: Script, url: str) -> None:
    case = BY_NAME["meta-130429-post"]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> httpx.Response:
        async with httpx.AsyncClient() as client:
            async for attempt in async_retrying(case.provider, sleep=fake_sleep):
                with attempt:
                    r = await client.post(url, json=payload("POST"))
                    wa_errors.raise_for_response(case.provider, response=r)
        return r

    script.play(case.reply(retry_after="2"), OK)
    assert asyncio.run(main()).status_code == 200
    assert slept == [expected_delay("tenacity", case.entry, 1, "2").seconds]


def test_async_stamina_in_testing_mode(script: Script, url: str) -> None:
    case = BY_NAME["meta-130429-post"]

    @wa_stamina.retry()
    async def post() -> httpx.Response:
        async with httpx.AsyncClient() as client:
            r = await client.post(url, json=payload("POST"))
        wa_errors.raise_for_response(case.provider, response=r)
        return r

    expected = expected_calls(case.entry, "POST")
    script.play(*[case.reply()] * (expected + 2))
    stamina.set_testing(True, attempts=expected + 5, cap=True)
    try:
        with pytest.raises(wa_errors.RateLimited):
            asyncio.run(post())
    finally:
        stamina.set_testing(False)
    assert len(script.requests) == expected


def test_stamina_bare_hook_gives_the_first_retry_delay(script: Script, url: str, sleeps: list[float]) -> None:
    case = BY_NAME["green-429-get"]
    script.play(case.reply(), case.reply(), OK)
    stamina.retry(on=wa_stamina.on_provider_error, attempts=3)(send)(case.provider, "GET", url)
    assert sleeps == [expected_delay("stamina", case.entry, 1).seconds] * 2


# --- optional means optional ---------------------------------------------------------------------


def test_import_wa_errors_imports_no_retry_library() -> None:
    code = (
        "import sys, wa_errors, wa_errors.contrib\n"
        "wa_errors.classify('green-api', 429, b'')\n"
        "libs = ('tenacity', 'stamina', 'backoff', 'urllib3', 'httpx', 'requests')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in libs or m.startswith('wa_errors.contrib.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# --- the docs' examples are these tests' code ------------------------------------------------------

EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\n```python\n(.*?)```", re.S)
EXAMPLES = dict(EXAMPLE.findall(DOC.read_text(encoding="utf-8")))
_RATE = BY_NAME["green-429-get"]
DOC_RUNS = {
    "httpx": "GET",
    "tenacity": "POST",
    "tenacity-response": "GET",
    "stamina": "POST",
    "stamina-hook": "GET",
    "backoff": "POST",
    "urllib3": "GET",
    "urllib3-post": "POST",
}
"""Each example, run against a Green-API 429 (Retry-After: 0) then a 200: it must resend once, then succeed."""


def test_every_doc_example_is_run() -> None:
    assert set(EXAMPLES) == set(DOC_RUNS)


@pytest.mark.parametrize("name", sorted(DOC_RUNS))
def test_doc_example_runs(name: str, script: Script, url: str, sleeps: list[float]) -> None:
    assert _RATE.entry.retry.retryable and not _RATE.entry.retry.may_have_taken_effect
    script.play(_RATE.reply(retry_after="0"), OK)
    namespace: dict[str, Any] = {"__name__": "doc_example", "url": url}
    exec(compile(EXAMPLES[name], f"{DOC.name}[{name}]", "exec"), namespace)
    assert script.methods == [DOC_RUNS[name]] * 2
    for value in namespace.values():  # the examples leave their clients open, as a bot would
        if isinstance(value, (httpx.Client, requests.Session)):
            value.close()
        elif isinstance(value, urllib3.PoolManager):
            value.clear()


def test_readme_five_lines_are_the_tested_httpx_example() -> None:
    """The README's install-to-retrying-client example is the doc example run above, word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    five = [b for b in blocks if "RetryTransport" in b]
    assert five == [EXAMPLES["httpx"]] and len(five[0].strip().splitlines()) == 5
