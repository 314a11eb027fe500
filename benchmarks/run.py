"""`make bench`: every call measured against a baseline timed in the same run, as a ratio.

Absolute times on a shared 2-core machine mean little; the ratio to a plain-Python baseline doing
the unavoidable part of the same job (one dict lookup, parsing the JSON, walking the webhook) says
what the catalog adds. Rounds alternate baseline and candidate and the medians are compared, so a
slow moment of the machine hits both. Prints one table and writes benchmarks/results.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import wa_errors
from wa_errors import _catalog, _tables

HERE = Path(__file__).resolve().parent
ROUNDS = 7
Row = dict[str, Any]

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
GREEN_ERROR = b'{"message":"instance account not authorized"}'  # a 401 body
QUIET_WEBHOOK: dict[str, Any] = {
    "typeWebhook": "incomingMessageReceived",
    "instanceData": {"idInstance": 1101000001, "wid": "79001234567@c.us", "typeInstance": "whatsapp"},
    "timestamp": 1732500000,
    "idMessage": "F7AEC1B7086ECDC7E6E45923F5EDB825",
    "senderData": {"chatId": "79001234568@c.us", "sender": "79001234568@c.us", "senderName": "Ann"},
    "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "hello, is the shop open?"}},
}


def walk(node: Any) -> bool:
    """The baseline for scan_webhook: visit every value once, test strings for a marker's `{{`."""
    if isinstance(node, dict):
        return any([walk(v) for v in node.values()])
    if isinstance(node, list):
        return any([walk(v) for v in node])
    return isinstance(node, str) and "{{" in node


def mixed_webhooks(n: int) -> list[Any]:
    """Quiet messages, markers, status webhooks and Meta/Twilio failures, in a fixed mix."""
    marker = json.loads(json.dumps(QUIET_WEBHOOK))
    marker["messageData"]["textMessageData"]["textMessage"] = "{{SWE001}}"
    status = {"typeWebhook": "outgoingMessageStatus", "status": "noAccount", "idMessage": "X", "timestamp": 1}
    meta = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "statuses": [{"id": "wamid.X", "status": "failed", "errors": [{"code": 131047, "title": "Re-engagement"}]}]
    }}]}]}
    twilio = {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "63016"}
    kinds = [QUIET_WEBHOOK, QUIET_WEBHOOK, QUIET_WEBHOOK, QUIET_WEBHOOK, marker, status, meta, twilio]
    return [kinds[i % len(kinds)] for i in range(n)]


def compare(
    candidate: Callable[[], object],
    baseline: Callable[[], object],
    number: int,
    setup: tuple[Callable[[], None], Callable[[], None]] | None = None,
) -> tuple[float, float]:
    """(median seconds per call of candidate, of baseline), over alternating rounds; `setup` runs
    (before the candidate's round, before the baseline's round), outside the timing."""
    cand, base = [], []
    for _ in range(ROUNDS):
        if setup:
            setup[1]()
        base.append(timeit.timeit(baseline, number=number) / number)
        if setup:
            setup[0]()
        cand.append(timeit.timeit(candidate, number=number) / number)
    return statistics.median(cand), statistics.median(base)


def row(name: str, cand: float, base: float, target: float | None, note: str = "") -> Row:
    ratio = cand / base
    return {"name": name, "ratio": round(ratio, 3), "target": target,
            "met": None if target is None else ratio <= target, "note": note}


def micro() -> list[Row]:
    rows = []
    error_id = "instance account not authorized"  # a Green-API Error ID, as a 401 body carries it
    prebuilt = {("green-api", 429): object(), ("green-api", error_id): object()}
    for key in (429, error_id):
        wa_errors.lookup("green-api", key)
        c, b = compare(lambda k=key: wa_errors.lookup("green-api", k),
                       lambda k=key: prebuilt.get(("green-api", k)), 200_000)
        rows.append(row(f"lookup(green-api, {key!r})", c, b, 2.0, f"{c * 1e9:.0f} ns vs dict.get {b * 1e9:.0f} ns"))
    for name, pid, status, body in (("Meta", "meta-cloud-api", 400, META_ERROR),
                                    ("Green-API", "green-api", 401, GREEN_ERROR)):
        wa_errors.classify(pid, status, body)
        c, b = compare(lambda p=pid, s=status, raw=body: wa_errors.classify(p, s, raw),
                       lambda raw=body: json.loads(raw), 50_000)
        rows.append(row(f"classify {name} body ({len(body)} B)", c, b, 1.2,
                        f"{c * 1e6:.2f} us vs json.loads {b * 1e6:.2f} us"))
    wa_errors.scan_webhook(QUIET_WEBHOOK)
    c, b = compare(lambda: wa_errors.scan_webhook(QUIET_WEBHOOK), lambda: walk(QUIET_WEBHOOK), 50_000)
    rows.append(row("scan_webhook, quiet text message", c, b, 1.5, f"{c * 1e6:.2f} us vs walk {b * 1e6:.2f} us"))
    hooks = mixed_webhooks(10_000)
    c, b = compare(lambda: [wa_errors.scan_webhook(h) for h in hooks], lambda: [walk(h) for h in hooks], 1)
    rows.append(row("scan_webhook, 10,000 mixed webhooks", c, b, None, f"{10_000 / c:,.0f} webhooks/s"))
    return rows


