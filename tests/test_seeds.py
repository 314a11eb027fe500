"""Every HTTP code, Error ID and marker in the seed documents (an outside source) is in the catalog."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import catalog

import wa_errors
from wa_errors._rules import norm as normalise


def _seed(seeds_dir: Path, needle: str) -> str:
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if needle in text:
            return text
    raise AssertionError(f"no seed mentions {needle!r}")


def test_green_api_http_rows_are_catalogued(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "Common errors")
    rows = re.findall(r"^(\d{3}) (.+)$", text, flags=re.M)
    assert len(rows) >= 8
    provider = catalog().by_id["green-api"]
    for status, rest in rows:
        literals = [
            normalise(t)
            for e in provider.entries
            if e.get("http_status") == int(status)
            for t in [e.get("literal"), *e["aliases"]]
            if t
        ]
        assert any(normalise(rest).startswith(lit) for lit in literals), (status, rest[:60])
        # and the runtime finds the same entry from the Error ID text alone
        error_id = next(lit for lit in literals if normalise(rest).startswith(lit))
        assert wa_errors.lookup("green-api", error_id).http_status == int(status)


def test_green_api_markers_are_catalogued(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "SWE001")
    markers = sorted(set(re.findall(r"\{\{SWE\d{3}\}\}", text)))
    assert markers, "the seed lists markers"
    for marker in markers:
        entry = wa_errors.lookup("green-api", marker)
        assert entry.kind == "webhook_marker"
        assert marker in [entry.literal, *entry.aliases]


def test_2chat_codes_are_catalogued(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "2Chat")
    codes = [int(c) for c in re.findall(r"^(\d{3}) \|", text, flags=re.M)]
    assert len(codes) >= 10
    for code in codes:
        entry = wa_errors.lookup("2chat", code)
        assert entry.kind == "http_status" and entry.http_status == code
    # the prose names 404 as an example: it is catalogued too
    assert "404" in text
    assert wa_errors.lookup("2chat", 404).http_status == 404
