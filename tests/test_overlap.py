"""The copied-prose check finds a run of 8 words a catalog text shares with a provider text."""

from __future__ import annotations

from pathlib import Path

from wa_errors_build.model import load_catalog
from wa_errors_build.overlap import RUN, overlaps

ROOT = Path(__file__).resolve().parent.parent


def test_overlap_finds_a_copied_run_and_nothing_else(tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "catalog", ROOT)
    providers = [(p.id, p.entries) for p in catalog.providers]
    entry = next(e for e in catalog.providers[0].entries if len(e["cause"].split()) > RUN + 2)
    (tmp_path / "page.txt").write_text("Intro words here. " + entry["cause"] + " Outro.", encoding="utf-8")
    found = overlaps(providers, tmp_path)
    assert any(o.entry == entry["id"] and o.field == "cause" for o in found)
    (tmp_path / "page.txt").write_text("Nothing a catalog entry would ever say, in any words at all.", encoding="utf-8")
    assert overlaps(providers, tmp_path) == []
