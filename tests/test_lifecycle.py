"""wa_errors.lifecycle: lifecycle records, webhook-only failures and the fold of status webhooks.

Every expectation comes from the catalog's `lifecycle` blocks (the YAML source and the shipped
catalog.json), never from retyped status literals, so the tests keep holding when a block changes
or a provider gains one.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import json
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, catalog

import wa_errors
from wa_errors import lifecycle as lcm
from wa_errors._catalog import data
from wa_errors.lifecycle import (
    Lifecycle,
    MessageState,
    NoLifecycleError,
    accepted_but_failed,
    advance,
    fold,
    lifecycle,
    webhook_only_failures,
)

BLOCKS = {p["id"]: p["lifecycle"] for p in data()["providers"] if p.get("lifecycle")}
WITH = sorted(BLOCKS)
WITHOUT = sorted(p["id"] for p in data()["providers"] if not p.get("lifecycle"))
SEED = 20261126


def lc_of(pid: str) -> Lifecycle:
    found = lifecycle(pid)
    assert found is not None
    return found


def ev(lc: Lifecycle, status: str, **extra: Any) -> dict[str, Any]:
    """A raw status webhook of the provider: the status under the catalog's status_field."""
    return {lc.status_field: status, **extra}


def expected_end(lc: Lifecycle, statuses: list[str]) -> str:
    """The reference model for a set with at most one final status: that final, else the furthest."""
    finals = [s for s in statuses if s in lc.final]
    if finals:
        return finals[0]
    return max(statuses, key=lambda s: lc.rank(s) or 0)


def test_catalog_has_lifecycle_data() -> None:
    assert WITH, "no provider documents a lifecycle: these tests would be vacuous"


# --- the records ---------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", WITH)
def test_record_is_the_catalog_block(pid: str) -> None:
    yaml_block = catalog().by_id[pid].meta["lifecycle"]
    for block in (BLOCKS[pid], yaml_block):
        lc = lc_of(pid)
        assert lc.provider == lc.data_from == pid
        assert lc.order == tuple(block["order"])
        assert lc.final == tuple(block["final"])
        assert lc.failed == tuple(block["failed"])
        assert lc.status_field == block.get("status_field", "status")
        assert lc.source_urls == tuple(s["url"] for s in block["source"])
        assert [(s.checked, s.evidence) for s in lc.source] == [(s["checked"], s["evidence"]) for s in block["source"]]


@pytest.mark.parametrize("pid", WITH)
def test_every_literal_is_a_message_status_entry(pid: str) -> None:
    lc = lc_of(pid)
    for status in lc.statuses:
        entry = lc.entry(status)
        assert entry is not None and entry.kind == "message_status" and entry.literal == status
        assert lc.canonical(status.upper()) == status
    for status in lc.failed:
        entry = lc.entry(status)
        assert entry is not None and entry.is_error, status


@pytest.mark.parametrize("pid", WITHOUT)
def test_no_block_gives_none_or_the_passed_through_one(pid: str) -> None:
    through = wa_errors.PROVIDERS[pid].passes_through
    found = lifecycle(pid)
    if through is None or lifecycle(through) is None:
        assert found is None
        with pytest.raises(NoLifecycleError):
            fold([{"status": "sent"}], pid)
        with pytest.raises(LookupError):
            advance(MessageState(), {"status": "sent"}, pid)
    else:
        assert found is not None and found.data_from == through and found.provider == pid


def test_any_spelling_and_unknown_provider() -> None:
    pid = WITH[0]
    assert lifecycle(wa_errors.Provider(pid)) == lifecycle(pid)
    with pytest.raises(wa_errors.UnknownProviderError):
        lifecycle("no-such-provider")


@pytest.fixture()
def meta_block() -> Iterator[dict[str, Any]]:
    """Meta with a lifecycle block added to the data, as it will be once documented."""
    block = {
        "status_field": "status",
        "order": ["sent", "delivered", "read"],
        "final": ["read", "failed"],
        "failed": ["failed"],
        "source": [{"url": "https://example.invalid/statuses", "checked": "2026-11-26", "evidence": "observed"}],
    }
    patched = copy.deepcopy(data())
    for p in patched["providers"]:
        if p["id"] == "meta-cloud-api":
            p["lifecycle"] = block
    original = lcm.data
    lcm.data = lambda: patched
    lcm._lifecycle.cache_clear()
    try:
        yield block
    finally:
        lcm.data = original
        lcm._lifecycle.cache_clear()


