"""Properties of the runtime API over arbitrary input: only documented results or documented exceptions.

Expectations (statuses, categories, exceptions, redaction rules, fallback rules) come from the catalog.
"""

from __future__ import annotations

import json
import math
import pickle
import re
from typing import Any

import pytest
from conftest import catalog, entries, nest, retryable_policies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wa_errors
from wa_errors import _tables
from wa_errors._rules import norm as normalise

PIDS = [p.id for p in catalog().providers]
ALL = entries()
CATEGORIES = catalog().categories
SUCCESS = {c for c, info in CATEGORIES.items() if info["exception"] is None}
POLICIES = sorted({p for info in CATEGORIES.values() for p in info["retry_policies"]})
RETRYABLE = retryable_policies()  # categories.yaml retry_policies: retryable = resending unchanged can succeed
DEEP = 100_000

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def chain_ids(pid: str) -> list[str]:
    out = [pid]
    while catalog().by_id[out[-1]].passes_through:
        out.append(catalog().by_id[out[-1]].passes_through)  # type: ignore[arg-type]
    return out


def raw_status(status: object) -> int | None:
    """The status the fallback keeps: an int 100..599 (bools are not statuses), else None."""
    if isinstance(status, bool) or not isinstance(status, int):
        return None
    return status if 100 <= status <= 599 else None


def fallback_category(status: int | None) -> str:
    """categories.yaml `fallback_for`: an exact status first, then the status class, else unknown."""
    if status is None:
        return "unknown"
    for wanted in (str(status), f"{status // 100}xx"):
        for name, info in CATEGORIES.items():
            if wanted in info.get("fallback_for", []):
                return name
    return "unknown"


def deep_dict(depth: int = DEEP) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_list(depth: int = DEEP) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# --- strategies ---------------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)


def _catalog_bodies() -> list[Any]:
    """Bodies built from the catalog's own error_body paths, so the documented branches are exercised too."""
    out: list[Any] = []
    for pid, e in ALL:
        meta = catalog().by_id[pid].meta.get("error_body", {})
        for field in meta.get("code_fields", [])[:1]:
            if e.get("code") is not None:
                out.append(nest(field, e["code"]))
        for field in meta.get("error_id_fields", [])[:1]:
            if e.get("literal") and field != "$text":
                out.append(nest(field, e["literal"]))
        if e.get("literal"):
            out.append(e["literal"])
    return out


CATALOG_BODIES = _catalog_bodies()
catalog_keys = st.sampled_from(
    [e["id"] for _p, e in ALL]
    + [e["literal"] for _p, e in ALL if e.get("literal")]
    + [e["code"] for _p, e in ALL if e.get("code") is not None]
    + [e["http_status"] for _p, e in ALL if e.get("http_status") is not None]
)
keys = json_values | st.binary(max_size=40) | catalog_keys | st.integers(min_value=-(2**80), max_value=2**80)
bodies = (
    json_values
    | st.binary(max_size=200)
    | st.text(max_size=200)
    | json_values.map(json.dumps)
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.sampled_from(CATALOG_BODIES)
)
statuses = (
    st.none()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.integers(min_value=100, max_value=599)
    | st.sampled_from([e["http_status"] for _p, e in ALL if e.get("http_status") is not None])
)
headers = st.none() | st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=4)
providers_valid = st.sampled_from(PIDS) | st.sampled_from(list(wa_errors.Provider))
providers_any = providers_valid | st.text(max_size=20) | json_values | st.binary(max_size=10)


def is_known(provider: object) -> bool:
    try:
        _tables.provider_id(provider)
    except wa_errors.UnknownProviderError:
        return False
    return True


def check_entry(entry: object, pid: str | None = None) -> wa_errors.Entry:
    assert isinstance(entry, wa_errors.Entry)
    assert entry.category in CATEGORIES
    json.dumps(entry.to_dict())  # always JSON-serialisable
    if pid is not None:
        assert entry.provider in chain_ids(pid)
    return entry


# --- lookup / find ------------------------------------------------------------------------------


@FAST
@given(provider=providers_any, key=keys)
def test_lookup_and_find_answer_or_documented_exception(provider: object, key: object) -> None:
    try:
        found = wa_errors.find(provider, key)
    except wa_errors.UnknownProviderError:
        assert not is_known(provider)
        found = None
    try:
        entry = wa_errors.lookup(provider, key)
    except wa_errors.UnknownProviderError as exc:
        assert not is_known(provider) and isinstance(exc, LookupError)
        return
    except wa_errors.UnknownErrorKey as exc:
        assert found == [] and isinstance(exc, LookupError) and str(exc)
        return
    pid = _tables.provider_id(provider)
    assert found and entry == found[0]
    for e in found:
        assert check_entry(e, pid).documented


