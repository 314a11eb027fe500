"""Generators: stale-file check, deterministic output, atomic writes, hostile strings stay inert."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, retryable_policies

from wa_errors._entry import Entry
from wa_errors._rules import build_indexes
from wa_errors_build import emit
from wa_errors_build.__main__ import main as gen_main
from wa_errors_build.model import load_catalog

PY = sys.executable


def gen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-m", "wa_errors_build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A copy of the catalog plus freshly generated outputs in a scratch directory."""
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    (tmp_path / "src" / "wa_errors").mkdir(parents=True)  # a package tree: the Python outputs are written too
    assert gen("--catalog", str(tmp_path / "catalog"), "--out", str(tmp_path), "regen").returncode == 0
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "catalog" not in p.parts
    }


def test_committed_outputs_are_current() -> None:
    result = gen("check")
    assert result.returncode == 0, result.stderr


def test_regenerating_twice_changes_nothing(tree: Path) -> None:
    before = snapshot(tree)
    result = gen("--catalog", str(tree / "catalog"), "--out", str(tree), "regen")
    assert result.returncode == 0 and "0 changed" in result.stdout
    assert snapshot(tree) == before


def test_edited_remediation_makes_check_fail_then_regen_carries_it(tree: Path) -> None:
    path = tree / "catalog" / "green-api.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    new_text = "Edited remediation: wait for the phone to come back online, then resend."
    data["entries"][0]["remediation"] = new_text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    check = gen("--catalog", str(tree / "catalog"), "--out", str(tree), "check")
    assert check.returncode == 1
    for stale in ("docs/providers/green-api.md", "src/wa_errors/catalog.json"):
        assert f"{stale}: stale" in check.stderr
    assert gen("--catalog", str(tree / "catalog"), "--out", str(tree), "regen").returncode == 0
    history = gen("--catalog", str(tree / "catalog"), "--out", str(tree), "check")
    assert history.returncode == 1 and "bump `version`" in history.stderr  # data changed, version did not
    assert gen("--catalog", str(tree / "catalog"), "--out", str(tree), "snapshot", "--force").returncode == 0
    assert gen("--catalog", str(tree / "catalog"), "--out", str(tree), "check").returncode == 0
    assert emit.md(new_text) in (tree / "docs/providers/green-api.md").read_text(encoding="utf-8")
    exported = json.loads((tree / "src/wa_errors/catalog.json").read_text(encoding="utf-8"))
    green = next(p for p in exported["providers"] if p["id"] == "green-api")
    assert green["entries"][0]["remediation"] == new_text


