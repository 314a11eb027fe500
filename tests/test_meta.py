"""Issue 6: Meta Cloud API errors in every shape they arrive in, and through the providers that pass them on.

Bodies and webhooks are built from the catalog's own `error_body` / surface paths; expectations are catalog entries.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import catalog, entries, ids, nest

import wa_errors

META = "meta-cloud-api"
META_P = catalog().by_id[META]
BODY = META_P.meta["error_body"]
CODES = [e for p, e in entries(kind="error_code") if p == META and e.get("code") is not None and "subcode" not in e]
SUBCODES = [e for p, e in entries(kind="error_code") if p == META and "subcode" in e]
THROUGH = [p.id for p in catalog().providers if p.passes_through == META]
HOOK_SURFACES = [
    (e, s)
    for p, e in entries()
    if p == META and e.get("code") is not None and "subcode" not in e
    for s in e["surface"]
    if s["where"] != "sync_response" and s.get("field") and ".value." in s["field"]
]
"""Webhook surfaces of Cloud API's envelope (entry[].changes[].value...)."""

BARE_HOOK_SURFACES = [
    (e, s)
    for p, e in entries()
    if p == META and e.get("code") is not None and "subcode" not in e
    for s in e["surface"]
    if s["where"] != "sync_response" and s.get("field") and ".value." not in s["field"]
]
"""Webhook surfaces given without the Cloud envelope (On-Premises webhooks, bare value objects)."""


def merge(*parts: Any) -> Any:
    """Deep-merge nest() results: dicts key by key, one-item lists item by item."""
    out: Any = parts[0]
    for part in parts[1:]:
        if isinstance(out, dict) and isinstance(part, dict):
            out = {**out, **{k: merge(out[k], v) if k in out else v for k, v in part.items()}}
        elif isinstance(out, list) and isinstance(part, list) and len(out) == len(part) == 1:
            out = [merge(out[0], part[0])]
        else:
            out = part
    return out


def text_of(e: dict[str, Any]) -> str:
    return str(e.get("provider_title") or e["title"])


def error_body(e: dict[str, Any], subcode: int | None = None) -> Any:
    """A Graph API error body at the catalog's declared paths: code, subcode, details, message, trace id."""
    parts = [nest(BODY["code_fields"][0], e["code"])]
    details, message = BODY["details_fields"][0], BODY["details_fields"][-1]
    parts.append(nest(details, e["title"]))
    parts.append(nest(message, f"(#{e['code']}) {text_of(e)}"))
    parts += [nest(f, "AbCdEf123") for f in BODY.get("trace_fields", [])]
    if subcode is not None:
        parts.append(nest(BODY["subcode_fields"][0], subcode))
    return merge(*parts)


def error_object(e: dict[str, Any]) -> dict[str, Any]:
    """The error object as Meta puts it in webhooks and bare `errors` lists."""
    body = error_body(e)
    inner: dict[str, Any] = body[BODY["code_fields"][0].split(".")[0]]
    return {
        "code": e["code"],
        "title": text_of(e),
        "message": inner.get("message"),
        "error_data": {"details": e["title"]},
    }


def expected(e: dict[str, Any]) -> tuple[str, str]:
    return (META, e["id"])


def got(entry: wa_errors.Entry) -> tuple[str, str]:
    return (entry.provider, entry.id)


# --- lookup -------------------------------------------------------------------------------------


def test_lookup_131047() -> None:
    e = next(e for e in CODES if e["code"] == 131047)
    entry = wa_errors.lookup(META, 131047)
    assert got(entry) == expected(e) and entry.title == e["title"] and entry.category == e["category"]
    assert got(wa_errors.lookup(META, "131047")) == expected(e)


def test_passes_through_lookup_360dialog() -> None:
    assert "360dialog" in THROUGH
    e = next(e for e in CODES if e["code"] == 131047)
    for pid in THROUGH:
        assert got(wa_errors.lookup(pid, 131047)) == expected(e)
        assert got(wa_errors.lookup(pid, "131047")) == expected(e)


@pytest.mark.parametrize("e", [e for p, e in entries(kind="error_code") if p == "twilio"], ids=lambda e: e["id"])
def test_lookup_twilio_codes(e: dict[str, Any]) -> None:
    statuses = {x["http_status"] for p, x in entries(kind="http_status") if p == "twilio"}
    if e["code"] in statuses:
        pytest.skip("a status entry outranks a code of the same number")
    assert got(wa_errors.lookup("twilio", e["code"])) == ("twilio", e["id"])
    assert got(wa_errors.lookup("twilio", str(e["code"]))) == ("twilio", e["id"])


# --- classify -----------------------------------------------------------------------------------


@pytest.mark.parametrize("e", CODES, ids=lambda e: e["id"])
def test_classify_meta_error_body(e: dict[str, Any]) -> None:
    body = error_body(e)
    for given in (body, json.dumps(body), json.dumps(body).encode()):
        assert got(wa_errors.classify(META, 400, given)) == expected(e)
        assert got(wa_errors.classify(META, e.get("http_status"), given)) == expected(e)
    for pid in THROUGH:
        assert got(wa_errors.classify(pid, 400, body)) == expected(e)


@pytest.mark.parametrize("e", SUBCODES, ids=lambda e: e["id"])
def test_classify_code_and_subcode(e: dict[str, Any]) -> None:
    assert got(wa_errors.classify(META, 400, error_body(e, e["subcode"]))) == expected(e)
    plain = [x for x in CODES if x["code"] == e["code"]]
    if plain:  # the code without the subcode is the plain code's entry
        assert got(wa_errors.classify(META, 400, error_body(e))) == expected(plain[0])