def cold(code: str) -> float:
    """Seconds for a whole fresh interpreter running `code` (bytecode already compiled)."""
    t = timeit.default_timer()
    subprocess.run([sys.executable, "-c", code], check=True)
    return timeit.default_timer() - t


def imports() -> list[Row]:
    import compileall

    compileall.compile_dir(str(Path(wa_errors.__file__).parent), quiet=1)
    cold("import wa_errors, http")  # warm the file cache
    rows = []
    for name, code, target in (("cold `import wa_errors`", "import wa_errors", 1.2),
                               ("cold import + first lookup", "import wa_errors; wa_errors.lookup('green-api', 429)",
                                None)):
        cand, base = [], []
        for _ in range(ROUNDS * 2):
            base.append(cold("import http"))
            cand.append(cold(code))
        c, b = statistics.median(cand), statistics.median(base)
        rows.append(row(name, c, b, target, f"{c * 1e3:.1f} ms vs `import http` {b * 1e3:.1f} ms"))
    return rows


def first_use() -> Row:
    """Building the largest provider's indexes (and its share of parsing) vs parsing its data."""
    blocks = _catalog.data()["providers"]
    largest = max(blocks, key=lambda b: len(b["entries"]))
    raw = json.dumps(largest)

    def build() -> None:
        _tables.ProviderTables(largest["id"], json.loads(raw))

    c, b = compare(build, lambda: json.loads(raw), 5)
    return row(f"first use of {largest['id']} ({len(largest['entries'])} entries)", c, b, None,
               f"{c * 1e3:.1f} ms vs json.loads of its data {b * 1e3:.1f} ms")


def scaled_block(base: dict[str, Any], size: int) -> dict[str, Any]:
    """The provider's block with `size` entries: its own, then copies with new ids, codes and texts."""
    entries = list(base["entries"])
    extra, n = [], 0
    while len(entries) + len(extra) < size:
        for e in base["entries"]:
            if len(entries) + len(extra) >= size:
                break
            n += 1
            copy = dict(e, id=f"{e['id']}_x{n}")
            if copy.get("kind") == "http_status":
                copy["kind"] = "error_id"
                copy.pop("http_status", None)
            if copy.get("literal"):
                copy["literal"] = f"{copy['literal']} variant {n}"
            copy["aliases"] = [f"{a} variant {n}" for a in copy.get("aliases", [])]
            copy["patterns"] = []
            if copy.get("code") is not None:
                copy["code"] = 10_000_000 + n
            extra.append(copy)
    block = dict(base, entries=(entries + extra)[:size] if size < len(entries) else entries + extra)
    if size < len(entries):
        keep = [e for e in entries if e.get("http_status") in (429, 466)] + entries
        block["entries"] = list({e["id"]: e for e in keep}.values())[:size]
    return block


def swap(pid: str, tables: _tables.ProviderTables) -> None:
    """Answer from these tables from now on (and forget answers remembered from the others)."""
    _tables.reset()
    _tables._loaded[pid] = tables


def scaling() -> list[Row]:
    """lookup and classify with the provider's catalog at 100 and 10,000 entries vs its real size."""
    pid = "green-api"
    real = _tables.tables(pid)
    base = _catalog.provider(pid)
    prose = b'{"message": "Error: correspondent quota exceeded for this instance"}'  # no exact Error ID
    calls = {"lookup": lambda: wa_errors.lookup(pid, 429),
             "classify": lambda: wa_errors.classify(pid, 401, GREEN_ERROR),
             "classify, general path (text inside prose)": lambda: wa_errors.classify(pid, 466, prose)}
    rows = []
    try:
        for size in (100, 10_000):
            scaled = _tables.ProviderTables(pid, scaled_block(base, size))
            for name, call in calls.items():
                c, b = compare(call, call, 20_000, (lambda s=scaled: swap(pid, s), lambda: swap(pid, real)))
                rows.append(row(f"{name} at {size:,} entries vs {len(base['entries'])}", c, b, 1.2,
                                f"{c * 1e9:.0f} ns vs {b * 1e9:.0f} ns"))
    finally:
        _tables.reset()
    return rows


def build_rows() -> list[Row]:
    sys.path.insert(0, str(HERE))
    try:
        from bench_build import results
    except ImportError:
        return []
    rows: list[Row] = results()
    return rows


def main() -> int:
    rows = micro() + imports() + [first_use()] + scaling() + build_rows()
    width = max(len(r["name"]) for r in rows)
    print(f"{'call':<{width}}  ratio  target  met   note")
    for r in rows:
        target = f"<= {r['target']:g}" if r["target"] is not None else "report"
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        print(f"{r['name']:<{width}}  {r['ratio']:5.2f}  {target:6}  {met:4}  {r['note']}")
    (HERE / "results.json").write_text(json.dumps({"python": sys.version.split()[0], "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
