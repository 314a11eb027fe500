"""Every entry of every provider says what to do next and what it blocks (issue 14.1-2).

Expectations come from the catalog: the vocabularies and each category's default and allowed list
in categories.yaml, an entry's own override in its provider file.
"""

from __future__ import annotations

import pytest
from conftest import catalog

import wa_errors


def test_every_entry_has_a_next_action_and_scope_its_category_allows() -> None:
    vocab = catalog().vocabulary
    checked = 0
    for p in catalog().providers:
        raw = {e["id"]: e for e in p.entries}
        for e in p.entries:
            got = wa_errors.lookup(p.id, e["id"])
            category = catalog().categories[got.category]
            assert got.next_action in vocab["next_actions"] and got.scope in vocab["scopes"], (p.id, e["id"])
            assert got.next_action in category["next_actions"], (p.id, e["id"])
            assert got.next_action == raw[e["id"]].get("next_action", category["next_action"])
            assert got.scope == raw[e["id"]].get("scope", category["scope"])
            checked += 1
    assert checked == sum(len(p.entries) for p in catalog().providers)


def test_undocumented_answers_get_their_categorys_defaults() -> None:
    for status in (418, 429, 503, 302):
        for p in catalog().providers:
            got = wa_errors.classify(p.id, status, b"\x00 not anything documented")
            if got.documented:
                continue
            category = catalog().categories[got.category]
            assert (got.next_action, got.scope) == (category["next_action"], category["scope"])


@pytest.mark.parametrize("pid", [p.id for p in catalog().providers])
def test_exceptions_carry_them(pid: str) -> None:
    for e in catalog().by_id[pid].entries:
        entry = wa_errors.lookup(pid, e["id"])
        if entry.kind != "http_status" or not entry.is_error:
            continue
        with pytest.raises(wa_errors.ProviderError) as caught:
            wa_errors.raise_for_response(pid, entry.http_status, b"")
        assert caught.value.entry.id == entry.id
        assert (caught.value.next_action, caught.value.scope) == (e["next_action"], e["scope"])
