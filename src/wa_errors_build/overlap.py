"""Find prose we may have copied: runs of 8 or more words a catalog text shares with provider texts.

Titles, causes, remediations and notes must be our own words. Provider pages cannot always be kept
in the repository (their licences), so the texts live in a local folder (one .txt or .md file per
page, any layout below it) and this check runs on it: `python -m wa_errors_build overlap DIR`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN = 8
PROSE_FIELDS = ("title", "cause", "remediation", "notes")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Overlap:
    """One catalog field that shares a run of RUN words with a provider text."""

    provider: str
    entry: str
    field: str
    words: str
    found_in: str


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    for i in range(len(tokens) - RUN + 1):
        yield tuple(tokens[i : i + RUN])


def index_texts(folder: Path) -> dict[tuple[str, ...], str]:
    """Every run of RUN words in the folder's texts, with the file it first appears in."""
    seen: dict[tuple[str, ...], str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html") and p.is_file()):
        for run in shingles(words(path.read_text(encoding="utf-8", errors="replace"))):
            seen.setdefault(run, str(path.relative_to(folder)))
    return seen


def overlaps(providers: list[tuple[str, list[dict[str, Any]]]], folder: Path) -> list[Overlap]:
    seen = index_texts(folder)
    out = []
    for pid, entries in providers:
        for e in entries:
            for field in PROSE_FIELDS:
                text = e.get(field)
                if not isinstance(text, str):
                    continue
                prose = re.sub(r"`[^`]*`", " ", text)  # literals in code spans are copied on purpose
                hit = next((run for run in shingles(words(prose)) if run in seen), None)
                if hit is not None:
                    out.append(Overlap(pid, e["id"], field, " ".join(hit), seen[hit]))
    return out
