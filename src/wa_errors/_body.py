"""Read untrusted bodies without ever raising: bounded size, bounded depth, bounded node count.

Only the first MAX_BODY_BYTES of a body are examined. Error bodies are small; a 50 MB body is
therefore read as its first 64 KiB, which keeps classify() well under a millisecond-scale budget
no matter what arrives. Walks are iterative, so deep nesting cannot cause a RecursionError.
"""

from __future__ import annotations

import json
import urllib.parse
from collections import deque
from collections.abc import Iterator
from typing import Any

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 64
MAX_NODES = 20_000
MAX_KEY = 64
"""Longest key kept in a reported path: a 200 KB key must not be copied into every child's path."""
MAX_TEXT = 4096
"""Longest string value matched against literals and patterns."""


def parse_body(body: object) -> tuple[Any, str]:
    """(parsed JSON or None, the body as text); never raises."""
    if body is None:
        return None, ""
    if isinstance(body, (dict, list)):
        return body, ""
    if isinstance(body, (bytes, bytearray, memoryview)):
        text = bytes(body[:MAX_BODY_BYTES]).decode("utf-8", errors="replace")
    elif isinstance(body, str):
        text = body[:MAX_BODY_BYTES]
    else:
        return None, ""
    stripped = text.strip()
    if stripped[:1] in ("{", "[", '"'):
        try:
            return loads(stripped), text
        except (ValueError, RecursionError):
            pass
    return None, text


def int_or_text(digits: str) -> int | str:
    """An integer as int, or as its text when it is too long for int() (Python's digit limit):
    valid JSON with a 5,000-digit number is still read, and no code is that long."""
    return int(digits) if len(digits) <= 64 else digits


def loads(text: str) -> Any:
    """json.loads that reads any valid JSON: huge integers become strings instead of a ValueError."""
    return json.loads(text, parse_int=int_or_text)


def parse_form(text: str) -> dict[str, str] | None:
    """A form-encoded callback (Twilio's status callbacks) as a dict, or None when it is not one."""
    t = text.strip()
    if "=" not in t or " " in t[:200] or t[:1] in ("{", "["):
        return None
    try:
        pairs = urllib.parse.parse_qsl(t[:MAX_BODY_BYTES], keep_blank_values=True, max_num_fields=500)
    except ValueError:
        return None
    return dict(pairs) if pairs else None


def get_path(obj: Any, path: str) -> list[Any]:
    """Values at a dotted path; `key[]` steps into every item of a list. Missing parts give []."""
    current = [obj]
    for step in path.split("."):
        spread = step.endswith("[]")
        key = step[:-2] if spread else step
        nxt = []
        for value in current:
            if isinstance(value, dict) and key in value:
                child = value[key]
                if spread:
                    if isinstance(child, list):
                        nxt.extend(child[:1000])
                else:
                    nxt.append(child)
        current = nxt
        if not current:
            break
    return current


def walk(obj: Any) -> Iterator[tuple[str, str | int | None, Any, Any]]:
    """Every node as (path, key, value, parent), breadth-first, bounded in depth and count."""
    queue: deque[tuple[str, str | int | None, Any, Any, int]] = deque([("", None, obj, None, 0)])
    seen = 0
    while queue and seen < MAX_NODES:
        path, key, value, parent, depth = queue.popleft()
        seen += 1
        yield path, key, value, parent
        if depth >= MAX_DEPTH:
            continue
        if isinstance(value, dict):
            for k, v in list(value.items())[:1000]:
                ks = str(k)[:MAX_KEY]
                queue.append((f"{path}.{ks}" if path else ks, ks, v, value, depth + 1))
        elif isinstance(value, list):
            for i, v in enumerate(value[:1000]):
                queue.append((f"{path}[{i}]", i, v, value, depth + 1))


def as_code(value: Any) -> int | None:
    """An error code given as an int or a digit string; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -(10**12) < value < 10**12 else None  # as bounded as a digit string
    if isinstance(value, str):
        t = value.strip()
        if t.isdigit() and len(t) <= 12 and t.isascii():
            return int(t)
    return None


def shown(value: Any, limit: int) -> str:
    """repr(value) cut to `limit` characters for a message; never raises (deep nesting, huge ints)."""
    try:
        text = repr(value[:limit] if isinstance(value, (str, bytes)) else value)
    except (RecursionError, ValueError):  # a 100k-deep container, an int over 4300 digits
        text = f"<{type(value).__name__}>"
    return text[:limit]