def test_failure_mid_render_leaves_old_files(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(tree)
    (tree / "catalog" / "2chat.yaml").write_text(
        (tree / "catalog" / "2chat.yaml").read_text(encoding="utf-8").replace("Too Many Requests", "Too Many Calls"),
        encoding="utf-8",
    )

    def boom(*_a: Any, **_k: Any) -> dict[str, str]:
        raise RuntimeError("template failed")

    monkeypatch.setattr(emit, "emit_docs", boom)
    with pytest.raises(RuntimeError):
        gen_main(["--catalog", str(tree / "catalog"), "--out", str(tree), "regen"])
    assert snapshot(tree) == before


def test_killed_mid_write_leaves_old_files(tree: Path) -> None:
    before = snapshot(tree)
    for name in ("green-api.yaml", "2chat.yaml"):
        p = tree / "catalog" / name
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        data["entries"][0]["title"] = "Changed title so that several outputs change"
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the regen runs in a child whose os.fsync SIGKILLs the process once the third temporary file is on disk:
    # the kill comes from outside the writer, which has no test hook
    script = textwrap.dedent(f"""
        import os, signal, sys
        from wa_errors_build import writer
        from wa_errors_build.__main__ import main

        real_fsync, calls = os.fsync, []

        def fsync_then_kill(fd):
            real_fsync(fd)
            calls.append(fd)
            if len(calls) >= 3:
                os.kill(os.getpid(), signal.SIGKILL)

        writer.os.fsync = fsync_then_kill
        sys.exit(main(["--catalog", {str(tree / "catalog")!r}, "--out", {str(tree)!r}, "regen"]))
    """)
    killed = subprocess.run([PY, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, (killed.returncode, killed.stderr[-500:])
    assert list(tree.rglob("*.regen-tmp")), "the kill came before any temporary file was written"
    after = {k: v for k, v in snapshot(tree).items() if not k.endswith(".regen-tmp")}
    assert after == before
    # the next run cleans up and completes
    assert gen("--catalog", str(tree / "catalog"), "--out", str(tree), "regen").returncode == 0
    assert not list(tree.rglob("*.regen-tmp"))


HOSTILE = [
    '"""',
    "'''",
    "'",
    '"',
    "\\",
    "\\n",
    "line one\nline two",
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    "{# c #}",
    "| a | b |",
    "`code` ``",
    "</details><script>alert(1)</script>",
    "<!-- -->",
    "ümlaut ✓ 日本語 \u202e",
    "x" * 5000,
    "# not a heading",
    "[link](javascript:alert(1))",
    "\x00\x01",
    "__import__('os').system('id')",
    "${HOME} $(id)",
    "\r\n",
    "*bold* _it_",
]


def hostile_catalog(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    cat = tmp_path / "catalog"
    cat.mkdir()
    shutil.copy(ROOT / "catalog" / "categories.yaml", cat / "categories.yaml")
    entries = []
    for i, s in enumerate(HOSTILE):
        entries.append(
            {
                "id": ["class", "import", "none", "true", "def", "lambda"][i % 6] + f"_{i}" if i else "class",
                "kind": "error_id",
                "http_status": 400,
                "literal": f"{s} #{i}",
                "aliases": [f"alias {s} {i}"],
                "surface": [{"where": "sync_response", "field": "message"}],
                "title": f"Title {s}",
                "cause": f"Cause {s} cause",
                "remediation": f"Remedy {s} remedy",
                "category": "invalid_request",
                "actor": "developer",
                "notes": s,
                "retry": {"policy": "never", "note": s},
                "source": [
                    {"url": "https://example.com/a?b=c|d<e>", "checked": "2026-11-25", "evidence": "third_party"}
                ],
            }
        )
    doc = {
        "provider": {
            "id": "twilio",
            "name": 'Hostile | <b>name</b> """ {{x}}',
            "docs_url": "https://example.com/",
            "summary": "</details> {% if %} | `",
            "error_body": {"error_id_fields": ["message"]},
            "doc_versions": [{"id": "v1", "url": "https://example.com/", "seen": "2026-11-25"}],
        },
        "entries": entries,
    }
    (cat / "twilio.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return cat, entries


def test_hostile_strings_stay_inert(tmp_path: Path) -> None:
    cat, entries = hostile_catalog(tmp_path)
    (tmp_path / "README.md").write_text("x\n" + emit.README_BEGIN + "\n" + emit.README_END + "\n", encoding="utf-8")
    (tmp_path / "src" / "wa_errors").mkdir(parents=True)
    result = gen("--catalog", str(cat), "--out", str(tmp_path), "regen")
    assert result.returncode == 0, result.stderr
    module_path = tmp_path / "src/wa_errors/providers/twilio.py"
    spec = importlib.util.spec_from_file_location("hostile_twilio", module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    exported = json.loads((tmp_path / "src/wa_errors/catalog.json").read_text(encoding="utf-8"))
    block = exported["providers"][0]
    by_id = {raw["id"]: Entry.from_mapping(raw, provider=block["id"]) for raw in block["entries"]}
    members = {m.value for m in module.TwilioError}  # the enum imports, one member per id, hostile titles inert
    assert members == set(by_id)
    for raw in entries:
        got = by_id[raw["id"]]
        assert (got.literal, got.title, got.cause, got.remediation, got.notes, got.retry.note) == (
            raw["literal"],
            raw["title"],
            raw["cause"],
            raw["remediation"],
            raw["notes"],
            raw["retry"]["note"],
        )
        assert got.aliases == tuple(raw["aliases"])
        assert getattr(module.TwilioError, raw["id"].upper()).value == raw["id"]
    assert [e["literal"] for e in block["entries"]] == [e["literal"] for e in entries]
    # mypy --strict accepts the generated module
    check = subprocess.run(
        [PY, "-m", "mypy", "--strict", "--no-incremental", str(module_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert check.returncode == 0, check.stdout[-2000:]
    # Markdown: no raw HTML or table breakers from data, every table row keeps its column count
    doc = (tmp_path / "docs/providers/twilio.md").read_text(encoding="utf-8")
    assert "<script>" not in doc and "</details>" not in doc and "<b>" not in doc
    for line in doc.splitlines():
        if line.startswith("| [") and "#" in line:
            assert line.count(" | ") == 7, line  # eight columns


def test_identifier_check_refuses_code_in_names() -> None:
    from wa_errors_build.model import identifier

    for bad in ("class", "a-b", "__init__", "x y", "é", "1abc", "None"):
        with pytest.raises(ValueError):
            identifier(bad)
    assert identifier("CLASS") == "CLASS"


def test_loader_is_shared_and_small() -> None:
    catalog = load_catalog(ROOT / "catalog", ROOT)
    files = emit.render_all(catalog, ROOT)
    assert all(
        text.lstrip("#<!- ").startswith(("Generated", "{", "x")) or "Generated from" in text[:300]
        for name, text in files.items()
        if name != "README.md"
    )
    assert json.loads(files["src/wa_errors/catalog.json"])["generated"].startswith("Generated")


def test_json_export_matches_its_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "schema" / "catalog-export.schema.json").read_text(encoding="utf-8"))
    exported = json.loads((ROOT / "src/wa_errors/catalog.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(exported)
    catalog = load_catalog(ROOT / "catalog", ROOT)
    assert [p["id"] for p in exported["providers"]] == [p.id for p in catalog.providers]
    assert sum(len(p["entries"]) for p in exported["providers"]) == sum(len(p.entries) for p in catalog.providers)


def test_renamed_entry_keeps_its_old_name_as_alias_member(tree: Path) -> None:
    path = tree / "catalog" / "2chat.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = data["entries"][-1]
    old = entry["id"]
    entry["id"] = old + "_renamed"
    entry["renamed_from"] = [old]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert gen("--catalog", str(tree / "catalog"), "--out", str(tree), "regen").returncode == 0
    spec = importlib.util.spec_from_file_location("renamed_two_chat", tree / "src/wa_errors/providers/two_chat.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    new_member = module.TwoChatError[(old + "_renamed").upper()]
    assert module.TwoChatError[old.upper()] is new_member  # an alias of the same member
    exported = json.loads((tree / "src/wa_errors/catalog.json").read_text(encoding="utf-8"))
    block = next(b for b in exported["providers"] if b["id"] == "2chat")
    ix = build_indexes(block["entries"])  # the runtime's index: the old id finds the renamed entry
    assert ix["BY_ID"][old] == ix["BY_ID"][old + "_renamed"]


def test_every_entry_respects_its_category() -> None:
    """A rate_limited entry may not say "never retry"; an ok entry may not carry a 4xx; and so on."""
    catalog = load_catalog(ROOT / "catalog", ROOT)
    checked = 0
    for p in catalog.providers:
        for e in p.entries:
            spec = catalog.categories[e["category"]]
            assert e["retry"]["policy"] in spec["retry_policies"], (p.id, e["id"])
            if e.get("http_status") is not None:
                assert e["http_status"] // 100 in spec["status_classes"], (p.id, e["id"])
            checked += 1
    assert checked > 200
    rate_limited = [e for p in catalog.providers for e in p.entries if e["category"] == "rate_limited"]
    assert rate_limited and all(e["retry"]["policy"] in retryable_policies() for e in rate_limited)


def test_exception_hierarchy_follows_category_groups() -> None:
    import wa_errors

    catalog = load_catalog(ROOT / "catalog", ROOT)
    assert catalog.groups
    for name, spec in catalog.categories.items():
        if spec["exception"] is None:
            continue
        cls = getattr(wa_errors, spec["exception"])
        assert issubclass(cls, wa_errors.ProviderError) and cls.category == name
        group_exception = catalog.groups[spec["group"]]["exception"]
        if group_exception:
            assert issubclass(cls, getattr(wa_errors.exceptions, group_exception))
