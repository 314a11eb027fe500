"""Duplicate safety is provider data the runtime surfaces (issue 14.4).

Every entry that says a resend may duplicate a message belongs to a provider whose catalog says
how to reconcile before resending; the advice comes back whole from wa_errors.duplicate_safety.
"""

from __future__ import annotations

from conftest import catalog

import wa_errors


def test_every_may_have_taken_effect_entry_has_reconcile_advice() -> None:
    seen = 0
    for p in catalog().providers:
        for e in p.entries:
            if not e["retry"]["may_have_taken_effect"]:
                continue
            seen += 1
            advice = wa_errors.duplicate_safety(p.id)
            assert advice is not None, (p.id, e["id"])
            assert advice.after_ambiguous and advice.source, (p.id, e["id"])
    assert seen


def test_advice_is_the_catalog_block() -> None:
    for p in catalog().providers:
        for block in p.meta.get("duplicate_safety", []):
            advice = wa_errors.duplicate_safety(p.id, block["operation"])
            assert advice is not None and advice.provider == p.id
            assert (advice.mechanism, advice.after_ambiguous) == (block["mechanism"], block["after_ambiguous"])
            assert advice.reconcile_with == tuple(block.get("reconcile_with", []))
            assert [s.url for s in advice.source] == [s["url"] for s in block["source"]]


def test_unknown_operation_is_none() -> None:
    assert wa_errors.duplicate_safety("green-api", "no_such_operation") is None
