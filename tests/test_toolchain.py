"""The tool chain around the catalog: wa-errors-build on any catalog folder, version snapshots and
docs/CHANGES.md, the shipped pre-commit hooks, the CI example, editor schema lines, the wheel, and
CONTRIBUTING.md's commands. Everything runs offline, in temporary folders."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import ROOT, catalog
from markdown_it import MarkdownIt

from wa_errors_build import history
from wa_errors_build.__main__ import (
    EXPORT,
    FOREIGN_EXPORT,
    build_parser,
    for_foreign_root,
    outputs,
)
from wa_errors_build.__main__ import (
    main as build_main,
)
from wa_errors_build.emit import environment, render_all
from wa_errors_build.model import Catalog

BIN = Path(sys.executable).parent
"""The project venv's scripts (wa-errors-build, pre-commit, check-jsonschema)."""
DEAD_PROXY = "http://127.0.0.1:9"
"""Every HTTP(S) request through this fails at once: a tool that reaches for the network fails the test."""


def tool_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env[name] = DEAD_PROXY
    env["NO_PROXY"] = env["no_proxy"] = ""
    env["PIP_NO_INDEX"] = "1"
    env.update(extra or {})
    return env


def run(cmd: list[str], cwd: Path, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=tool_env(extra), capture_output=True, text=True, timeout=300)