@FAST
@given(pid=st.sampled_from(PIDS), key=catalog_keys)
def test_lookup_of_catalog_keys_is_documented(pid: str, key: object) -> None:
    owners = {
        p for p, e in ALL if key in (e["id"], e.get("code")) or (e["kind"] == "http_status" and key == e["http_status"])
    }
    if pid in owners:
        assert check_entry(wa_errors.lookup(pid, key), pid).documented


LITERALS = [(p, e) for p, e in ALL if e.get("literal")]


@pytest.mark.parametrize(
    ("pid", "e"),
    LITERALS,
    ids=[f"{p}:{e['id']}" for p, e in LITERALS],
)
def test_lookup_by_own_literal(pid: str, e: dict[str, Any]) -> None:
    """docs/api.md: an Error ID, status or state text is a lookup key; each entry's literal must find it."""
    got = wa_errors.lookup(pid, e["literal"])
    assert normalise(e["literal"]) in [normalise(t) for t in [got.literal, *got.aliases, got.id] if t] or (
        e["literal"].strip("{}") == (got.literal or "").strip("{}")
    )


@pytest.mark.parametrize("key", [deep_dict(), deep_list()], ids=["dict", "list"])
def test_lookup_of_deeply_nested_key_does_not_recurse(key: object) -> None:
    for pid in PIDS:
        assert wa_errors.find(pid, key) == []
        with pytest.raises(wa_errors.UnknownErrorKey):
            wa_errors.lookup(pid, key)
    with pytest.raises(wa_errors.UnknownProviderError):
        wa_errors.lookup(key, 1)
    with pytest.raises(wa_errors.UnknownProviderError):
        wa_errors.classify(key, 400)
    with pytest.raises(wa_errors.UnknownProviderError):
        wa_errors.scan_webhook({}, key)


def test_lookup_of_huge_int_raises_unknown_key() -> None:
    for pid in PIDS:
        with pytest.raises(wa_errors.UnknownErrorKey):
            wa_errors.lookup(pid, 10**5000)
        with pytest.raises(wa_errors.UnknownErrorKey):
            wa_errors.lookup(pid, -(10**5000))


def test_enum_member_with_unknown_provider_raises() -> None:
    pid, e = ALL[0]
    member = _enum_member(pid, e["id"])
    assert member.entry == wa_errors.lookup(pid, e["id"])
    with pytest.raises(wa_errors.UnknownProviderError):
        wa_errors.lookup("no-such-provider", member)


def _enum_member(pid: str, entry_id: str) -> wa_errors.CatalogEnum:
    module_name, class_name = wa_errors.PROVIDERS[pid].module, wa_errors.PROVIDERS[pid].enum
    module = __import__(f"wa_errors.providers.{module_name}", fromlist=[class_name])
    member: wa_errors.CatalogEnum = getattr(module, class_name)[entry_id.upper()]
    return member


# --- classify -----------------------------------------------------------------------------------


@SLOW
@given(pid=providers_valid, status=statuses, body=bodies, hdrs=headers)
def test_classify_never_raises_for_valid_provider(pid: object, status: Any, body: object, hdrs: Any) -> None:
    entry = check_entry(wa_errors.classify(pid, status, body, hdrs), _tables.provider_id(pid))
    if not entry.documented:
        kept = raw_status(status)
        assert entry.http_status == kept
        assert entry.category == fallback_category(kept)
        assert entry.literal is None or entry.literal == wa_errors.redact(entry.literal)


@FAST
@given(provider=providers_any, status=statuses, body=bodies)
def test_classify_any_provider(provider: object, status: Any, body: object) -> None:
    try:
        entry = wa_errors.classify(provider, status, body)
    except wa_errors.UnknownProviderError:
        assert not is_known(provider)
        return
    check_entry(entry, _tables.provider_id(provider))


@FAST
@given(pid=st.sampled_from(PIDS), status=st.integers(min_value=100, max_value=599))
def test_fallback_keeps_raw_status(pid: str, status: int) -> None:
    documented = {e["http_status"] for p, e in ALL if p in chain_ids(pid) and e["kind"] == "http_status"}
    entry = wa_errors.classify(pid, status, None)
    if status in documented:
        assert entry.documented and entry.http_status == status
    else:
        assert not entry.documented and entry.http_status == status
        assert entry.category == fallback_category(status) and entry.id.endswith(str(status))