def test_works_as_soon_as_data_is_added(meta_block: dict[str, Any]) -> None:
    meta, dialog = lc_of("meta-cloud-api"), lc_of("360dialog")
    assert meta.order == tuple(meta_block["order"])
    assert dialog.data_from == "meta-cloud-api" and dialog.order == meta.order
    failure = next(e for e in webhook_only_failures("meta-cloud-api") if e.code is not None)
    status_object = {"id": "wamid.X", "status": meta_block["failed"][0], "timestamp": "1700000000",
                     "errors": [{"code": failure.code, "title": failure.title}]}
    for pid in ("meta-cloud-api", "360dialog"):
        state = fold([{"id": "wamid.X", "status": meta_block["order"][0]}, status_object], pid)
        assert state.status == meta_block["failed"][0] and accepted_but_failed(state)
        assert state.message_id == "wamid.X" and state.updated_at == 1700000000.0
        assert [e.id for e in state.errors] == [failure.id]
    unknown = fold([{"status": meta_block["failed"][0], "error": 987654321}], "meta-cloud-api")
    assert [(e.documented, e.raw_code) for e in unknown.errors] == [(False, 987654321)]


# --- webhook-only failures -----------------------------------------------------------------------


@pytest.mark.parametrize("pid", sorted(wa_errors.PROVIDERS))
def test_webhook_only_failures(pid: str) -> None:
    found = webhook_only_failures(pid)
    wider = webhook_only_failures(pid, where=None)
    assert set(found) <= set(wider)
    for e in wider:
        assert e.is_error and e.surface
        assert all(s.where != "sync_response" and s.where.endswith("_webhook") for s in e.surface), e.id
    for e in found:
        assert any(s.where == "outgoing_status_webhook" for s in e.surface), e.id
    chain = [pid]
    while wa_errors.PROVIDERS[chain[-1]].passes_through:
        chain.append(wa_errors.PROVIDERS[chain[-1]].passes_through)
    expected = {
        (owner, e["id"])
        for owner in chain
        for e in catalog().by_id[owner].entries
        if e["surface"] and all(s["where"] == "outgoing_status_webhook" for s in e["surface"])
        and wa_errors.lookup(owner, e["id"]).is_error
    }
    assert expected <= {(e.provider, e.id) for e in found}


@pytest.mark.parametrize("pid", WITH)
def test_failed_statuses_only_in_webhooks_are_listed(pid: str) -> None:
    lc = lc_of(pid)
    listed = {e.id for e in webhook_only_failures(pid)}
    for status in lc.failed:
        entry = lc.entry(status)
        assert entry is not None
        if all(s.where != "sync_response" for s in entry.surface):
            assert entry.id in listed


# --- the fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", WITH)
def test_shuffled_order_ends_in_the_last_reached_status(pid: str) -> None:
    lc = lc_of(pid)
    rnd = random.Random(SEED)
    for i, target in enumerate(lc.order):
        reached = [s for s in lc.order[:i] if s not in lc.final] + [target]
        for _ in range(20):
            events = [ev(lc, s) for s in reached]
            rnd.shuffle(events)
            state = fold(events, pid)
            assert (state.status, state.rank) == (target, i), events
            assert state.final == (target in lc.final) and state.failed == (target in lc.failed)
            assert not state.unknown and target not in state.ignored


@pytest.mark.parametrize("pid", WITH)
def test_status_never_moves_backwards(pid: str) -> None:
    lc = lc_of(pid)
    for early, late in itertools.combinations(lc.order, 2):
        if early in lc.final:
            continue
        state = fold([ev(lc, late), ev(lc, early)], pid)
        assert state.status == late and state.ignored == (early,)


@pytest.mark.parametrize("pid", WITH)
def test_final_is_sticky(pid: str) -> None:
    lc = lc_of(pid)
    for final in lc.final:
        for later in lc.statuses:
            if later == final:
                continue
            state = fold([ev(lc, final), ev(lc, later)], pid)
            assert state.status == final and state.final and state.ignored == (later,), (final, later)
            assert accepted_but_failed(state) == (final in lc.failed)


@pytest.mark.parametrize("pid", WITH)
def test_failure_after_success_keeps_success_but_records_errors(pid: str) -> None:
    lc = lc_of(pid)
    for success in (s for s in lc.final if s not in lc.failed):
        for failure in lc.failed:
            state = fold([ev(lc, success), ev(lc, failure)], pid)
            assert state.status == success and not accepted_but_failed(state)
            assert lc.entry(failure) in state.errors


@pytest.mark.parametrize("pid", WITH)
def test_any_final_ends_any_intermediate(pid: str) -> None:
    lc = lc_of(pid)
    for inter in lc.intermediate:
        for final in lc.final:
            state = fold([ev(lc, inter), ev(lc, final)], pid)
            assert state.status == final and state.final
            assert accepted_but_failed(state) == (final in lc.failed)
            if final in lc.failed:
                assert lc.entry(final) in state.errors


