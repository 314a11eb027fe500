"""Benchmarks, reported as ratios against a baseline measured in the same run (`make bench`).

Absolute times depend on the machine; a ratio to a plain-Python baseline doing the unavoidable
part of the same job (parsing the JSON, one dict lookup) says how much the catalog adds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import timeit
from collections.abc import Callable

import wa_errors

QUIET_WEBHOOK = json.dumps(
    {
        "typeWebhook": "incomingMessageReceived",
        "instanceData": {"idInstance": 1101000001, "wid": "79001234567@c.us", "typeInstance": "whatsapp"},
        "timestamp": 1732500000,
        "idMessage": "F7AEC1B7086ECDC7E6E45923F5EDB825",
        "senderData": {"chatId": "79001234568@c.us", "sender": "79001234568@c.us", "senderName": "Ann"},
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "hello, is the shop open?"}},
    }
).encode()
META_STATUS = json.dumps(
    {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "2"},
                            "statuses": [
                                {
                                    "id": "wamid.X",
                                    "status": "failed",
                                    "timestamp": "1732500000",
                                    "recipient_id": "3",
                                    "errors": [{"code": 131047, "title": "Re-engagement message"}],
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
).encode()
META_ERROR = json.dumps(
    {
        "error": {
            "message": "(#130429) Rate limit hit",
            "type": "OAuthException",
            "code": 130429,
            "error_data": {"messaging_product": "whatsapp", "details": "Cloud API message throughput reached"},
            "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam",
        }
    }
).encode()
GREEN_TEXT = b"instance is starting or not authorized"
BIG = b'{"message": "' + b"a" * (50 * 1024 * 1024) + b'"}'
BIG_PREFIX = BIG[: wa_errors.MAX_BODY_BYTES]


def best(fn: Callable[[], object], number: int) -> float:
    """Seconds per call: the best of five runs (the least disturbed by the rest of the machine)."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def cold_import(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    return min(runs)


def main() -> int:
    for pid in wa_errors.PROVIDERS:  # warm: tables load on first use, measured separately below
        wa_errors.classify(pid, 400, b"{}")
    table = [
        (
            "scan_webhook(quiet Green-API webhook)",
            lambda: wa_errors.scan_webhook(QUIET_WEBHOOK),
            "json.loads(same bytes)",
            lambda: json.loads(QUIET_WEBHOOK),
            2000,
        ),
        (
            "scan_webhook(Meta failed-status webhook)",
            lambda: wa_errors.scan_webhook(META_STATUS),
            "json.loads(same bytes)",
            lambda: json.loads(META_STATUS),
            2000,
        ),
        (
            "classify(meta, 429, error body)",
            lambda: wa_errors.classify("meta-cloud-api", 429, META_ERROR),
            "json.loads(same bytes)",
            lambda: json.loads(META_ERROR),
            5000,
        ),
        (
            "classify(green-api, 400, text)",
            lambda: wa_errors.classify("green-api", 400, GREEN_TEXT),
            "bytes.decode(same bytes)",
            lambda: GREEN_TEXT.decode(),
            5000,
        ),
        (
            "classify(green-api, 500, 50 MB body)",
            lambda: wa_errors.classify("green-api", 500, BIG),
            "json.loads(first 64 KiB)",
            lambda: json.loads(BIG_PREFIX + b'"}'),
            50,
        ),
        (
            "lookup(meta, 131047)",
            lambda: wa_errors.lookup("meta-cloud-api", 131047),
            "dict lookup",
            lambda: {131047: 1}.get(131047),
            20000,
        ),
    ]
    print(f"{'measured':42} {'per call':>10}   {'baseline':26} {'per call':>10} {'ratio':>7}")
    for name, fn, base_name, base, number in table:
        t, b = best(fn, number), best(base, number)
        print(f"{name:42} {t * 1e6:8.1f} us   {base_name:26} {b * 1e6:8.1f} us {t / b:7.1f}x")
    t, b = cold_import("wa_errors"), cold_import("json")
    print(
        f"{'import wa_errors (cold, new process)':42} {t * 1e3:8.1f} ms   {'import json (cold)':26} "
        f"{b * 1e3:8.1f} ms {t / b:7.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
