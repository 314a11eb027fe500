"""lookup / classify / scan_webhook / raise_for_response against entries read from the catalog."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from conftest import catalog, entries, ids, nest, retryable_policies

import wa_errors
from wa_errors._rules import norm as normalise

ALL = entries()
SYNC_TEXT = [
    (p, e)
    for p, e in entries(where="sync_response")
    if e["kind"] not in ("error_code", "http_status") and e.get("literal")
]
SYNC_ALL = entries(where="sync_response")
CODES = [(p, e) for p, e in entries(kind="error_code") if "code" in e and "subcode" not in e]
STATUSES = entries(kind="http_status")
MARKERS = entries(kind="webhook_marker")


def meta(pid: str) -> dict[str, Any]:
    return catalog().by_id[pid].meta


@pytest.mark.parametrize(("pid", "e"), ALL, ids=ids(ALL))
def test_lookup_by_id_and_enum(pid: str, e: dict[str, Any]) -> None:
    entry = wa_errors.lookup(pid, e["id"])
    assert (entry.provider, entry.id, entry.title, entry.category) == (pid, e["id"], e["title"], e["category"])
    assert entry.retry.policy == e["retry"]["policy"]
    assert entry.remediation == e["remediation"]
    module_name, class_name = wa_errors.PROVIDERS[pid].module, wa_errors.PROVIDERS[pid].enum
    enum_cls = getattr(__import__(f"wa_errors.providers.{module_name}", fromlist=[class_name]), class_name)
    member = enum_cls[e["id"].upper()]
    assert member.entry is entry and member.category == e["category"]
    assert member.is_retryable == (e["retry"]["policy"] in retryable_policies())
    assert wa_errors.lookup(pid, member) is entry


@pytest.mark.parametrize(("pid", "e"), SYNC_TEXT, ids=ids(SYNC_TEXT))
def test_lookup_and_classify_by_literal(pid: str, e: dict[str, Any]) -> None:
    for text in [e["literal"], *e["aliases"]]:
        # a literal may be shared by entries under different statuses; lookup (no status) returns one of them
        sharing = [
            x["id"]
            for _p, x in SYNC_ALL
            if _p == pid and normalise(text) in [normalise(t) for t in [x.get("literal"), *x["aliases"]] if t]
        ]
        assert wa_errors.lookup(pid, text).id in sharing
        assert wa_errors.lookup(pid, f"  {text.upper()}  ").id in sharing
    field = next((f for f in meta(pid)["error_body"].get("error_id_fields", []) if f != "$text"), None)
    body = nest(field, e["literal"]) if field else e["literal"]
    got = wa_errors.classify(pid, e.get("http_status"), json.dumps(body).encode())
    assert got.id == e["id"], (got.id, e["id"])
    assert wa_errors.classify(pid, None, e["literal"]).id in sharing  # a log line: text only


@pytest.mark.parametrize(
    ("pid", "e"), [(p, e) for p, e in ALL if e.get("patterns")], ids=ids([(p, e) for p, e in ALL if e.get("patterns")])
)
def test_pattern_examples_classify(pid: str, e: dict[str, Any]) -> None:
    import re

    def span(entry: wa_errors.Entry | dict[str, Any], text: str) -> int:
        pats = (
            entry["patterns"]
            if isinstance(entry, dict)
            else [p for x in entries() if x[0] == pid and x[1]["id"] == entry.id for p in x[1]["patterns"]]
        )
        found = [re.search(p["regex"], text) for p in pats]
        return max((m.end() - m.start() for m in found if m), default=-1)

    for pattern in e["patterns"]:
        for example in pattern["examples"]:
            got = wa_errors.lookup(pid, example)
            # the longest match wins: another entry may only take the example with a longer match of its own
            assert (
                got.id == e["id"]
                or span(got, example) > span(e, example)
                or normalise(example) in [normalise(t) for t in [got.literal, *got.aliases] if t]
            ), (example, got.id)


@pytest.mark.parametrize(("pid", "e"), CODES, ids=ids(CODES))
def test_codes_lookup_and_classify(pid: str, e: dict[str, Any]) -> None:
    code = e["code"]
    status_entry = [x["id"] for _p, x in STATUSES if _p == pid and x["http_status"] == code]
    assert wa_errors.lookup(pid, code).id == (status_entry or [e["id"]])[0]  # a status entry outranks a code
    assert e["id"] in [x.id for x in wa_errors.find(pid, str(code))]
    fields = meta(pid)["error_body"].get("code_fields", [])
    if fields:
        body = nest(fields[0], code)
        assert wa_errors.classify(pid, e.get("http_status") or 400, body).id == e["id"]
        assert wa_errors.classify(pid, 400, nest(fields[0], str(code))).id == e["id"]  # digit string


@pytest.mark.parametrize(("pid", "e"), STATUSES, ids=ids(STATUSES))
def test_status_alone_classifies(pid: str, e: dict[str, Any]) -> None:
    assert wa_errors.lookup(pid, e["http_status"]).http_status == e["http_status"]
    got = wa_errors.classify(pid, e["http_status"], None)
    assert got.id == e["id"] and got.documented


@pytest.mark.parametrize(("pid", "e"), MARKERS, ids=ids(MARKERS))
def test_markers_found_in_webhooks(pid: str, e: dict[str, Any]) -> None:
    for surface in e["surface"]:
        if not surface.get("field"):
            continue
        payload = nest(surface["field"], e["literal"])
        type_field = (meta(pid).get("webhook") or {}).get("type_field")
        if type_field and surface.get("webhook_type"):
            payload[type_field] = surface["webhook_type"]
        for given in (payload, json.dumps(payload), json.dumps(payload).encode()):
            found = wa_errors.scan_webhook(given)
            assert any(f.entry.id == e["id"] and f.path == surface["field"].replace("[]", "[0]") for f in found), found
        assert wa_errors.lookup(pid, e["literal"]).id == e["id"]
        if e["literal"].startswith("{{"):
            assert wa_errors.lookup(pid, e["literal"].strip("{}")).id == e["id"]


HOOK = [
    (p, e)
    for p, e in ALL
    if e["kind"] in ("message_status", "instance_state", "quota_status", "webhook_event")
    and any(s.get("webhook_type") and s.get("field") and s["where"] != "sync_response" for s in e["surface"])
]


@pytest.mark.parametrize(("pid", "e"), HOOK, ids=ids(HOOK))
def test_statuses_and_states_found_in_webhooks(pid: str, e: dict[str, Any]) -> None:
    type_field = (meta(pid).get("webhook") or {}).get("type_field")
    for s in e["surface"]:
        if not (s.get("webhook_type") and s.get("field")) or s["where"] == "sync_response":
            continue
        payload = nest(s["field"], e["literal"])
        if type_field:
            payload[type_field] = s["webhook_type"]
        found = wa_errors.scan_webhook(payload, pid)
        if catalog().categories[e["category"]]["exception"] is None:  # delivered, authorized: nothing to report
            assert not any(f.entry.id == e["id"] for f in found), (payload, found)
        else:
            assert any(f.entry.id == e["id"] for f in found), (payload, found)


def test_quiet_webhook_reports_nothing() -> None:
    quiet = {
        "typeWebhook": "incomingMessageReceived",
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "hello there"}},
        "senderData": {"chatId": "1@c.us"},
    }
    assert wa_errors.scan_webhook(quiet) == []
    assert wa_errors.scan_webhook({}) == [] and wa_errors.scan_webhook(b"") == [] and wa_errors.scan_webhook(None) == []


# --- fallbacks and bad input --------------------------------------------------------------------


@pytest.mark.parametrize("pid", list(wa_errors.PROVIDERS))
def test_undocumented_answers_fall_back(pid: str) -> None:
    documented = {e["http_status"] for _, e in STATUSES if _ == pid}
    status = next(s for s in (418, 451, 507, 599) if s not in documented)
    got = wa_errors.classify(pid, status, b'{"something": "else"}')
    assert not got.documented and got.http_status == status
    assert got.category == ("provider_unavailable" if status >= 500 else "invalid_request")
    assert wa_errors.classify(pid, None, None).category == "unknown"


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\xfa not utf-8 {",
        "{not json",
        b"[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        12345,
        object(),
        {"error": {"code": {"nested": True}}},
        [None, 1, "x"],
        {"error": "x" * 100_000},
        b"\x00" * 1000,
    ],
)
@pytest.mark.parametrize("pid", list(wa_errors.PROVIDERS))
def test_bad_bodies_never_raise(pid: str, body: object) -> None:
    got = wa_errors.classify(pid, 400, body)
    assert isinstance(got, wa_errors.Entry)


def test_deeply_nested_parsed_body() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = {"a": deep}
    for pid in wa_errors.PROVIDERS:
        assert isinstance(wa_errors.classify(pid, 500, deep), wa_errors.Entry)
        assert isinstance(wa_errors.scan_webhook(deep, pid), list)
    assert isinstance(wa_errors.scan_webhook(deep), list)


def test_fifty_megabyte_body_is_bounded() -> None:
    big = b'{"message": "' + b"a" * (50 * 1024 * 1024) + b'"}'
    for pid in wa_errors.PROVIDERS:
        assert wa_errors.classify(pid, 500, big).http_status == 500
    assert wa_errors.scan_webhook(big) == []


def test_unknown_provider_and_key() -> None:
    with pytest.raises(wa_errors.UnknownProviderError) as exc:
        wa_errors.lookup("green-apix", 429)
    assert isinstance(exc.value, LookupError) and isinstance(exc.value, wa_errors.CatalogError)
    assert "green-api" in str(exc.value)
    with pytest.raises(wa_errors.UnknownErrorKey) as exc2:
        wa_errors.lookup("green-api", "instance acount not authorised")
    assert isinstance(exc2.value, LookupError) and "closest" in str(exc2.value)
    for bad in (None, 3.5, b"x", ["a"]):
        with pytest.raises(wa_errors.UnknownProviderError):
            wa_errors.classify(bad, 400)
    with pytest.raises(wa_errors.UnknownErrorKey):
        wa_errors.lookup("2chat", 999)


@pytest.mark.parametrize("spelling", ["green-api", "greenapi", "green_api", "GREEN-API", " Green API "])
def test_provider_spellings(spelling: str) -> None:
    assert wa_errors.lookup(spelling, 429).provider == "green-api"
    assert wa_errors.lookup(wa_errors.Provider("green-api"), 429).provider == "green-api"


# --- retry advice -------------------------------------------------------------------------------


def test_next_delay_follows_catalog_and_retry_after() -> None:
    retryable = [(p, e) for p, e in ALL if e["retry"]["policy"] == "backoff" and e["retry"]["max_attempts"]]
    assert retryable
    pid, e = retryable[0]
    advice = wa_errors.lookup(pid, e["id"]).retry
    limit = e["retry"]["max_attempts"]
    delays = [advice.next_delay(n) for n in range(1, limit + 2)]
    assert all(d is not None and d >= 0 for d in delays[:limit]) and delays[limit] is None
    assert delays[:limit] == sorted(delays[:limit])
    if e["retry"]["max_delay_seconds"] is not None:
        assert max(d for d in delays[:limit] if d is not None) <= e["retry"]["max_delay_seconds"]
    never = next(wa_errors.lookup(p, x["id"]) for p, x in ALL if x["retry"]["policy"] == "never")
    assert never.retry.next_delay(1) is None and not never.is_retryable


def test_retry_after_header_forms() -> None:
    honours = next(
        wa_errors.lookup(p, e["id"])
        for p, e in ALL
        if e["retry"]["respect_retry_after"] and e["retry"]["policy"] in retryable_policies()
    )
    advice = honours.retry
    assert advice.next_delay(1, "7") == 7.0
    assert advice.next_delay(1, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    future = wa_errors.parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT")
    assert future is not None and future > 0
    assert advice.next_delay(1, "garbage") == advice.next_delay(1)
    assert advice.next_delay(1, "-5") == 0.0
    ignores = next(
        (
            wa_errors.lookup(p, e["id"])
            for p, e in ALL
            if not e["retry"]["respect_retry_after"] and e["retry"]["policy"] == "backoff"
        ),
        None,
    )
    if ignores is not None:
        assert ignores.retry.next_delay(1, "999") != 999.0


# --- raise_for_response -------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, status_code: int, content: bytes, headers: dict[str, str] | None = None) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers or {}


@pytest.mark.parametrize(("pid", "e"), STATUSES, ids=ids(STATUSES))
def test_raise_for_response_by_category(pid: str, e: dict[str, Any]) -> None:
    exception = catalog().categories[e["category"]]["exception"]
    response = FakeResponse(e["http_status"], b"")
    if exception is None:
        assert wa_errors.raise_for_response(pid, response=response) is None
        return
    with pytest.raises(wa_errors.ProviderError) as exc:
        wa_errors.raise_for_response(pid, response=response)
    err = exc.value
    assert type(err).__name__ == exception and err.entry is not None and err.entry.id == e["id"]
    assert err.status == e["http_status"] and e["remediation"][:40] in str(err)
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is type(err) and clone.entry == err.entry and str(clone) == str(err)


def test_raise_for_success_and_undocumented() -> None:
    assert wa_errors.raise_for_response("2chat", 200, b'{"success": true}') is None
    assert wa_errors.raise_for_response("meta-cloud-api", 200, b'{"messages": [{"id": "wamid.x"}]}') is None
    with pytest.raises(wa_errors.ProviderUnavailable):
        wa_errors.raise_for_response("meta-cloud-api", 599, b"oops")


def test_passes_through() -> None:
    for pid, info in wa_errors.PROVIDERS.items():
        through = info.passes_through
        if not through:
            continue
        code = next(e["code"] for _p, e in CODES if _p == through)
        assert wa_errors.lookup(pid, code).provider == through
        assert wa_errors.classify(pid, 400, {"error": {"code": code, "message": "x"}}).code == code


def test_longer_literal_wins_over_contained_one() -> None:
    """`instance is starting or not authorized` must never fall to an entry whose literal it contains."""
    pairs = 0
    for pid, long in SYNC_TEXT:
        for pid2, short in SYNC_TEXT:
            if pid2 != pid or short is long:
                continue
            a, b = normalise(long["literal"]), normalise(short["literal"])
            if b in a and a != b:
                pairs += 1
                assert wa_errors.classify(pid, 400, long["literal"]).id == long["id"]
                assert wa_errors.classify(pid, None, f"error: {long['literal']} (id 7)").id == long["id"]
    assert pairs >= 1, "no literal contains another: the property was not exercised"


def test_credentials_are_redacted_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    from wa_errors.cli import main

    rules = [(p.id, r) for p in catalog().providers for r in p.meta.get("redact", [])]
    assert rules, "the catalog declares at least one echoed credential"
    import re

    for pid, rule in rules:
        example = rule["examples"][0]
        secret = re.search(rule["regex"], example).group(1)  # type: ignore[union-attr]
        body = json.dumps({"statusCode": 400, "path": example, "message": f"Validation failed. {example}"})
        entry = wa_errors.classify(pid, 499, body)
        assert secret not in repr(entry)
        with pytest.raises(wa_errors.ProviderError) as exc:
            wa_errors.raise_for_response(pid, 400, body)
        assert secret not in str(exc.value) and secret not in (exc.value.raw_body or "")
        assert secret not in repr(pickle.loads(pickle.dumps(exc.value)).__dict__)
        weird = wa_errors.classify(pid, 418, example)
        assert secret not in repr(weird)
        for args in (
            ["classify", pid, "--status", "400", "--body", body],
            ["explain", pid, example],
            ["lookup", pid, example],
            ["classify", pid, "--json", "--body", example],
        ):
            main(args)
            captured = capsys.readouterr()
            assert secret not in captured.out and secret not in captured.err, args
        found = wa_errors.scan_webhook({"typeWebhook": "x", "text": "{{SWE001}} " + example})
        assert all(secret not in str(f.value) for f in found)


# --- regressions found in review ----------------------------------------------------------------


def _type_field(pid: str) -> str | None:
    return (meta(pid).get("webhook") or {}).get("type_field")


def test_scan_without_provider_keeps_rules_to_their_provider() -> None:
    """Markers of a typed provider are not looked for in an untyped provider's webhook, and the
    other way round: error containers of one provider do not fire inside another's typed webhook."""
    typed = [pid for pid in wa_errors.PROVIDERS if _type_field(pid)]
    untyped_codes = [
        (p, e) for p, e in CODES if not _type_field(p) and (meta(p).get("webhook") or {}).get("code_fields")
    ]
    assert typed and untyped_codes and MARKERS
    marker_pid, marker = MARKERS[0]
    # an untyped (Meta-shaped) text message that happens to contain a marker literal
    untyped = {
        "object": "x",
        "entry": [{"changes": [{"value": {"messages": [{"text": {"body": marker["literal"]}}]}}]}],
    }
    assert [f for f in wa_errors.scan_webhook(untyped) if f.entry.provider == marker_pid] == []
    # a typed webhook whose payload carries an `errors` list with a code another provider knows
    code_pid, coded = untyped_codes[0]
    container = (meta(code_pid).get("webhook") or {}).get("error_containers") or ["errors"]
    code_field = meta(code_pid)["webhook"]["code_fields"][0]
    for pid in typed:
        hook = {_type_field(pid): "someEvent", container[0]: [{code_field: coded["code"], "message": "x"}]}
        assert [f for f in wa_errors.scan_webhook(hook) if f.entry.provider != pid] == []
    # but the provider's own rules still see it when asked for that provider
    own = {"value": [{container[0]: [{code_field: coded["code"], "title": "x"}]}]}
    assert any(f.entry.id == coded["id"] for f in wa_errors.scan_webhook(own, code_pid))


def test_text_documented_under_another_status_class_does_not_explain_an_error() -> None:
    """A 200-status `reason` text inside a 4xx/5xx HTML page does not classify as that 200 entry."""
    cases = [(p, e) for p, e in SYNC_TEXT if e.get("http_status") and e["http_status"] < 300 and len(e["literal"]) >= 8]
    assert cases
    for pid, e in cases:
        page = f"<html><title>Error</title><body>{e['literal']} (nginx)</body></html>"
        for status in (429, 500):
            got = wa_errors.classify(pid, status, page)
            assert got.id != e["id"] and (got.http_status is None or got.http_status // 100 == status // 100)


def test_success_text_never_hides_an_error_status() -> None:
    ok_texts = [(p, e) for p, e in SYNC_TEXT + STATUSES if e["category"] in ("ok", "accepted") and e.get("literal")]
    assert ok_texts
    for pid, e in ok_texts:
        with pytest.raises(wa_errors.ProviderError):
            wa_errors.raise_for_response(pid, 500, e["literal"])
