"""The real-world corpus: payloads as public issues, SDK fixtures, logs and reseller docs show them.

Each record says what the answer must be (tests/corpus/README.md). At least 95% must be right;
every record the runtime gets wrong is listed with why in tests/corpus/expected_misses.json, and
a listed record that starts passing fails the test too, so the list never goes stale.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import wa_errors

CORPUS = Path(__file__).resolve().parent / "corpus"
MISSES: dict[str, str] = json.loads((CORPUS / "expected_misses.json").read_text(encoding="utf-8"))
PROVIDER_IDS = set(wa_errors.PROVIDERS)


def records() -> list[dict[str, Any]]:
    out = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                rec["_where"] = f"{path.name}:{n}"
                out.append(rec)
    return out


RECORDS = records()


def entry_key(e: wa_errors.Entry) -> tuple[str, str, bool]:
    return (e.provider, e.id, e.documented)


def expected_entry(provider: str, key: Any) -> tuple[str, str, bool]:
    return entry_key(wa_errors.lookup(provider, key))


def verdict(rec: dict[str, Any]) -> str | None:
    """None when the runtime answers as the record expects, else what went wrong."""
    provider, expect, call = rec["provider"], rec["expect"], rec["call"]
    try:
        if call == "scan_webhook":
            found = wa_errors.scan_webhook(rec["body"], provider)
            got = Counter(entry_key(f.entry) for f in found if f.entry.documented)
            want = Counter(expected_entry(provider, k) for k in expect.get("keys", []))
            fallbacks = sum(1 for f in found if not f.entry.documented)
            if set(got) != set(want) or fallbacks != expect.get("undocumented", 0):
                return f"findings {sorted(got)} + {fallbacks} undocumented, expected {sorted(want)}"
            return None
        if call == "lookup":
            got_e = wa_errors.lookup(provider, rec["body"])
        else:
            got_e = wa_errors.classify(provider, rec.get("status"), rec["body"], rec.get("headers"))
    except LookupError as exc:
        return f"{type(exc).__name__}: {exc}"
    if expect.get("undocumented"):
        if got_e.documented:
            return f"gave {got_e.provider}/{got_e.id}, expected the undocumented fallback"
        if "raw_code" in expect and got_e.raw_code != expect["raw_code"]:
            return f"fallback kept raw_code {got_e.raw_code}, expected {expect['raw_code']}"
        return None
    try:
        want_e = expected_entry(provider, expect["key"])
    except LookupError as exc:
        return f"expected key not in the catalog: {exc}"
    if entry_key(got_e) != want_e:
        return f"gave {got_e.provider}/{got_e.id}, expected {want_e[0]}/{want_e[1]}"
    return None


def test_corpus_is_real_and_broad() -> None:
    """At least 120 records, every provider represented, each with a source and a known call."""
    assert len(RECORDS) >= 120
    assert {r["provider"] for r in RECORDS} == PROVIDER_IDS
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    for r in RECORDS:
        assert r["call"] in ("classify", "scan_webhook", "lookup"), r["_where"]
        assert r["source"].startswith(("https://", "http://")) or "@" in r["source"], r["_where"]
        assert r["expect"], r["_where"]
    assert set(MISSES) <= set(ids), set(MISSES) - set(ids)


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
def test_corpus_record(rec: dict[str, Any]) -> None:
    problem = verdict(rec)
    if rec["id"] in MISSES:
        assert problem is not None, f"{rec['id']} now passes: remove it from expected_misses.json"
        return
    assert problem is None, f"{rec['_where']} {rec['id']}: {problem} (source {rec['source']})"


def test_corpus_score() -> None:
    right = sum(1 for r in RECORDS if verdict(r) is None)
    assert right / len(RECORDS) >= 0.95, f"{right}/{len(RECORDS)} right"
