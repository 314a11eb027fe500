"""How texts are compared: one definition shared by the runtime and the generators.

The generators import this module to build the tables, so a key is normalised the same way when
the table is written and when a caller's text is looked up.
"""

from __future__ import annotations

import re

TITLE_MIN = 12
"""Shortest provider title or message that may be found inside a longer text (or a cut one)."""
TRUNCATED_MIN = 24
"""Shortest cut-off text that may stand for the provider message it begins."""

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def loose(text: str) -> str:
    """A text as paste damage leaves it comparable: case-folded, every run of punctuation and
    whitespace one space, so lost quotes, collapsed or stripped spaces and a trailing period
    do not matter ("The 'To' number" and "the To number." compare equal)."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()
