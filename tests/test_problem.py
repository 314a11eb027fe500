"""wa_errors.problem: entries as RFC 9457 Problem Details, read from the entry, never leaking a secret."""

from __future__ import annotations

import http
import json
import re

import pytest

import wa_errors
from wa_errors._catalog import data
from wa_errors._tables import tables
from wa_errors.problem import EXTENSION_MEMBERS, MEDIA_TYPE, RFC_MEMBERS, problem_json, to_problem

RFC_9457_MEMBERS = {"type", "title", "status", "detail", "instance"}
EXTENSION_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,}$")  # RFC 9457 section 3.2's advice for extension names
ALL = [e for pid in sorted(wa_errors.PROVIDERS) for e in tables(pid).entries]
GREEN = next(p for p in data()["providers"] if p["id"] == "green-api")
REDACT = GREEN["redact"][0]


def fallbacks() -> list[wa_errors.Entry]:
    return [
        wa_errors.classify("meta-cloud-api", 400, {"error": {"code": 987654321, "message": "brand new"}}),
        wa_errors.classify("2chat", 418, b"I'm a teapot"),
        wa_errors.classify("green-api", 599, b""),
    ]


def test_media_type_and_member_names() -> None:
    assert MEDIA_TYPE == "application/problem+json"
    assert set(RFC_MEMBERS) == RFC_9457_MEMBERS
    assert not set(EXTENSION_MEMBERS) & RFC_9457_MEMBERS
    assert all(EXTENSION_NAME.match(name) for name in EXTENSION_MEMBERS)


def test_every_entry_renders_from_its_own_fields() -> None:
    assert len(ALL) > 100
    for e in [*ALL, *fallbacks()]:
        doc = to_problem(e)
        assert set(doc) <= RFC_9457_MEMBERS | set(EXTENSION_MEMBERS), e.id
        assert doc["type"] == (e.docs_url or "about:blank")
        if e.docs_url:
            assert doc["title"] == e.title
        if e.http_status is None:
            assert "status" not in doc
        else:
            assert doc["status"] == e.http_status
        assert doc["detail"] == wa_errors.redact(e.remediation)
        assert "instance" not in doc
        assert doc["provider"] == e.provider and doc["code"] == e.key and doc["category"] == e.category
        assert doc["next_action"] == e.next_action and doc["scope"] == e.scope
        assert doc["retryable"] is e.retry.retryable and doc["documented"] is e.documented
        assert doc.get("raw_code") == e.raw_code
        assert json.loads(json.dumps(doc)) == doc
        assert json.loads(problem_json(e)) == doc


def test_about_blank_takes_the_status_phrase() -> None:
    for e in fallbacks():
        assert e.docs_url is None and not e.documented
        doc = to_problem(e)
        assert doc["type"] == "about:blank"
        known = "status" in doc and doc["status"] in {s.value for s in http.HTTPStatus}
        assert doc["title"] == (http.HTTPStatus(doc["status"]).phrase if known else e.title)
    meta = fallbacks()[0]
    assert to_problem(meta)["raw_code"] == meta.raw_code is not None
    assert to_problem(meta, status=502)["title"] == http.HTTPStatus(502).phrase


def test_arguments_win_over_the_entry() -> None:
    e = next(x for x in ALL if x.http_status is not None and x.docs_url)
    doc = to_problem(e, status=502, detail="upstream said no", instance="urn:uuid:1234")
    assert (doc["status"], doc["detail"], doc["instance"]) == (502, "upstream said no", "urn:uuid:1234")
    assert doc["title"] == e.title
    assert json.loads(problem_json(e, 502, "upstream said no", "urn:uuid:1234", indent=2)) == doc
    for bad in (99, 600, True, "400", 4.0):
        with pytest.raises(ValueError):
            to_problem(e, status=bad)  # type: ignore[arg-type]


def test_no_credential_survives() -> None:
    rx = re.compile(REDACT["regex"])
    e = wa_errors.lookup("green-api", 400)
    assert REDACT["examples"]
    for example in REDACT["examples"]:
        secret = rx.search(example)
        assert secret is not None
        token = secret.group(1)
        text = problem_json(e, detail=f"upstream answered {example}", instance=example)
        assert token not in text and token not in json.dumps(to_problem(e, detail=example, instance=example))
        assert "***" in json.loads(text)["detail"] and "***" in json.loads(text)["instance"]


def test_never_the_raw_body() -> None:
    token = re.compile(REDACT["regex"]).search(REDACT["examples"][0])
    assert token is not None
    body = REDACT["examples"][0].encode()
    e = wa_errors.classify("green-api", 400, body)
    doc = to_problem(e)
    assert doc["detail"] == wa_errors.redact(e.remediation)
    assert token.group(1) not in json.dumps(doc)


def test_unicode_is_kept() -> None:
    e = ALL[0]
    assert "é" in problem_json(e, detail="réessayer")


def test_cli_format_problem_prints_the_same_document() -> None:
    import io

    from wa_errors.cli import UsageError, run

    entry = wa_errors.lookup("meta-cloud-api", 131047)
    out, err = io.StringIO(), io.StringIO()
    assert run(["--format", "problem", "lookup", "meta-cloud-api", entry.key], out, err) == 0
    assert json.loads(out.getvalue()) == wa_errors.to_problem(entry)
    out = io.StringIO()
    assert run(["classify", "--format", "problem", "meta-cloud-api", "--status", "400", "--body",
                json.dumps({"error": {"code": entry.code}})], out, err) == 0
    assert json.loads(out.getvalue()) == wa_errors.to_problem(entry, 400)
    with pytest.raises(UsageError, match="problem"):  # main() prints it and exits 2
        run(["--format", "problem", "list"], io.StringIO(), err)
