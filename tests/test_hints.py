"""Server hints win over the catalog's advice, within the ceiling, and say which source decided (issue 14.3).

The hint rules are read from the catalog (each provider's error_body.retry_hints), so these tests
find the rules there and build answers that carry them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import catalog

import wa_errors


def rules(means: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (p.id, rule)
        for p in catalog().providers
        for rule in (p.meta.get("error_body") or {}).get("retry_hints", [])
        if rule["means"] == means
    ]


def nest(path: str, value: Any) -> dict[str, Any]:
    out: Any = value
    for key in reversed(path.split(".")):
        out = {key: out}
    result: dict[str, Any] = out
    return result


def retryable_entry(pid: str) -> wa_errors.Entry:
    return next(e for e in wa_errors.find(pid, 429) if e.retry.retryable)


def test_every_kind_of_hint_is_declared_somewhere() -> None:
    for means in ("wait_seconds", "usage_minutes_json", "transient"):
        assert rules(means), means


@pytest.mark.parametrize(("pid", "rule"), rules("wait_seconds"))
def test_body_wait_wins_and_names_its_field(pid: str, rule: dict[str, Any]) -> None:
    hints = wa_errors.server_hints(pid, None, json.dumps(nest(rule["name"], 42)))
    assert (hints.delay, hints.delay_source) == (42.0, rule["name"])
    entry = wa_errors.lookup(pid, 429)
    delay = entry.retry.delay(1, hints=hints)
    if entry.retry.retryable:
        ceiling = entry.retry.retry_after_ceiling()
        assert delay is not None and (delay.seconds, delay.source) == (min(42.0, ceiling), rule["name"])


@pytest.mark.parametrize(("pid", "rule"), rules("wait_seconds") + rules("usage_minutes_json"))
def test_a_hint_above_the_ceiling_is_cut(pid: str, rule: dict[str, Any]) -> None:
    huge = 10**7
    if rule["from"] == "header":
        usage = {"1": [{rule["json_key"]: huge}]}
        hints = wa_errors.server_hints(pid, {rule["name"]: json.dumps(usage)})
    else:
        hints = wa_errors.server_hints(pid, None, json.dumps(nest(rule["name"], huge)))
    entry = retryable_entry(pid)
    delay = entry.retry.delay(1, hints=hints)
    assert delay is not None and delay.capped and delay.seconds == entry.retry.retry_after_ceiling()
    assert delay.requested == hints.delay and delay.source == rule["name"]


@pytest.mark.parametrize(("pid", "rule"), rules("usage_minutes_json"))
def test_usage_header_minutes_become_seconds(pid: str, rule: dict[str, Any]) -> None:
    header = {"123": [{"type": "whatsapp", rule["json_key"]: 2}, {rule["json_key"]: 5}]}
    hints = wa_errors.server_hints(pid, {rule["name"].lower(): json.dumps(header)})
    assert (hints.delay, hints.delay_source) == (300.0, rule["name"])
    assert wa_errors.server_hints(pid, {rule["name"]: "not json"}).delay is None


@pytest.mark.parametrize(("pid", "rule"), rules("transient"))
def test_is_transient_overrides_whether_to_retry(pid: str, rule: dict[str, Any]) -> None:
    never = next(e for e in _entries(pid) if not e.retry.retryable and e.is_error)
    yes = wa_errors.server_hints(pid, None, json.dumps(nest(rule["name"], True)))
    no = wa_errors.server_hints(pid, None, json.dumps(nest(rule["name"], False)))
    assert yes.transient is True and no.transient is False
    found = never.retry.delay(1, hints=yes)
    assert found is not None and found.source == rule["name"]
    assert retryable_entry(pid).retry.delay(1, hints=no) is None


def _entries(pid: str) -> list[wa_errors.Entry]:
    return [wa_errors.lookup(pid, e["id"]) for e in catalog().by_id[pid].entries]


def test_retry_after_counts_only_where_the_entry_honours_it() -> None:
    for p in catalog().providers:
        for e in p.entries:
            entry = wa_errors.lookup(p.id, e["id"])
            if not entry.retry.retryable:
                continue
            delay = entry.retry.delay(1, hints=wa_errors.server_hints(p.id, {"Retry-After": "7"}))
            assert delay is not None
            assert (delay.source == "retry_after") == entry.retry.respect_retry_after, (p.id, e["id"])


def test_exception_delay_reads_the_answers_hints() -> None:
    pid, rule = rules("wait_seconds")[0]
    entry = retryable_entry(pid)
    body = json.dumps(nest(rule["name"], 9))
    with pytest.raises(wa_errors.ProviderError) as caught:
        wa_errors.raise_for_response(pid, entry.http_status, body)
    if caught.value.entry.retry.retryable:
        delay = caught.value.delay(1)
        want = min(9.0, caught.value.entry.retry.retry_after_ceiling())
        assert delay is not None and (delay.seconds, delay.source) == (want, rule["name"])
    assert caught.value.next_action == caught.value.entry.next_action