@pytest.mark.parametrize("pid", PIDS)
def test_classify_deep_bodies(pid: str) -> None:
    for body in (
        deep_dict(),
        deep_list(),
        ('{"a":' * DEEP + "1" + "}" * DEEP).encode(),
        "[" * DEEP + "]" * DEEP,
    ):
        check_entry(wa_errors.classify(pid, 400, body), pid)
        check_entry(wa_errors.classify(pid, None, body), pid)


@pytest.mark.parametrize("pid", PIDS)
def test_classify_huge_code_in_body(pid: str) -> None:
    """A parsed body may carry an int of any size where a code is expected; it is not a documented code."""
    fields = catalog().by_id[pid].meta["error_body"].get("code_fields", ["code"])
    for huge in (10**5000, -(10**5000), 2**64):
        entry = check_entry(wa_errors.classify(pid, 418, nest(fields[0], huge)), pid)
        assert entry.code != huge
        with pytest.raises(wa_errors.ProviderError) as exc:
            wa_errors.raise_for_response(pid, 418, nest(fields[0], huge))
        pickle.loads(pickle.dumps(exc.value))


# --- scan_webhook -------------------------------------------------------------------------------


@SLOW
@given(payload=bodies, provider=st.none() | providers_any)
def test_scan_webhook_returns_findings(payload: object, provider: object) -> None:
    try:
        found = wa_errors.scan_webhook(payload, provider)
    except wa_errors.UnknownProviderError:
        assert provider is not None and not is_known(provider)
        return
    assert isinstance(found, list)
    for f in found:
        assert isinstance(f, wa_errors.Finding) and isinstance(f.path, str)
        assert isinstance(f.value, (str, int)) and not isinstance(f.value, bool)
        assert check_entry(f.entry).documented
        if isinstance(f.value, str):
            assert f.value == wa_errors.redact(f.value)
        json.dumps(f.to_dict())
        if provider is not None:
            assert f.entry.provider in chain_ids(_tables.provider_id(provider))


@pytest.mark.parametrize("payload", [deep_dict(), deep_list(), b"[" * DEEP, "{" * DEEP], ids=["d", "l", "b", "s"])
def test_scan_deep_payloads(payload: object) -> None:
    assert isinstance(wa_errors.scan_webhook(payload), list)
    for pid in PIDS:
        assert isinstance(wa_errors.scan_webhook(payload, pid), list)


# --- raise_for_response -------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, status_code: object, content: object, headers: object) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers


def check_raise(pid: object, status: Any, body: object, hdrs: Any, response: object = None) -> None:
    expected = wa_errors.classify(pid, status, body, hdrs)
    try:
        if response is None:
            wa_errors.raise_for_response(pid, status, body, hdrs)
        else:
            wa_errors.raise_for_response(pid, response=response)
    except wa_errors.ProviderError as exc:
        assert exc.entry == expected and expected.category not in SUCCESS
        assert type(exc).__name__ == CATEGORIES[expected.category]["exception"]
        assert exc.status == raw_status(status)
        assert exc.raw_body is None or exc.raw_body == wa_errors.redact(exc.raw_body)
        clone = pickle.loads(pickle.dumps(exc))
        assert type(clone) is type(exc) and str(clone) == str(exc)
        assert (clone.entry, clone.status, clone.raw_body) == (exc.entry, exc.status, exc.raw_body)
        return
    kept = raw_status(status)  # returned None: a success, or an undocumented 1xx-3xx
    assert expected.category in SUCCESS or (not expected.documented and kept is not None and kept < 400)


@SLOW
@given(pid=providers_valid, status=statuses, body=bodies, hdrs=headers)
def test_raise_for_response_raises_only_provider_errors(pid: object, status: Any, body: object, hdrs: Any) -> None:
    check_raise(pid, status, body, hdrs)


@SLOW
@given(pid=providers_valid, status=statuses, body=st.binary(max_size=200) | st.sampled_from(CATALOG_BODIES))
def test_raise_for_response_with_response_object(pid: object, status: Any, body: object) -> None:
    content = json.dumps(body).encode() if not isinstance(body, bytes) else body
    check_raise(pid, status, content, {}, FakeResponse(status, content, {}))


def test_raise_for_response_deep_bodies() -> None:
    for pid in PIDS:
        for body in (deep_dict(), deep_list()):
            with pytest.raises(wa_errors.ProviderError) as exc:
                wa_errors.raise_for_response(pid, 418, body)
            assert isinstance(exc.value.raw_body, str)
            pickle.loads(pickle.dumps(exc.value))


