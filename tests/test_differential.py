"""The redesigned runtime answers every generated call as the runtime before it did (issue 12).

The calls are generated from the catalog with a fixed seed (tests/differential/calls.py); the
answers were recorded before the redesign. A difference names the call and both answers.
"""

from __future__ import annotations

import gzip
import json

from differential.calls import ANSWERS, answer, calls


def test_same_answers_as_before_the_redesign() -> None:
    recorded = json.loads(gzip.decompress(ANSWERS.read_bytes()))
    generated = list(calls())
    assert len(generated) == len(recorded) > 10_000
    diffs = [
        (kind, repr(args)[:160], want, got)
        for (kind, args), want in zip(generated, recorded, strict=True)
        if (got := answer(kind, args)) != want
    ]
    assert not diffs, f"{len(diffs)} of {len(recorded)} answers differ; first: {diffs[:5]}"
    kinds = {kind for kind, _ in generated}
    assert kinds == {"lookup", "classify", "scan"}
    assert sum(1 for a in recorded if a.startswith("!")) < len(recorded) / 2  # mostly real answers