@pytest.mark.parametrize("e", CODES, ids=lambda e: e["id"])
def test_classify_code_in_text_without_status(e: dict[str, Any]) -> None:
    for text in (f"(#{e['code']}) {text_of(e)}", f"{e['code']}: {text_of(e)}"):
        assert got(wa_errors.classify(META, None, text)) == expected(e), text
        assert got(wa_errors.classify(META, None, text.encode())) == expected(e), text


def test_classify_131026_as_text() -> None:
    e = next(e for e in CODES if e["code"] == 131026)
    assert got(wa_errors.classify(META, None, f"(#131026) {text_of(e)}")) == expected(e)
    assert got(wa_errors.classify(META, None, f"131026: {text_of(e)}")) == expected(e)


@pytest.mark.parametrize("e", CODES[::7], ids=lambda e: e["id"])
def test_classify_reseller_envelopes(e: dict[str, Any]) -> None:
    inner = error_body(e)
    detail_wrapped = {"detail": inner}  # Marketing Messages API: {"detail": {"error": {...}}}
    listed = {"meta": {"success": False, "http_code": 400}, "errors": [error_object(e)]}
    for pid in [META, *THROUGH]:
        for body in (detail_wrapped, listed, json.dumps(detail_wrapped), json.dumps(listed).encode()):
            assert got(wa_errors.classify(pid, 400, body)) == expected(e), (pid, body)
    # unwrapped error object and a bare errors list
    assert got(wa_errors.classify(META, 400, inner["error"])) == expected(e)
    assert got(wa_errors.classify(META, 400, [error_object(e)])) == expected(e)


# --- scan_webhook -------------------------------------------------------------------------------


def failed_status_webhook(e: dict[str, Any], field: str, webhook_type: str | None) -> dict[str, Any]:
    """A full Meta webhook in the shape of the entry's surface field, errors[] carrying Meta's error object."""
    container = field.rsplit(".", 1)[0]  # ...statuses[].errors[]
    payload: dict[str, Any] = merge({"object": "whatsapp_business_account"}, nest(container, error_object(e)))
    change = payload["entry"][0]["changes"][0]
    change["field"] = webhook_type or "messages"
    value = change["value"]
    value["messaging_product"] = "whatsapp"
    if "statuses" in value:
        value["statuses"][0].update({"id": "wamid.HBgL", "status": "failed", "recipient_id": "15550001111"})
    return payload


@pytest.mark.parametrize(("e", "s"), HOOK_SURFACES, ids=ids([(s["where"], e) for e, s in HOOK_SURFACES]))
def test_scan_meta_webhook_shapes(e: dict[str, Any], s: dict[str, Any]) -> None:
    payload = failed_status_webhook(e, s["field"], s.get("webhook_type"))
    want = (META, e["id"], s["field"].replace("[]", "[0]"))
    for given in (payload, json.dumps(payload), json.dumps(payload).encode()):
        for provider in (None, META, *THROUGH):
            found = [(f.entry.provider, f.entry.id, f.path) for f in wa_errors.scan_webhook(given, provider)]
            assert want in found, (provider, found)
    value = payload["entry"][0]["changes"][0]["value"]
    inside_value = s["field"].split(".value.", 1)[1].replace("[]", "[0]")
    for only_value, prefix in ((value, ""), ([value], "[0].")):
        in_value = [(f.entry.id, f.path) for f in wa_errors.scan_webhook(only_value, META)]
        assert (e["id"], prefix + inside_value) in in_value, in_value
    errors = get_errors(value)
    in_errors = [(f.entry.id, f.path, f.value) for f in wa_errors.scan_webhook(errors, META)]
    assert (e["id"], "[0].code", e["code"]) in in_errors, in_errors
    assert wa_errors.scan_webhook(errors)  # without a provider too


def get_errors(value: dict[str, Any]) -> list[Any]:
    for key in ("statuses", "messages", "history"):
        if key in value:
            errors: list[Any] = value[key][0]["errors"]
            return errors
    errors = value["errors"]
    return errors


def test_scan_failed_131047_webhook() -> None:
    e = next(e for e in CODES if e["code"] == 131047)
    s = next(s for s in e["surface"] if s["where"] == "outgoing_status_webhook")
    payload = failed_status_webhook(e, s["field"], s.get("webhook_type"))
    findings = wa_errors.scan_webhook(payload)
    assert [(f.entry.id, f.path, f.value) for f in findings if f.entry.provider == META] == [
        (e["id"], s["field"].replace("[]", "[0]"), 131047)
    ]


def test_successful_status_webhook_reports_nothing() -> None:
    e = CODES[0]
    s = next(s for _e, s in HOOK_SURFACES if "statuses" in s["field"])
    payload = failed_status_webhook(e, s["field"], s.get("webhook_type"))
    status = payload["entry"][0]["changes"][0]["value"]["statuses"][0]
    del status["errors"]
    status["status"] = "delivered"
    assert [f for f in wa_errors.scan_webhook(payload) if f.entry.provider == META] == []


@pytest.mark.parametrize(("e", "s"), BARE_HOOK_SURFACES, ids=ids([(s["where"], e) for e, s in BARE_HOOK_SURFACES]))
def test_scan_bare_webhook_shapes(e: dict[str, Any], s: dict[str, Any]) -> None:
    """An On-Premises status webhook ({"statuses": [{"errors": [...]}]}) or a bare value object: the code
    inside errors[] is found as a code, even where it equals an HTTP status (On-Prem 400 is not HTTP 400)."""
    container = s["field"].rsplit(".", 1)[0]
    payload = nest(container, error_object(e))
    for provider in (META, *THROUGH):
        found = [(f.entry.provider, f.entry.id, f.path) for f in wa_errors.scan_webhook(payload, provider)]
        assert (META, e["id"], s["field"].replace("[]", "[0]")) in found, (provider, found)
