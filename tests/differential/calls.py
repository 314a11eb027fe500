"""A seeded, generated set of lookup / classify / scan_webhook calls and the answers they got.

`answers.json.gz` holds what the runtime answered before the one-model redesign (issue 12), for
the catalog of that day; tests/test_differential.py replays the same calls and demands the same
answers. When the catalog's entries change on purpose, record again:
`python tests/differential/calls.py --record` (and say why in the commit).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import wa_errors

ANSWERS = Path(__file__).with_name("answers.json.gz")
SEED = 20261126
PROVIDER_SPELLINGS = {
    "green-api": ["green-api", "GREEN-API", "greenapi"],
    "meta-cloud-api": ["meta-cloud-api", "Meta_Cloud_API", "meta"],
}


def _keys(e: wa_errors.Entry, rnd: random.Random) -> list[object]:
    keys: list[object] = [e.id, e.id.upper()]
    for text in [e.literal, *e.aliases]:
        if isinstance(text, str):
            keys += [text, text.upper(), f"  {text}  ", text.replace(" ", "  "), text[: max(1, len(text) * 2 // 3)]]
            if text.startswith("{{"):
                keys.append(text[2:-2])
    for number in (e.code, e.http_status, e.sip_status):
        if number is not None:
            keys += [number, str(number), f"#{number}"]
    if e.sip_status is not None:
        keys.append(f"sip {e.sip_status}")
    if e.provider_title:
        keys += [e.provider_title, "Error: " + e.provider_title.lower()]
    return keys


def _all_entries(pid: str) -> list[wa_errors.Entry]:
    info = wa_errors.PROVIDERS[pid]
    import importlib

    enum = getattr(importlib.import_module(f"wa_errors.providers.{info.module}"), info.enum)
    seen: dict[str, wa_errors.Entry] = {}
    for member in enum:
        seen.setdefault(member.entry.id, member.entry)
    return list(seen.values())


def _bodies(pid: str, entries: list[wa_errors.Entry], rnd: random.Random) -> Iterator[tuple[Any, object]]:
    codes = [e.code for e in entries if e.code is not None] + [rnd.randrange(0, 200_000) for _ in range(30)]
    texts = [t for e in entries for t in [e.literal, *e.aliases, e.provider_title] if isinstance(t, str)]
    statuses = [None, 200, 400, 401, 403, 404, 429, 466, 499, 500, 502, 503, 302]
    for code in codes:
        st = rnd.choice(statuses)
        yield st, json.dumps({"error": {"message": "x", "type": "OAuthException", "code": code, "fbtrace_id": "A"}})
        yield st, json.dumps({"code": code, "message": rnd.choice(texts), "status": st or 400}).encode()
        yield st, f"Error {code}: something failed"
        yield st, {"errors": [{"code": code, "title": "t"}]}
    for text in texts:
        st = rnd.choice(statuses)
        yield st, text
        yield st, json.dumps({"message": text}).encode()
        yield st, json.dumps({"message": f"Validation failed. Details: {text}"})
        yield st, {"reason": text.lower()}
    for st in range(100, 600, 7):
        yield st, None
        yield st, b"<html>oops</html>"


def _hooks(pid: str, entries: list[wa_errors.Entry], rnd: random.Random) -> Iterator[object]:
    for e in entries:
        for text in [e.literal, *e.aliases]:
            if not isinstance(text, str):
                continue
            yield {"typeWebhook": "incomingMessageReceived",
                   "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": text}}}
            yield {"typeWebhook": "outgoingMessageStatus", "status": text, "description": text}
            yield {"typeWebhook": "stateInstanceChanged", "stateInstance": text}
            yield {"event": text, "data": {"status": text}}
            yield f"MessageStatus={text}&ErrorCode={e.code or ''}"
        if e.code is not None:
            failed = {"status": "failed", "errors": [{"code": e.code}]}
            yield {"entry": [{"changes": [{"value": {"statuses": [failed]}}]}]}
            yield {"entry": [{"changes": [{"value": {"errors": [{"code": e.code, "title": "x"}]}}]}]}
            yield f"MessageStatus=failed&ErrorCode={e.code}"
    for _ in range(50):
        yield {"entry": [{"changes": [{"value": {"statuses": [{"status": "failed",
                                                             "errors": [{"code": rnd.randrange(200_000)}]}]}}]}]}


def _name(e: wa_errors.Entry) -> str:
    return f"{e.provider}/{e.id}/{int(e.documented)}/{e.category}/{e.raw_code}/{e.observed_status}"


def calls() -> Iterator[tuple[str, Any]]:
    """(kind, arguments) for every generated call, in a fixed order."""
    rnd = random.Random(SEED)
    for pid in wa_errors.PROVIDERS:
        entries = _all_entries(pid)
        spellings = PROVIDER_SPELLINGS.get(pid, [pid])
        for e in entries:
            for key in _keys(e, rnd):
                yield "lookup", (rnd.choice(spellings), key)
        for key in [rnd.randrange(-5, 300_000) for _ in range(200)] + ["", "  ", "nothing like this", None, 4.5]:
            yield "lookup", (pid, key)
        for st, body in _bodies(pid, entries, rnd):
            yield "classify", (pid, st, body)
        for hook in _hooks(pid, entries, rnd):
            yield "scan", (pid, hook)
            yield "scan", (None, hook)


def answer(kind: str, args: Any) -> str:
    try:
        if kind == "lookup":
            return _name(wa_errors.lookup(*args))
        if kind == "classify":
            return _name(wa_errors.classify(*args))
        found = wa_errors.scan_webhook(args[1], args[0])
        return ";".join(f"{_name(f.entry)}@{f.path}" for f in found)
    except wa_errors.CatalogError as exc:
        return "!" + type(exc).__name__


def record() -> int:
    answers = [answer(kind, args) for kind, args in calls()]
    ANSWERS.write_bytes(gzip.compress(json.dumps(answers, separators=(",", ":")).encode(), mtime=0))
    print(f"recorded {len(answers)} answers in {ANSWERS}")
    return 0


if __name__ == "__main__":
    sys.exit(record() if "--record" in sys.argv else 0)
