"""Lazy loading under threads: a cold import hammered by 32 threads gives the single-threaded answers,
and each provider's generated module is imported once and wrapped in one ProviderTables object."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

from conftest import ROOT, catalog, entries, nest

PIDS = [p.id for p in catalog().providers]


def cases() -> list[list[Any]]:
    """(verb, provider, args...) calls built from the catalog, for every provider."""
    out: list[list[Any]] = []
    for pid, e in entries():
        meta = catalog().by_id[pid].meta
        out.append(["lookup", pid, e["id"]])
        if e.get("code") is not None:
            out.append(["lookup", pid, e["code"]])
            for field in meta["error_body"].get("code_fields", [])[:1]:
                out.append(["classify", pid, e.get("http_status") or 400, nest(field, e["code"])])
        if e.get("http_status") is not None:
            out.append(["classify", pid, e["http_status"], None])
        if e.get("literal"):
            out.append(["classify", pid, None, e["literal"]])
        for s in e["surface"]:
            if s.get("field") and e.get("literal") and s["where"] != "sync_response":
                payload = nest(s["field"], e["literal"])
                type_field = (meta.get("webhook") or {}).get("type_field")
                if type_field and s.get("webhook_type"):
                    payload[type_field] = s["webhook_type"]
                out.append(["scan", pid, payload])
                out.append(["scan", None, payload])
            elif s.get("field") and e.get("code") is not None and s["where"] != "sync_response":
                out.append(["scan", pid, nest(s["field"], e["code"])])
    for pid in PIDS:  # a fallback and a miss per provider
        out.append(["classify", pid, 599, b"\xff not json"])
        out.append(["lookup", pid, "no such key at all"])
    return out


CHILD = textwrap.dedent(
    """
    import json, sys, threading
    from concurrent.futures import ThreadPoolExecutor

    class CountingFinder:
        # counts the real loads of generated provider modules (find_spec runs only when not in sys.modules)
        counts = {}
        def find_spec(self, name, path=None, target=None):
            if name.startswith("wa_errors.providers."):
                self.counts[name] = self.counts.get(name, 0) + 1
            return None

    finder = CountingFinder()
    sys.meta_path.insert(0, finder)
    sys.setswitchinterval(1e-6)  # switch threads as often as possible

    import wa_errors
    from wa_errors import _catalog, _tables

    reads = {"catalog.json": 0, "tables": {}}
    real_loads = _catalog.json.loads

    class CountingJson:
        # counts the parses of the package's one data file
        @staticmethod
        def loads(raw):
            reads["catalog.json"] += 1
            return real_loads(raw)

    _catalog.json = CountingJson
    real_init = _tables.ProviderTables.__init__

    def counting_init(self, pid, block):
        reads["tables"][pid] = reads["tables"].get(pid, 0) + 1
        real_init(self, pid, block)

    _tables.ProviderTables.__init__ = counting_init

    cold = {
        "loaded": sorted(_tables._loaded),
        "modules": sorted(m for m in sys.modules if m.startswith("wa_errors.providers.")),
    }
    calls = json.loads(sys.stdin.read())
    for c in calls:  # JSON has no bytes
        if c[0] == "classify" and isinstance(c[3], dict) and c[3].get("__bytes__"):
            c[3] = c[3]["__bytes__"].encode("latin-1")

    def answer(c):
        verb, pid = c[0], c[1]
        try:
            if verb == "lookup":
                e = wa_errors.lookup(pid, c[2])
                got = [e.provider, e.id, e.documented]
            elif verb == "classify":
                e = wa_errors.classify(pid, c[2], c[3])
                got = [e.provider, e.id, e.documented, e.http_status]
            else:
                got = [[f.entry.provider, f.entry.id, f.path] for f in wa_errors.scan_webhook(c[2], pid)]
        except wa_errors.CatalogError as exc:
            got = ["raised", type(exc).__name__]
        ident = {p: id(_tables._loaded.get(p)) for p in ([pid] if pid else [])}
        return got, ident

    THREADS, ROUNDS = 32, 6
    barrier = threading.Barrier(THREADS)

    def worker(n):
        barrier.wait()  # every thread starts on a cold registry at the same moment
        start = (n * 37) % len(calls)  # each thread starts on other providers
        order = list(range(start, len(calls))) + list(range(start))
        results, idents = {}, []
        for _ in range(ROUNDS):
            for i in order:
                got, ident = answer(calls[i])
                seen = results.setdefault(i, [])
                if got not in seen:
                    seen.append(got)
                idents.append(ident)
        return results, idents

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(worker, range(THREADS)))

    final = {p: id(t) for p, t in _tables._loaded.items()}
    mismatched_ident = sum(1 for _r, ids in outcomes for i in ids for p, v in i.items() if v != final[p])
    concurrent = [[] for _ in calls]
    for results, _ids in outcomes:
        for i, gots in results.items():
            for g in gots:
                if g not in concurrent[i]:
                    concurrent[i].append(g)
    single = [answer(c)[0] for c in calls]
    same_tables = all(_tables.tables(p) is _tables._loaded[p] for p in final)
    print(json.dumps({
        "cold": cold,
        "imports": finder.counts,
        "reads": reads,
        "mismatched_ident": mismatched_ident,
        "same_tables": same_tables,
        "concurrent": concurrent,
        "single": single,
    }))
    """
)


def encode(calls: list[list[Any]]) -> str:
    out = []
    for c in calls:
        if c[0] == "classify" and isinstance(c[3], bytes):
            c = [*c[:3], {"__bytes__": c[3].decode("latin-1")}]
        out.append(c)
    return json.dumps(out)


def test_cold_import_many_threads() -> None:
    calls = cases()
    assert {c[1] for c in calls if c[1]} == set(PIDS)
    r = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=encode(calls),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    report = json.loads(r.stdout)

    # the import really was cold: no provider tables before the threads started
    assert report["cold"] == {"loaded": [], "modules": []}
    # the data file parsed once, each provider's tables built once, and every thread saw that one object;
    # answering never imports the generated enum modules (they exist for editors and mypy)
    assert report["imports"] == {}
    assert report["reads"] == {"catalog.json": 1, "tables": {p: 1 for p in PIDS}}
    assert report["mismatched_ident"] == 0 and report["same_tables"]

    # every concurrent answer equals the single-threaded one
    single, concurrent = report["single"], report["concurrent"]
    assert len(single) == len(concurrent) == len(calls)
    for c, answer, seen in zip(calls, single, concurrent, strict=True):
        assert seen == [answer], (c, seen, answer)

    # and the answers are the catalog's: a lookup of an entry id finds that entry
    ids = {(p, e["id"]) for p, e in entries()}
    looked_up = [(c, a) for c, a in zip(calls, single, strict=True) if c[0] == "lookup" and (c[1], c[2]) in ids]
    assert looked_up and all(a[:2] == [c[1], c[2]] for c, a in looked_up)
    assert any(a and a[0] != "raised" for c, a in zip(calls, single, strict=True) if c[0] == "scan")