def copy_catalog(dest: Path, with_schema: bool) -> Path:
    """A copy of this repository's catalog (without its history) at dest/catalog, optionally with schema/."""
    shutil.copytree(ROOT / "catalog", dest / "catalog", ignore=shutil.ignore_patterns("history"))
    if with_schema:
        shutil.copytree(ROOT / "schema", dest / "schema")
    return dest / "catalog"


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def break_category(path: Path) -> int:
    """Give the first entry's category an unknown name; return that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if re.match(r"^\s+category: [a-z_]+\s*$", line))
    lines[i] = re.sub(r"category: [a-z_]+", "category: no_such_category", lines[i])
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def retitle_first_entry(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(r"(?m)^(\s+title: ).*$", lambda m: m.group(1) + json.dumps(title), text, count=1)
    assert n == 1
    path.write_text(new, encoding="utf-8")


def md_render(text: str) -> dict[str, str]:
    return {
        "markdown-it-py": MarkdownIt("commonmark").enable("table").render(text),
        "Python-Markdown": markdown.markdown(text, extensions=["tables"]),
    }


# --- 1. wa-errors-build on any catalog folder ---------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--catalog", "A", "--out", "B", "check"],
        ["check", "--catalog", "A", "--out", "B"],
        ["--catalog", "A", "check", "--out", "B"],
        ["--out", "B", "check", "--catalog", "A"],
    ],
)
def test_catalog_and_out_go_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.command, args.catalog, args.out) == ("check", Path("A"), Path("B"))


def test_defaults_and_the_help_say_what_is_written() -> None:
    args = build_parser().parse_args(["regen"])
    assert (args.catalog, args.out) == (Path("catalog"), Path("."))
    help_text = build_parser().format_help()
    for phrase in ("src/wa_errors/", "docs/catalog.json", "docs/CHANGES.md", "snapshot"):
        assert phrase in help_text, phrase


def test_foreign_root_keeps_docs_and_moves_the_export() -> None:
    files = {
        "src/wa_errors/providers/x.py": "py",
        "src/wa_errors/schema/catalog.schema.json": "{}",
        EXPORT: '{"export": 1}',
        "README.md": "readme",
        "docs/index.md": "index",
        "docs/providers/x.md": "page",
    }
    assert for_foreign_root(files) == {
        "docs/index.md": "index",
        "docs/providers/x.md": "page",
        FOREIGN_EXPORT: '{"export": 1}',
    }


def test_this_repository_still_gets_every_output(tmp_path: Path) -> None:
    cat = catalog()
    everything = set(render_all(cat, ROOT)) | {history.CHANGES_PATH}
    assert set(outputs(cat, ROOT / "catalog", ROOT)) == everything
    assert any(rel.startswith("src/wa_errors/providers/") for rel in everything)
    (tmp_path / "src" / "wa_errors").mkdir(parents=True)
    package_root = outputs(cat, ROOT / "catalog", tmp_path)
    assert EXPORT in package_root and any(rel.startswith("src/wa_errors/providers/") for rel in package_root)


def test_make_style_invocation_still_works() -> None:
    """The Makefile runs `python -m wa_errors_build validate` from the repository root."""
    result = run([sys.executable, "-m", "wa_errors_build", "validate"], ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "catalog OK" in result.stdout


def test_any_catalog_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A team's catalog outside this repository, with no schema/ beside it (the packaged schemas are used)."""
    cat_dir = copy_catalog(tmp_path / "team", with_schema=False)
    out = tmp_path / "site"
    out.mkdir()
    result = run([str(BIN / "wa-errors-build"), "regen", "--catalog", str(cat_dir), "--out", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]

    written = files_under(out)
    providers = sorted(p.stem for p in cat_dir.glob("*.yaml") if p.name != "categories.yaml")
    assert all(rel.startswith("docs/") for rel in written), written
    assert {FOREIGN_EXPORT, history.CHANGES_PATH, "docs/index.md"} <= written
    assert {f"docs/providers/{pid}.md" for pid in providers} <= written
    export = json.loads((out / FOREIGN_EXPORT).read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in export["providers"]) == providers
    assert not (out / "src").exists() and not (out / "README.md").exists()

    # the same command again changes nothing (the export did not create src/wa_errors/ to trip the next run)
    args = ["--catalog", str(cat_dir), "--out", str(out)]
    capsys.readouterr()
    assert build_main(["regen", *args]) == 0
    assert ", 0 changed" in capsys.readouterr().out
    assert files_under(out) == written

    # check: the docs are current, but this version has no snapshot yet
    assert build_main(["check", *args]) == 1
    err = capsys.readouterr().err
    assert "has no snapshot" in err and "wa-errors-build snapshot" in err and "stale" not in err
    assert build_main(["snapshot", *args]) == 0
    (snap,) = (cat_dir / "history").glob("*.json")
    version = snap.stem
    assert f"catalog version {version}" in capsys.readouterr().out
    assert build_main(["check", *args]) == 0
    assert files_under(out) == written, "snapshot must not change docs/CHANGES.md"

    # an edit: the page is stale and the data no longer matches the snapshot of its version
    retitle_first_entry(cat_dir / "green-api.yaml", "A retitled entry")
    capsys.readouterr()
    assert build_main(["check", *args]) == 1
    err = capsys.readouterr().err
    assert "docs/providers/green-api.md: stale" in err
    assert (
        f"catalog data changed since version {version}: bump `version` in {cat_dir / 'categories.yaml'} "
        "and run `wa-errors-build snapshot`" in err
    )
    assert "title" in err


def test_a_broken_foreign_catalog_is_reported_by_file_and_line(tmp_path: Path) -> None:
    cat_dir = copy_catalog(tmp_path / "team", with_schema=False)
    line = break_category(cat_dir / "green-api.yaml")
    result = run([str(BIN / "wa-errors-build"), "validate", "--catalog", "catalog"], tmp_path / "team")
    assert result.returncode == 1
    assert f"catalog/green-api.yaml:{line}:" in result.stderr


# --- 2. history: snapshots, diff, docs/CHANGES.md, check --------------------------------------


def variant(cat: Catalog, version: str | None = None) -> Catalog:
    """A deep copy of the catalog, optionally under another version, to edit freely."""
    providers = [
        dataclasses.replace(p, meta=copy.deepcopy(p.meta), entries=copy.deepcopy(p.entries)) for p in cat.providers
    ]
    return Catalog(providers, copy.deepcopy(cat.categories), copy.deepcopy(cat.groups), version or cat.version)


def test_snapshot_is_the_resolved_catalog_without_derived_names() -> None:
    cat = catalog()
    snap = history.snapshot(cat)
    assert snap["version"] == cat.version
    assert set(snap["providers"]) == {p.id for p in cat.providers}
    for p in cat.providers:
        assert set(snap["providers"][p.id]) == {e["id"] for e in p.entries}
        for e in p.entries:
            stored = snap["providers"][p.id][e["id"]]
            assert "member" not in stored
            assert stored["retry"]["policy"] == e["retry"]["policy"]  # resolved: provider defaults merged in
            assert set(stored) == set(e) - {"member"}
    text = history.dumps(snap)
    assert json.loads(text) == snap
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_diff_names_added_removed_renamed_and_changed_fields() -> None:
    cat = catalog()
    new = history.snapshot(cat)
    old = copy.deepcopy(new)
    green = old["providers"]["green-api"]
    ids = list(new["providers"]["green-api"])
    changed_id, added_id, renamed_id = ids[0], ids[1], ids[2]
    green[changed_id]["title"] = "An older title"
    green[changed_id]["retry"]["policy"] = "something else"
    del green[added_id]
    green["entry_gone_since"] = {"id": "entry_gone_since"}
    green["entry_before_rename"] = dict(green.pop(renamed_id), id="entry_before_rename", cause="old cause")
    new["providers"]["green-api"][renamed_id] = dict(new["providers"]["green-api"][renamed_id])
    new["providers"]["green-api"][renamed_id]["renamed_from"] = ["entry_before_rename"]
    first_pid = sorted(new["provider_meta"])[0]
    old["provider_meta"][first_pid]["name"] = "Old name"
    old["categories"]["retired_category"] = {"description": "gone"}

    changes = history.diff(old, new)
    assert set(changes) == {
        history.Change("entry", "green-api", changed_id, "changed", ("retry.policy", "title")),
        history.Change("entry", "green-api", added_id, "added"),
        history.Change("entry", "green-api", "entry_gone_since", "removed"),
        history.Change("entry", "green-api", renamed_id, "renamed", ("cause",), "entry_before_rename"),
        history.Change("provider", first_pid, "", "changed", ("name",)),
        history.Change("category", "", "retired_category", "removed"),
    }
    assert history.diff(new, new) == []
    assert history.diff(old, new) == sorted(changes)


def test_a_provider_added_or_removed_is_one_change_plus_its_entries() -> None:
    new = history.snapshot(catalog())
    old = copy.deepcopy(new)
    del old["providers"]["twilio"], old["provider_meta"]["twilio"]
    changes = history.diff(old, new)
    assert history.Change("provider", "twilio", "", "added") in changes
    assert sum(c.action == "added" and c.section == "entry" for c in changes) == len(new["providers"]["twilio"])
    assert history.Change("provider", "twilio", "", "removed") in history.diff(new, old)


def test_version_order_is_numeric() -> None:
    versions = ["2026.11.10", "2026.2.1", "2026.11.9", "2026.11.10.2", "2025.12.31"]
    assert sorted(versions, key=history.version_key) == [
        "2025.12.31",
        "2026.2.1",
        "2026.11.9",
        "2026.11.10",
        "2026.11.10.2",
    ]


def test_changes_page_newest_first_with_fields(tmp_path: Path) -> None:
    cat = catalog()
    current = history.snapshot(cat)
    older = copy.deepcopy(current)
    older["version"] = "2000.01.01"
    del older["providers"]["twilio"], older["provider_meta"]["twilio"]
    middle = copy.deepcopy(current)
    middle["version"] = "2000.02.01"
    changed_id = next(iter(middle["providers"]["green-api"]))
    middle["providers"]["green-api"][changed_id]["remediation"] = "An older remediation"
    middle["providers"]["2chat"]["an_entry_since_removed"] = {"id": "an_entry_since_removed"}
    for snap in (older, middle):
        (tmp_path / f"{snap['version']}.json").write_text(history.dumps(snap), encoding="utf-8")

    page = history.render_changes(cat, tmp_path, environment(), ROOT)
    assert page.startswith("<!-- Generated from ") and "Do not edit." in page.split("\n")[0]
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings == [f"{cat.version} (current)", "2000.02.01", "2000.01.01"]
    newest = page.split("\n## ")[1]
    assert "Since 2000.02.01" in newest
    assert re.search(
        r"\| changed \| <code>"
        + re.escape(changed_id.replace("_", "&#95;"))
        + r"</code> \| <code>remediation</code> \|",
        newest,
    )
    assert "| removed | <code>an&#95;entry&#95;since&#95;removed</code> |" in newest
    assert "twilio" not in newest
    middle_section = page.split("\n## ")[2]
    assert "New provider, " in middle_section and "<code>twilio</code>" in middle_section
    assert "| added | <code>an&#95;entry&#95;since&#95;removed</code> |" in middle_section
    assert "The first recorded version" in page.split("\n## ")[3]

    tables = len(re.findall(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$", page, re.M))
    assert tables == 5  # two providers in each of the two newer sections, the first version's counts
    for renderer, html in md_render(page).items():
        assert html.count("<table>") == tables, renderer
        visible = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
        assert not re.findall(r"\\[\\`*_{}\[\]|~]", visible), renderer

    # taking the snapshot of the current version does not change the page
    (tmp_path / f"{cat.version}.json").write_text(history.dumps(current), encoding="utf-8")
    assert history.render_changes(cat, tmp_path, environment(), ROOT) == page


def test_check_history_messages(tmp_path: Path) -> None:
    cat = catalog()
    folder = tmp_path / "history"
    (problem,) = history.check_history(cat, folder)
    assert f"catalog version {cat.version} has no snapshot" in problem and "wa-errors-build snapshot" in problem

    folder.mkdir()
    (folder / "2000.01.01.json").write_text(history.dumps({**history.snapshot(cat), "version": "2000.01.01"}))
    (problem,) = history.check_history(cat, folder)
    assert "(the newest is 2000.01.01)" in problem and "bump `version` in catalog/categories.yaml" in problem

    history.write_snapshot(cat, folder)
    assert history.check_history(cat, folder) == []

    edited = variant(cat)
    edited.providers[0].entries[0]["title"] = "Edited after the snapshot"
    lines = history.check_history(edited, folder)
    assert lines[0] == (
        f"catalog data changed since version {cat.version}: bump `version` in catalog/categories.yaml "
        "and run `wa-errors-build snapshot`"
    )
    assert f"{edited.providers[0].id}/{edited.providers[0].entries[0]['id']}: changed (title)" in lines[1]

    (folder / "2999.01.01.json").write_text(history.dumps({**history.snapshot(cat), "version": "2999.01.01"}))
    (problem,) = history.check_history(cat, folder)
    assert "older than the newest snapshot 2999.01.01" in problem


def test_write_snapshot_refuses_to_rewrite_history(tmp_path: Path) -> None:
    cat = catalog()
    folder = tmp_path / "history"
    target, written = history.write_snapshot(cat, folder)
    assert written and target == folder / f"{cat.version}.json"
    assert json.loads(target.read_text(encoding="utf-8")) == history.snapshot(cat)
    assert history.write_snapshot(cat, folder) == (target, False)

    edited = variant(cat)
    edited.providers[0].entries[0]["cause"] = "Edited"
    with pytest.raises(history.HistoryError, match="already records version"):
        history.write_snapshot(edited, folder)
    assert json.loads(target.read_text(encoding="utf-8")) == history.snapshot(cat)
    assert history.write_snapshot(edited, folder, force=True) == (target, True)

    with pytest.raises(history.HistoryError, match="older than the snapshot"):
        history.write_snapshot(variant(cat, "2000.01.01"), folder)
    with pytest.raises(history.HistoryError, match="cannot be used as a snapshot file name"):
        history.write_snapshot(variant(cat, "../escape"), folder)
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


def test_a_damaged_history_is_reported(tmp_path: Path) -> None:
    snap = history.snapshot(catalog())
    (tmp_path / "2001.01.01.json").write_text(history.dumps(snap), encoding="utf-8")  # says another version
    (tmp_path / "2002.01.01.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(history.HistoryError) as info:
        history.load_history(tmp_path)
    assert len(info.value.problems) == 2
    assert "holds version" in info.value.problems[0] and "not a readable JSON snapshot" in info.value.problems[1]


# --- 3. pre-commit hooks ----------------------------------------------------------------------

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def manifest() -> list[dict[str, Any]]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def build_extra() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"(?ms)^build = \[(.*?)^\]", text)
    assert block, "pyproject.toml has no [build] extra"
    return re.findall(r'"([^"]+)"', block.group(1))


def test_shipped_hook_manifest() -> None:
    hooks = {h["id"]: h for h in manifest()}
    assert set(hooks) == {"wa-errors-validate", "wa-errors-check"}
    assert hooks["wa-errors-validate"]["entry"] == "wa-errors-build validate"
    assert hooks["wa-errors-check"]["entry"] == "wa-errors-build check"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert sorted(hook["additional_dependencies"]) == sorted(build_extra())
        files = re.compile(hook["files"])
        assert files.search("catalog/green-api.yaml") and files.search("team/catalog/own.yml")
        assert not files.search("tests/valid/green-api.yaml")
    assert not re.search(hooks["wa-errors-validate"]["files"], "catalog/history/2026.11.26.json")
    assert re.search(hooks["wa-errors-check"]["files"], "catalog/history/2026.11.26.json")
    assert re.search(hooks["wa-errors-check"]["files"], "docs/providers/twilio.md")
    result = run([str(BIN / "pre-commit"), "validate-manifest", str(MANIFEST)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def git(repo: Path, *args: str) -> None:
    result = run(
        ["git", *args],
        repo,
        {
            "GIT_AUTHOR_NAME": "test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "test",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
        },
    )
    assert result.returncode == 0, result.stderr


def test_pre_commit_hooks_pass_then_catch_a_broken_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    cat_dir = copy_catalog(repo, with_schema=True)
    for command in ("snapshot", "regen"):
        result = run([str(BIN / "wa-errors-build"), command], repo)
        assert result.returncode == 0, result.stderr[-2000:]
    # the shipped hooks, as `repo: local` with `language: system`: no clone, no network, this venv's command
    local = [
        {k: v for k, v in hook.items() if k not in ("additional_dependencies", "description")} | {"language": "system"}
        for hook in manifest()
    ]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    assert [h["entry"] for h in local] == [h["entry"] for h in manifest()]
    assert [h["files"] for h in local] == [h["files"] for h in manifest()]
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    pre_commit = [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"]
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    passed = run(pre_commit, repo, home)
    assert passed.returncode == 0, passed.stdout[-3000:]
    for hook in manifest():
        assert re.search(re.escape(hook["name"]) + r"\.+Passed", passed.stdout), passed.stdout

    line = break_category(cat_dir / "green-api.yaml")
    git(repo, "add", "-A")
    failed = run(pre_commit, repo, home)
    assert failed.returncode == 1
    assert re.search(re.escape(manifest()[0]["name"]) + r"\.+Failed", failed.stdout), failed.stdout
    assert f"catalog/green-api.yaml:{line}:" in failed.stdout


# --- 4. the GitHub Actions example ------------------------------------------------------------

WORKFLOW = ROOT / "docs" / "ci" / "regen-docs.yml"


def workflow_steps() -> tuple[dict[str, str], list[dict[str, Any]]]:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = doc["jobs"].values()
    return job.get("env", {}), job["steps"]


def build_calls(steps: list[dict[str, Any]]) -> list[list[str]]:
    calls = []
    for step in steps:
        for line in str(step.get("run", "")).splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "wa-errors-build":
                calls.append(words[1:])
    return calls


def test_ci_example_uses_commands_that_exist() -> None:
    env, steps = workflow_steps()
    calls = build_calls(steps)
    assert [c[0] for c in calls] == ["validate", "regen"]
    for call in calls:
        expanded = [w.replace("$CATALOG", env["CATALOG"]).replace("$OUT", env["OUT"]) for w in call]
        build_parser().parse_args(expanded)  # SystemExit on an option that does not exist
        result = run([str(BIN / "wa-errors-build"), call[0], "--help"], ROOT)
        assert result.returncode == 0 and f"wa-errors-build {call[0]}" in result.stdout, result.stderr
    runs = [str(s.get("run", "")) for s in steps]
    project = re.search(r'(?m)^name = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project
    assert any(re.search(r"pip install \"" + re.escape(project.group(1)) + r"\[build\]", r) for r in runs)
    assert "git diff --exit-code" in runs[-1]
    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_example_steps_pass_then_catch_a_stale_file(tmp_path: Path) -> None:
    """The workflow's own run steps (all but the install), on a repository whose docs were committed."""
    env, steps = workflow_steps()
    repo = tmp_path / "repo"
    cat_dir = copy_catalog(repo, with_schema=False)
    assert run([str(BIN / "wa-errors-build"), "regen", "--catalog", "catalog"], repo).returncode == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "catalog and its docs")
    scripts = [str(s["run"]) for s in steps if "run" in s and "pip install" not in str(s["run"])]

    def run_steps() -> list[int]:
        return [run(["bash", "-eo", "pipefail", "-c", script], repo, env).returncode for script in scripts]

    assert run_steps() == [0] * len(scripts)
    retitle_first_entry(cat_dir / "twilio.yaml", "Retitled without regenerating")
    git(repo, "commit", "-q", "-am", "an edit whose docs were not regenerated")
    assert run_steps() == [0] * (len(scripts) - 1) + [1]


# --- 5. editors: the schema line and check-jsonschema -----------------------------------------

CATALOG_FILES = sorted((ROOT / "catalog").glob("*.yaml"))


def schema_for(path: Path) -> str:
    return "categories.schema.json" if path.name == "categories.yaml" else "catalog.schema.json"


@pytest.mark.parametrize("path", CATALOG_FILES, ids=[p.name for p in CATALOG_FILES])
def test_catalog_file_names_its_schema_on_line_one(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first.strip())
    assert match, f"{path.name} line 1 is {first!r}"
    assert match.group(1) == f"../schema/{schema_for(path)}"
    assert (path.parent / match.group(1)).resolve().is_file()


@pytest.mark.parametrize("path", CATALOG_FILES, ids=[p.name for p in CATALOG_FILES])
def test_check_jsonschema_accepts_catalog_file_offline(path: Path) -> None:
    schema = ROOT / "schema" / schema_for(path)
    result = run([str(BIN / "check-jsonschema"), "--schemafile", str(schema), str(path)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schemas_are_2020_12_and_check_offline() -> None:
    schemas = sorted((ROOT / "schema").glob("*.json"))
    for path in schemas:
        assert json.loads(path.read_text(encoding="utf-8"))["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    result = run([str(BIN / "check-jsonschema"), "--check-metaschema", *map(str, schemas)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# --- 6. the wheel -----------------------------------------------------------------------------


def package_files() -> list[str]:
    """What the wheel must hold: the package sources git knows of (tracked, or new and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "src/wa_errors", "src/wa_errors_build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return sorted({rel for rel in listed if rel and (ROOT / rel).is_file()})


def test_wheel_holds_the_packages_only_and_installs_alone(tmp_path: Path) -> None:
    import wa_errors

    # build from a clean copy: the work tree's build/ folder may hold files of earlier builds
    src = tmp_path / "src-copy"
    sources = package_files()
    for rel in ["pyproject.toml", "README.md", "LICENSE", *sources]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(src)], tmp_path)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    (wheel,) = dist.glob("*.whl")

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = {n.split("/", 1)[1]: n for n in names if n.split("/", 1)[0].endswith(".dist-info")}
        entry_points = zf.read(meta["entry_points.txt"]).decode()
    payload = sorted(n for n in names if not n.split("/", 1)[0].endswith(".dist-info"))
    assert payload == sorted(rel.removeprefix("src/") for rel in sources)
    assert "wa_errors/py.typed" in payload
    assert any(re.fullmatch(r"wa_errors/schema/[^/]+\.json", n) for n in payload)
    assert not any(n.split("/")[0] in ("tests", "catalog", "docs", "schema", "benchmarks") for n in names)
    assert "licenses/LICENSE" in meta or "LICENSE" in meta, sorted(meta)
    assert "wa-errors = wa_errors.cli:main" in entry_points and "wa-errors-build = " in entry_points

    env_dir = tmp_path / "fresh"
    created = run([sys.executable, "-m", "venv", str(env_dir)], tmp_path)
    assert created.returncode == 0, created.stderr
    py, scripts = env_dir / "bin" / "python", env_dir / "bin"
    installed = run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = run([str(py), "-c", "import wa_errors; print(wa_errors.__file__)"], elsewhere)
    assert where.returncode == 0 and where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    expected_id = wa_errors.lookup("green-api", "SWE001").id
    explained = run([str(scripts / "wa-errors"), "explain", "green-api", "SWE001"], elsewhere)
    assert explained.returncode == 0 and expected_id in explained.stdout, explained.stdout + explained.stderr
    classified = run(
        [str(py), "-c", "import wa_errors; print(wa_errors.classify('green-api', 429).category)"], elsewhere
    )
    assert classified.returncode == 0, classified.stderr
    assert classified.stdout.strip() == wa_errors.lookup("green-api", 429).category
    version = run([str(py), "-m", "wa_errors", "--version"], elsewhere)
    wheel_version = wheel.name.split("-")[1]
    assert version.returncode == 0 and wheel_version in version.stdout and wa_errors.CATALOG_VERSION in version.stdout

    # the build command without the [build] extra: one clear line, no traceback
    no_extra = run([str(scripts / "wa-errors-build"), "validate"], elsewhere)
    assert no_extra.returncode == 2 and "wa-error-catalog[build]" in no_extra.stderr
    assert "Traceback" not in no_extra.stderr


# --- 7. CONTRIBUTING.md -----------------------------------------------------------------------


def test_contributing_names_real_commands_and_targets(capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    used = set(re.findall(r"(?:wa-errors-build|python -m wa_errors_build) ([a-z]+)", text))
    assert {"validate", "regen", "check", "snapshot"} <= used
    for command in sorted(used):
        with pytest.raises(SystemExit) as exited:
            build_parser().parse_args([command, "--help"])
        assert exited.value.code == 0, f"CONTRIBUTING.md names `wa-errors-build {command}`, which does not exist"
    targets = set(re.findall(r"(?m)^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8")))
    made = set(re.findall(r"`make ([a-z]+)`", text))
    assert made and made <= targets, made - targets
    for hook in manifest():
        assert hook["id"] in text
    assert "# yaml-language-server: $schema=../schema/catalog.schema.json" in text
