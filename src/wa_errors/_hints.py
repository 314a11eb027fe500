"""What the server itself says about retrying one answer, read by the provider's rules (catalog data).

Retry-After (seconds or an HTTP date) is read for every provider. Providers declare their own
hints in `error_body.retry_hints` (Green-API's `leftTime`, Meta's `is_transient` and the
`X-Business-Use-Case-Usage` header's `estimated_time_to_regain_access`). Hints win over the
catalog's advice, within the ceiling `RetryAdvice.retry_after_ceiling` gives (an hour by default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ._entry import parse_retry_after

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

@dataclass(frozen=True, slots=True)
class ServerHints:
    """The server's own retry hints for one answer; every field None when it gave none."""

    delay: float | None = None
    """Seconds the server asks to wait (the longest of its hints), before any ceiling."""
    delay_source: str = ""
    """Which hint asked for it: "retry_after", or the field or header the provider rule names."""
    transient: bool | None = None
    """The server's own word on whether the same request can succeed later (Meta's is_transient)."""
    transient_source: str = ""


def server_hints(
    provider: object, headers: Mapping[str, str] | None = None, body: object = None
) -> ServerHints:
    """The hints in an answer's headers and body, by the provider's `retry_hints` rules."""
    from . import _tables
    from ._body import get_path, parse_body

    lowered = {str(k).lower(): v for k, v in (headers or {}).items()}
    waits: list[tuple[float, str]] = []
    header = lowered.get("retry-after")
    seconds = parse_retry_after(header) if header is not None else None
    if seconds is not None:
        waits.append((seconds, "retry_after"))
    transient: tuple[bool, str] | None = None
    parsed: Any = None
    for t in _tables.chain(provider):
        for rule in t.retry_hints:
            if rule["from"] == "header":
                raw: Any = lowered.get(rule["name"].lower())
                values = [] if raw is None else [raw]
            else:
                if parsed is None:
                    parsed = parse_body(body)[0] or {}
                values = get_path(parsed, rule["name"]) if isinstance(parsed, (dict, list)) else []
            for value in values:
                found = _read(rule, value)
                if isinstance(found, bool):
                    transient = transient or (found, rule["name"])
                elif found is not None:
                    waits.append((found, rule["name"]))
    delay, source = max(waits) if waits else (None, "")
    return ServerHints(delay, source, transient[0] if transient else None, transient[1] if transient else "")


def _read(rule: dict[str, str], value: Any) -> float | bool | None:
    """One hint's value: seconds to wait, a transient flag, or None when it cannot be read."""
    means = rule["means"]
    if means == "transient":
        return value if isinstance(value, bool) else None
    if means == "wait_seconds":
        return parse_retry_after(value) if isinstance(value, (int, float, str)) else None
    if means == "usage_minutes_json":
        return _usage_wait(value, rule["json_key"])
    return None


def _usage_wait(raw: Any, key: str) -> float | None:
    """Seconds from a usage header's JSON: the largest value under `key` anywhere in it (minutes;
    Meta's `estimated_time_to_regain_access`)."""
    try:
        doc = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    stack: list[Any] = [doc]
    minutes: list[float] = []
    while stack and len(minutes) < 100:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
                minutes.append(float(value))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node[:100])
    return max(minutes) * 60.0 if minutes else None