@pytest.mark.parametrize("pid", WITH)
def test_every_permutation_of_small_sets_agrees(pid: str) -> None:
    lc = lc_of(pid)
    for size in range(1, 5):
        for subset in itertools.combinations(lc.statuses, size):
            if sum(s in lc.final for s in subset) > 1:
                continue
            want = expected_end(lc, list(subset))
            results = set()
            for perm in itertools.permutations(subset):
                state = fold([ev(lc, s, timestamp=1700000000 + lc.statuses.index(s)) for s in perm], pid)
                results.add((state.status, state.rank, state.final, state.failed, frozenset(state.errors),
                             state.updated_at))
            assert len(results) == 1, (subset, results)
            status, rank, final, failed, _, updated = results.pop()
            assert (status, rank, final, failed) == (want, lc.rank(want), want in lc.final, want in lc.failed)
            assert updated == 1700000000 + lc.statuses.index(want)


@pytest.mark.parametrize("pid", WITH)
def test_unknown_statuses_are_kept_but_change_nothing(pid: str) -> None:
    lc = lc_of(pid)
    first = lc.order[0]
    state = fold([ev(lc, first), ev(lc, "no-such-status"), {"unrelated": 1}, ev(lc, "x.y")], pid)
    assert state.status == first and state.unknown == ("no-such-status", "x.y") and state.events == 4
    assert fold([ev(lc, "no-such-status")], pid) == MessageState(unknown=("no-such-status",))


@pytest.mark.parametrize("pid", WITH)
def test_duplicates_keep_the_earliest_time(pid: str) -> None:
    lc = lc_of(pid)
    s = lc.order[0]
    state = fold([ev(lc, s, timestamp=1700000050), ev(lc, s, timestamp=1700000010), ev(lc, s)], pid)
    assert state.status == s and state.updated_at == 1700000010.0 and not state.ignored


@pytest.mark.parametrize(
    "stamp", [1700000000, 1700000000.0, "1700000000", 1700000000000, "2023-11-14T22:13:20Z", "2023-11-14T22:13:20"]
)
def test_timestamp_forms(stamp: object) -> None:
    lc = lc_of(WITH[0])
    assert fold([ev(lc, lc.order[0], timestamp=stamp)], WITH[0]).updated_at == 1700000000.0


@pytest.mark.parametrize("pid", WITH)
def test_advance_is_pure_and_fold_continues(pid: str) -> None:
    lc = lc_of(pid)
    events = [ev(lc, s) for s in reversed(lc.order)]
    start = MessageState()
    after = advance(start, events[0], pid)
    assert start == MessageState() and after != start
    assert fold(events[1:], pid, state=fold(events[:1], pid)) == fold(events, pid)


@pytest.mark.parametrize("pid", WITH)
def test_message_ids(pid: str) -> None:
    lc = lc_of(pid)
    a, b = lc.order[0], lc.order[-1]
    state = fold([ev(lc, a, idMessage="M1"), ev(lc, b)], pid)
    assert state.message_id == "M1"
    with pytest.raises(ValueError):
        advance(state, ev(lc, b, idMessage="M2"), pid)
    assert fold([json.dumps(ev(lc, a, id="M3")).encode()], pid).message_id == "M3"
    assert fold([b"not json", 42, None], pid) == MessageState()


def test_green_api_raw_webhook_and_journal() -> None:
    pid = "green-api"
    lc = lc_of(pid)
    marker = next(e for e in webhook_only_failures(pid) if any(s.field == "description" for s in e.surface))
    assert marker.literal is not None
    failure = lc.failed[0]
    hook = {"typeWebhook": next(s.webhook_type for s in marker.surface), "chatId": "79001234567@c.us",
            "idMessage": "BAE5F4886F6F2D05", "timestamp": 1700000000, lc.status_field: failure,
            "description": marker.literal, "sendByApi": True}
    state = fold([hook, dict(hook, **{lc.status_field: lc.order[1], "timestamp": 1699999990})], pid)
    assert (state.message_id, state.status, state.updated_at) == ("BAE5F4886F6F2D05", failure, 1700000000.0)
    assert accepted_but_failed(state) and marker in state.errors and lc.entry(failure) in state.errors
    first = lc.entry(lc.order[0])
    assert first is not None
    journal_field = next(s.field for s in first.surface if s.field != lc.status_field)
    assert fold([{journal_field: lc.order[0]}], pid).status == lc.order[0]


# --- docs/lifecycle.md ---------------------------------------------------------------------------

DOC = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```\n```\n(.*?)```", DOC, flags=re.S)


def test_doc_has_examples() -> None:
    assert len(EXAMPLES) == len(re.findall(r"```python\n", DOC)) >= 2


@pytest.mark.parametrize(("code", "expected"), EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_doc_examples_run_and_print_what_the_page_says(code: str, expected: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/lifecycle.md", "exec"), {"__name__": "lifecycle_doc"})
    assert out.getvalue() == expected
