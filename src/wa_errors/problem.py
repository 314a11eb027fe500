"""An entry as RFC 9457 Problem Details (`application/problem+json`), for a service that passes a
provider's error on to its own clients.

    >>> import wa_errors
    >>> from wa_errors.problem import to_problem
    >>> doc = to_problem(wa_errors.lookup("meta-cloud-api", 131047))
    >>> doc["title"], doc["status"], doc["code"], doc["next_action"]
    ('Customer service window closed', 400, '131047', 'send_template')

The RFC's members: `type` (the entry's documentation page; "about:blank" when it has none),
`title`, `status`, `detail` and `instance`. Extension members, none of them an RFC name: `provider`,
`code` (the entry's key), `category`, `next_action`, `scope`, `retryable`, `documented`, and
`raw_code` for an undocumented code. The detail is the caller's text or the entry's remediation,
never a provider's raw body, and credentials in it (and in `instance`) are redacted.
"""

from __future__ import annotations

import http
import json
from typing import Any

from . import Entry, redact

__all__ = ["EXTENSION_MEMBERS", "MEDIA_TYPE", "RFC_MEMBERS", "problem_json", "to_problem"]

MEDIA_TYPE = "application/problem+json"
"""The media type of a Problem Details JSON document (RFC 9457, section 3)."""
RFC_MEMBERS: tuple[str, ...] = ("type", "title", "status", "detail", "instance")
"""The members RFC 9457 defines (section 3.1)."""
EXTENSION_MEMBERS: tuple[str, ...] = (
    "provider", "code", "category", "next_action", "scope", "retryable", "documented", "raw_code",
)
"""The extension members `to_problem` adds (section 3.2); `raw_code` only for an undocumented code."""


def _status(status: object) -> int | None:
    if status is None:
        return None
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"status must be an HTTP status code (100-599), not {status!r}")
    return status


def _title(entry: Entry, status: int | None) -> str:
    """The entry's title; with type about:blank the RFC asks for the status's phrase (section 4.2.1)."""
    if entry.docs_url is None and status is not None:
        try:
            return http.HTTPStatus(status).phrase
        except ValueError:  # a status Python does not know (Green-API 466): keep the entry's title
            pass
    return entry.title


def to_problem(
    entry: Entry, status: int | None = None, detail: str | None = None, instance: str | None = None
) -> dict[str, Any]:
    """The entry as a Problem Details object (a JSON-ready dict).

    `status` is the HTTP status of the answer being described (default: the entry's documented
    http_status; left out when neither is known); `detail` replaces the entry's remediation;
    `instance` is a URI reference for this occurrence. Both texts go through `wa_errors.redact`.
    Raises ValueError for a status outside 100-599.
    """
    code = _status(status if status is not None else entry.http_status)
    doc: dict[str, Any] = {"type": entry.docs_url or "about:blank", "title": _title(entry, code)}
    if code is not None:
        doc["status"] = code
    doc["detail"] = redact(detail if detail is not None else entry.remediation)
    if instance is not None:
        doc["instance"] = redact(instance)
    doc.update(
        provider=entry.provider,
        code=entry.key,
        category=entry.category,
        next_action=entry.next_action,
        scope=entry.scope,
        retryable=entry.retry.retryable,
        documented=entry.documented,
    )
    if entry.raw_code is not None:
        doc["raw_code"] = entry.raw_code
    return doc


def problem_json(
    entry: Entry,
    status: int | None = None,
    detail: str | None = None,
    instance: str | None = None,
    *,
    indent: int | None = None,
) -> str:
    """`to_problem` as JSON text, the body of an `application/problem+json` answer (UTF-8, not
    ASCII-escaped)."""
    return json.dumps(to_problem(entry, status, detail, instance), ensure_ascii=False, indent=indent)
