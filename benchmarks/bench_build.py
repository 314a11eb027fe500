"""Build-tool speed: `regen` and `validate` of a 10,000-entry synthetic catalog against loading the same files.

The baseline is the unavoidable part of the job: parsing the same YAML files with PyYAML's libyaml-backed
safe loader (`yaml.load(text, Loader=yaml.CSafeLoader)`). The candidate is the build tool run in-process
(`wa_errors_build.__main__.main([...])`) on the same files. Rounds alternate baseline and candidate and the
medians are compared, so a slow moment of the shared machine hits both. Target (issue 12): regen within 3x
of the baseline.

The synthetic catalog is written to a temporary folder and never committed: every real provider file is
replicated twice (its own id and a `-b` twin), each copy filled up to 1,000 entries by repeating the real
entries with suffixed ids, literals and former ids and shifted codes (HTTP and SIP status entries are not
repeated: a status is unique per provider). categories.yaml is copied as it is; a schema/ folder beside the
catalog holds the repository's schemas with the twins' ids added to the provider id enum (that enum lists the
real providers only). Ten files of 1,000 entries keep every file under the loader's 2 MB limit.

regen writes into an output folder without src/wa_errors/, so it renders and writes docs/ (CHANGES.md
included) and docs/catalog.json, as it does for any catalog that is not this repository; a fresh empty output
folder is used for every round, so every round writes every file.

Peak memory is the maximum resident set size (`resource.getrusage`) of a child process doing one run, shown
beside the same figure for a child that only parses the files.

Run: `python benchmarks/bench_build.py` (about a minute on two cores).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from wa_errors_build.__main__ import main  # noqa: E402

CATALOG = ROOT / "catalog"
SCHEMA = ROOT / "schema"
TOTAL = 10_000
COPIES = ("", "-b")
"""Provider files per real provider: its own id, then a twin; 5 providers x 2 = 10 files."""
ROUNDS = 3
CODE_SHIFT = 100_000_000
"""Added to codes (and code ranges) once per repetition, above every real code, so codes stay unique."""
UNIQUE_KINDS = ("http_status", "sip_status")
Row = dict[str, Any]


# --- the synthetic catalog ------------------------------------------------------------------------------


def _providers() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CATALOG.glob("*.yaml")):
        if path.name != "categories.yaml":
            out.append((path.stem, yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)))
    return out


def _repeat(entry: dict[str, Any], r: int) -> dict[str, Any]:
    """Repetition `r` of a real entry: new id, literal, aliases, former ids and codes, the rest unchanged."""
    e = json.loads(json.dumps(entry))
    e["id"] = f"{entry['id']}_r{r}"
    if "literal" in e:
        e["literal"] = f"{e['literal']} r{r}"
    if "aliases" in e:
        e["aliases"] = [f"{a} r{r}" for a in e["aliases"]]
    if "renamed_from" in e:
        e["renamed_from"] = [f"{old}_r{r}" for old in e["renamed_from"]]
    if "code" in e:
        e["code"] += r * CODE_SHIFT
    if "code_range" in e:
        e["code_range"] = {k: e["code_range"][k] + r * CODE_SHIFT for k in ("min", "max")}
    return e


def synthetic_catalog(base: Path, total: int = TOTAL) -> tuple[Path, int]:
    """Write the synthetic catalog under `base` (base/catalog, base/schema); return its folder and entry count."""
    cat = base / "catalog"
    cat.mkdir(parents=True)
    shutil.copy(CATALOG / "categories.yaml", cat / "categories.yaml")
    providers = _providers()
    per_file = total // (len(providers) * len(COPIES))
    stems = []
    count = 0
    for stem, doc in providers:
        for suffix in COPIES:
            meta = json.loads(json.dumps(doc["provider"]))
            meta["id"] = stem + suffix
            if suffix and "code_name" in meta:
                meta["code_name"] += suffix.replace("-", "_")
            entries = list(doc["entries"])
            repeatable = [e for e in doc["entries"] if e["kind"] not in UNIQUE_KINDS]
            r = 0
            while len(entries) < per_file:
                r += 1
                entries += [_repeat(e, r) for e in repeatable[: per_file - len(entries)]]
            text = yaml.dump(
                {"provider": meta, "entries": entries[:per_file]},
                Dumper=yaml.CSafeDumper,
                sort_keys=False,
                allow_unicode=True,
                width=120,
            )
            (cat / f"{stem}{suffix}.yaml").write_text(text, encoding="utf-8")
            stems.append(stem + suffix)
            count += min(per_file, len(entries))
    schema = base / "schema"
    schema.mkdir()
    for path in SCHEMA.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "catalog.schema.json":
            doc["$defs"]["provider"]["properties"]["id"]["enum"] = stems
        (schema / path.name).write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return cat, count


# --- timing ---------------------------------------------------------------------------------------------


def parse_only(cat: Path) -> None:
    """The baseline: every catalog file parsed by PyYAML's libyaml safe loader."""
    for path in sorted(cat.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def run_main(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"{argv} exited {code}:\n{err.getvalue()[-2000:]}")


def alternate(candidate: Callable[[], None], baseline: Callable[[], None], setup: Callable[[], None]) -> tuple[
    float, float
]:
    """(median seconds of candidate, of baseline) over alternating rounds; `setup` runs before each
    candidate round, outside the timing."""
    cand, base = [], []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        baseline()
        base.append(time.perf_counter() - t)
        setup()
        t = time.perf_counter()
        candidate()
        cand.append(time.perf_counter() - t)
    return statistics.median(cand), statistics.median(base)


PEAK = """
def _peak_kib():
    try:  # the new program's own high-water mark; ru_maxrss would also count the parent forked before exec
        with open("/proc/self/status") as fh:
            return int(next(line.split()[1] for line in fh if line.startswith("VmHWM:")))
    except (OSError, StopIteration):
        import resource, sys
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kib // 1024 if sys.platform == "darwin" else kib
print(_peak_kib())
"""


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MiB) of a fresh interpreter running `code`."""
    script = f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r})\n{code}\n{PEAK}"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600)
    return int(result.stdout.split()[-1]) / 1024


def row(name: str, cand: float, base: float, target: float | None, note: str) -> Row:
    ratio = cand / base
    return {
        "name": name,
        "ratio": round(ratio, 3),
        "target": target,
        "met": None if target is None else ratio <= target,
        "note": note,
    }


def regen_rows(cat: Path, count: int, label: str, target: float | None, work: Path) -> list[Row]:
    out = work / "out"

    def fresh_out() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    def regen() -> None:
        run_main(["--catalog", str(cat), "--out", str(out), "regen"])

    def validate() -> None:
        run_main(["--catalog", str(cat), "validate"])

    fresh_out()
    regen()  # warm imports, templates and the file cache
    parse_only(cat)
    c, b = alternate(regen, lambda: parse_only(cat), fresh_out)
    size = sum(p.stat().st_size for p in cat.glob("*.yaml")) / 1e6
    load = f"import yaml, pathlib\nfor p in sorted(pathlib.Path({str(cat)!r}).glob('*.yaml')): " \
        "yaml.load(p.read_text(), Loader=yaml.CSafeLoader)"
    fresh_out()
    regen_mb = peak_rss_mb(
        "from wa_errors_build.__main__ import main\n"
        f"assert main(['--catalog', {str(cat)!r}, '--out', {str(out)!r}, 'regen']) == 0"
    )
    load_mb = peak_rss_mb(load)
    rows = [
        row(
            f"regen, {label} ({count:,} entries, {size:.1f} MB YAML)",
            c,
            b,
            target,
            f"regen {c:.2f} s ({count / c:,.0f} entries/s) vs CSafeLoader parse {b:.2f} s; "
            f"peak RSS {regen_mb:.0f} MiB vs {load_mb:.0f} MiB for the parse alone",
        )
    ]
    c, b = alternate(validate, lambda: parse_only(cat), lambda: None)
    validate_mb = peak_rss_mb(
        f"from wa_errors_build.__main__ import main\nassert main(['--catalog', {str(cat)!r}, 'validate']) == 0"
    )
    rows.append(
        row(
            f"validate, {label} ({count:,} entries)",
            c,
            b,
            None,
            f"validate {c:.2f} s ({count / c:,.0f} entries/s) vs CSafeLoader parse {b:.2f} s; "
            f"peak RSS {validate_mb:.0f} MiB",
        )
    )
    return rows


def error_position_row(cat: Path, work: Path) -> Row:
    """A defect at the end of the largest synthetic file: still reported as file:line, and how long it takes."""
    broken = work / "broken" / "catalog"
    shutil.copytree(cat, broken)
    shutil.copytree(cat.parent / "schema", broken.parent / "schema")
    target = broken / "meta-cloud-api.yaml"
    lines = target.read_text(encoding="utf-8").split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("  category: "))
    lines[last] = "  category: no_such_category"
    target.write_text("\n".join(lines), encoding="utf-8")
    from wa_errors_build.validate import validate_files

    def run() -> list[Any]:
        return validate_files(broken)[2]

    problems = run()
    ok = [(Path(p.file).name, p.line) for p in problems] == [("meta-cloud-api.yaml", last + 1)]
    c, b = alternate(lambda: None if run() else None, lambda: parse_only(broken), lambda: None)
    shown = "; ".join(f"{Path(p.file).name}:{p.line}:{p.col}: {p.message[:50]}..." for p in problems)
    return {
        "name": "validate, synthetic catalog with one defect at the end of a 1,000-entry file",
        "ratio": round(c / b, 3),
        "target": None,
        "met": None,
        "note": f"validate {c:.2f} s vs CSafeLoader parse {b:.2f} s; reported as {shown or 'nothing'}"
        + ("" if ok else f" (WRONG: expected meta-cloud-api.yaml:{last + 1})"),
    }


def results() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="wa-bench-build-") as tmp:
        work = Path(tmp)
        cat, count = synthetic_catalog(work / "synthetic")
        rows = regen_rows(cat, count, "synthetic catalog", 3.0, work / "synthetic")
        rows.append(error_position_row(cat, work))
        real = work / "real" / "catalog"
        shutil.copytree(CATALOG, real)
        shutil.copytree(SCHEMA, real.parent / "schema")
        real_count = sum(len(doc["entries"]) for _, doc in _providers())
        rows += regen_rows(real, real_count, "real catalog", None, work / "real")
    return rows


if __name__ == "__main__":
    for r in results():
        met = "" if r["met"] is None else ("  met" if r["met"] else "  NOT MET")
        target = "" if r["target"] is None else f" (target <= {r['target']})"
        print(f"{r['name']}: {r['ratio']:.2f}x{target}{met}\n    {r['note']}")