# --- retry advice -------------------------------------------------------------------------------

CATALOG_ADVICE = [wa_errors.lookup(p, e["id"]).retry for p, e in ALL]
non_negative = st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False)
advices = st.sampled_from(CATALOG_ADVICE) | st.builds(
    wa_errors.RetryAdvice,
    policy=st.sampled_from(POLICIES),
    max_attempts=st.none() | st.integers(min_value=0, max_value=20),
    delay_seconds=non_negative,
    max_delay_seconds=non_negative,
    respect_retry_after=st.booleans(),
)
retry_after_values = (
    st.none()
    | st.text(max_size=40)
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT"))
)


@FAST
@given(advice=advices, attempt=st.integers(), retry_after=retry_after_values)
def test_next_delay_is_none_or_non_negative_float(
    advice: wa_errors.RetryAdvice, attempt: int, retry_after: Any
) -> None:
    delay = advice.next_delay(attempt, retry_after)
    if delay is None:
        return
    assert isinstance(delay, float) and math.isfinite(delay) and delay >= 0
    assert advice.policy in RETRYABLE and attempt >= 1
    assert attempt <= advice.attempts_allowed()
    plain = advice.next_delay(attempt)
    assert plain is not None
    if advice.max_delay_seconds is not None:
        assert plain <= advice.max_delay_seconds
    following = advice.next_delay(attempt + 1)
    if following is not None:
        assert following >= plain


@FAST
@given(value=retry_after_values.filter(lambda v: v is not None) | st.booleans())
def test_parse_retry_after_never_raises(value: Any) -> None:
    seconds = wa_errors.parse_retry_after(value)
    assert seconds is None or (isinstance(seconds, float) and math.isfinite(seconds) and seconds >= 0)


@FAST
@given(n=st.integers(min_value=-(10**6), max_value=10**9))
def test_parse_retry_after_seconds(n: int) -> None:
    assert wa_errors.parse_retry_after(str(n)) == max(0.0, float(n))
    assert wa_errors.parse_retry_after(f"  {n} ") == max(0.0, float(n))


# --- redaction ----------------------------------------------------------------------------------

RULES = [r for p in catalog().providers for r in p.meta.get("redact", [])]


@FAST
@given(text=st.text(max_size=300))
def test_redact_any_text(text: str) -> None:
    out = wa_errors.redact(text)
    assert isinstance(out, str) and wa_errors.redact(out) == out


@FAST
@given(before=st.text(max_size=40), after=st.sampled_from(["", " ", "\n", "?x=1", '"']), rule=st.sampled_from(RULES))
def test_redact_removes_catalog_secrets(before: str, after: str, rule: dict[str, Any]) -> None:
    for example in rule["examples"]:
        secret = re.search(rule["regex"], example).group(1)  # type: ignore[union-attr]
        assert secret not in wa_errors.redact(f"{before} {example}{after}")


# --- entries and exceptions ---------------------------------------------------------------------


def test_every_entry_to_dict_is_json() -> None:
    for pid, e in ALL:
        entry = wa_errors.lookup(pid, e["id"])
        doc = json.loads(json.dumps(entry.to_dict()))
        assert (doc["provider"], doc["id"], doc["category"], doc["title"]) == (pid, e["id"], e["category"], e["title"])


EXCEPTIONS = [getattr(wa_errors, info["exception"]) for info in CATEGORIES.values() if info["exception"]]


@FAST
@given(
    cls=st.sampled_from(EXCEPTIONS),
    message=st.text(max_size=80),
    entry_key=st.sampled_from([(p, e["id"]) for p, e in ALL]),
    status=st.none() | st.integers(min_value=100, max_value=599),
    raw=st.none() | st.text(max_size=80),
)
def test_exceptions_pickle(
    cls: type[wa_errors.ProviderError], message: str, entry_key: tuple[str, str], status: Any, raw: Any
) -> None:
    err = cls(message, wa_errors.lookup(*entry_key), status, raw)
    assert isinstance(err, wa_errors.ProviderError) and isinstance(err, wa_errors.CatalogError)
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is cls and str(clone) == str(err)
    assert (clone.entry, clone.status, clone.raw_body) == (err.entry, err.status, err.raw_body)
    for other in (wa_errors.UnknownProviderError, wa_errors.UnknownErrorKey):
        o = pickle.loads(pickle.dumps(other(message)))
        assert type(o) is other and str(o) == message and isinstance(o, LookupError)
