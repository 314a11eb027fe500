"""The `wa-errors` command: every verb, --json, exit codes, stderr, colour; expectations from the catalog."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import catalog, entries, nest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wa_errors
from wa_errors._rules import norm as normalise
from wa_errors.cli import main

ALL = entries()
PIDS = [p.id for p in catalog().providers]
ANSI = re.compile(r"\x1b\[")
META = "meta-cloud-api"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def proc(*argv: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "wa-errors"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "wa_errors.cli"]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*cmd, *argv],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def one_error_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("wa-errors:") and "Traceback" not in err


def same_entry(doc: dict[str, Any], pid: str, e: dict[str, Any]) -> None:
    """A --json entry document carries the catalog entry's fields."""
    assert (doc["provider"], doc["id"], doc["kind"]) == (pid, e["id"], e["kind"])
    assert (doc["title"], doc["category"], doc["remediation"]) == (e["title"], e["category"], e["remediation"])
    assert doc["retry"]["policy"] == e["retry"]["policy"] and doc["documented"] is True
    assert doc["http_status"] == e.get("http_status") and doc["code"] == e.get("code")
    assert doc["source_url"] == e["source"][0]["url"]


def by(pid: str, entry_id: str) -> dict[str, Any]:
    return next(e for p, e in ALL if p == pid and e["id"] == entry_id)


def first(kind: str, pid: str | None = None) -> tuple[str, dict[str, Any]]:
    return next((p, e) for p, e in ALL if e["kind"] == kind and (pid is None or p == pid))


MARKER_PID, MARKER = next((p, e) for p, e in ALL if e["kind"] == "webhook_marker" and "SWE001" in e["literal"])
CODE_131047 = [(p, e) for p, e in ALL if e.get("code") == 131047]


# --- explain ------------------------------------------------------------------------------------


def test_explain_swe001_without_provider(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "SWE001")
    assert code == 0 and err == ""
    assert MARKER["title"] in out and f"{MARKER_PID} / {MARKER['id']}" in out
    assert normalise(MARKER["remediation"])[:60] in normalise(out)
    code, out, _ = run(capsys, "explain", "--json", "SWE001")
    docs = json.loads(out)
    assert code == 0 and [(d["provider"], d["id"]) for d in docs] == [(MARKER_PID, MARKER["id"])]
    same_entry(docs[0], MARKER_PID, MARKER)


def test_explain_131047_is_metas_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert any(p == META for p, _ in CODE_131047)
    code, out, _ = run(capsys, "explain", "--json", "131047")
    docs = json.loads(out)
    assert code == 0 and sorted((d["provider"], d["id"]) for d in docs) == sorted((p, e["id"]) for p, e in CODE_131047)
    meta_doc = next(d for d in docs if d["provider"] == META)
    same_entry(meta_doc, META, next(e for p, e in CODE_131047 if p == META))
    code, out, _ = run(capsys, "explain", "131047")
    assert code == 0 and next(e for p, e in CODE_131047 if p == META)["title"] in out


@pytest.mark.parametrize("as_json", [False, True])
def test_explain_with_provider(capsys: pytest.CaptureFixture[str], as_json: bool) -> None:
    for pid in PIDS:
        _p, e = next((p, e) for p, e in ALL if p == pid)
        code, out, err = run(capsys, "explain", pid, e["id"], *(["--json"] if as_json else []))
        assert code == 0 and err == ""
        if as_json:
            docs = json.loads(out)
            same_entry(docs[0], pid, e)
        else:
            assert e["title"] in out and e["id"] in out and not ANSI.search(out)


def test_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "no such thing at all 0x9")
    assert code == 1 and out == ""
    one_error_line(err)
    code, out, err = run(capsys, "explain", PIDS[0], "no such thing at all 0x9")
    assert code == 1 and out == ""
    one_error_line(err)
    # a word that names no provider is a key of its own: each unknown key gets one error line
    code, out, err = run(capsys, "explain", "not-a-provider", "no such thing at all 0x9")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 2 and all(ln.startswith("wa-errors: error: ") for ln in err.splitlines())


def test_explain_several_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    """The usage line promises [PROVIDER] KEY [[PROVIDER] KEY ...]: several pairs and bare keys mix."""
    meta_code = next(e for p, e in ALL if p == META and e["kind"] == "error_code" and "code" in e)
    code, out, err = run(
        capsys, "explain", MARKER_PID, MARKER["literal"], META, str(meta_code["code"]), "--json"
    )
    assert code == 0 and err == ""
    assert [(d["provider"], d["id"]) for d in json.loads(out)] == [(MARKER_PID, MARKER["id"]), (META, meta_code["id"])]
    code, out, err = run(capsys, "explain", MARKER_PID, MARKER["literal"], "no such thing at all 0x9")
    assert code == 1 and MARKER["title"] in " ".join(out.split()) and err.startswith("wa-errors: error: ")


# --- lookup -------------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", PIDS)
def test_lookup_every_provider(capsys: pytest.CaptureFixture[str], pid: str) -> None:
    for kind in ("http_status", "error_code", "error_id", "webhook_marker"):
        found = next(((p, e) for p, e in ALL if p == pid and e["kind"] == kind), None)
        if found is None:
            continue
        e = found[1]
        key = str(e["id"])
        code, out, err = run(capsys, "lookup", pid, key, "--json")
        assert code == 0 and err == ""
        same_entry(json.loads(out), pid, e)
        code, out, err = run(capsys, "lookup", pid, key)
        assert code == 0 and e["title"] in out


def test_lookup_passes_through_and_codes(capsys: pytest.CaptureFixture[str]) -> None:
    meta_e = next(e for p, e in CODE_131047 if p == META)
    through = next(p.id for p in catalog().providers if p.passes_through == META)
    code, out, _ = run(capsys, "lookup", through, "131047", "--json")
    assert code == 0
    same_entry(json.loads(out), META, meta_e)
    _p, tw = first("error_code", "twilio")
    code, out, _ = run(capsys, "lookup", "twilio", str(tw["code"]), "--json")
    assert code == 0
    same_entry(json.loads(out), "twilio", tw)


def test_lookup_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lookup", PIDS[0], "definitely not documented 0x9")
    assert code == 1 and out == ""
    one_error_line(err)
    code, out, err = run(capsys, "lookup", "nope-provider", "429")
    assert code == 2 and out == ""
    one_error_line(err)


# --- classify -----------------------------------------------------------------------------------


def test_classify_status_body_and_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, e = next((p, e) for p, e in ALL if p == META and e["kind"] == "error_code" and e.get("http_status"))
    field = catalog().by_id[META].meta["error_body"]["code_fields"][0]
    body = json.dumps(nest(field, e["code"]))
    path = tmp_path / "body.json"
    path.write_text(body)
    for extra in (["--body", body], ["--body-file", str(path)]):
        for as_json in (False, True):
            code, out, err = run(
                capsys, "classify", pid, "--status", str(e["http_status"]), *extra, *(["--json"] if as_json else [])
            )
            assert code == 0 and err == ""
            if as_json:
                same_entry(json.loads(out), pid, e)
            else:
                assert e["title"] in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body.encode())))
    code, out, _ = run(capsys, "classify", pid, "--body-file", "-", "--json")
    assert code == 0
    same_entry(json.loads(out), pid, e)
    sp, se = first("http_status")
    code, out, _ = run(capsys, "classify", sp, "--status", str(se["http_status"]), "--json")
    assert code == 0
    same_entry(json.loads(out), sp, se)


def test_classify_undocumented_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    for pid in PIDS:
        documented = {e["http_status"] for p, e in ALL if p == pid and e["kind"] == "http_status"}
        status = next(s for s in range(418, 600) if s not in documented)
        code, out, err = run(capsys, "classify", pid, "--status", str(status), "--json")
        doc = json.loads(out)
        assert code == 1 and err == "" and doc["documented"] is False and doc["http_status"] == status
        code, out, _ = run(capsys, "classify", pid, "--status", str(status))
        assert code == 1 and "NOT documented" in out


def test_classify_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (
        ["classify", "nope-provider", "--status", "400"],
        ["classify", PIDS[0]],
        ["classify", PIDS[0], "--body-file", str(tmp_path / "missing.json")],
        ["classify", PIDS[0], "--body-file", str(tmp_path)],
        ["classify", PIDS[0], "--status", "abc"],
        ["classify", PIDS[0], "--body", "x", "--body-file", "y"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", argv
        one_error_line(err)


# --- scan ---------------------------------------------------------------------------------------


def marker_webhook() -> dict[str, Any]:
    surface = next(s for s in MARKER["surface"] if s.get("field"))
    payload: dict[str, Any] = nest(surface["field"], MARKER["literal"])
    type_field = (catalog().by_id[MARKER_PID].meta.get("webhook") or {}).get("type_field")
    if type_field and surface.get("webhook_type"):
        payload[type_field] = surface["webhook_type"]
    return payload


def test_scan_file_and_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = json.dumps(marker_webhook())
    path = tmp_path / "hook.json"
    path.write_text(payload)
    code, out, _ = run(capsys, "scan", str(path), "--json")
    found = json.loads(out)
    assert code == 0 and any(f["entry"]["id"] == MARKER["id"] for f in found)
    same_entry(next(f["entry"] for f in found if f["entry"]["id"] == MARKER["id"]), MARKER_PID, MARKER)
    code, out, _ = run(capsys, "scan", "--provider", MARKER_PID, str(path))
    assert code == 0 and MARKER["id"] in out and MARKER["title"] in " ".join(out.split())  # wrapped text
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload.encode())))
    code, out, _ = run(capsys, "scan", "-", "--json")
    assert code == 0 and any(f["entry"]["id"] == MARKER["id"] for f in json.loads(out))
    quiet = tmp_path / "quiet.json"
    quiet.write_text("{}")
    code, out, _ = run(capsys, "scan", str(quiet), "--json")
    assert code == 1 and json.loads(out) == []  # exit 1: nothing documented matched, as for every verb
    code, out, _ = run(capsys, "scan", str(quiet))
    assert code == 1 and "nothing documented" in out


def test_scan_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not json")
    binary = tmp_path / "bin"
    binary.write_bytes(b"\xff\xfe\x00")
    for argv in (
        ["scan", str(tmp_path / "missing.json")],
        ["scan", str(bad)],
        ["scan", str(binary)],
        ["scan", "--provider", "nope-provider", str(bad)],
        ["scan", "a\x00b"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", argv
        one_error_line(err)


# --- list, providers, categories ----------------------------------------------------------------


def test_list_meta_rate_limited(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [e["id"] for p, e in ALL if p == META and e["category"] == "rate_limited"]
    assert expected
    code, out, _ = run(capsys, "list", META, "--category", "rate_limited", "--json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == expected
    assert all(d["provider"] == META and d["category"] == "rate_limited" for d in json.loads(out))
    code, out, _ = run(capsys, "list", META, "--category", "rate_limited")
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert code == 0 and len(lines) == len(expected) and all(ln.startswith(META) for ln in lines)


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and [(d["provider"], d["id"]) for d in json.loads(out)] == [(p, e["id"]) for p, e in ALL]
    kind = ALL[0][1]["kind"]
    code, out, _ = run(capsys, "list", "--kind", kind, "--json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == [e["id"] for _p, e in ALL if e["kind"] == kind]
    code, out, _ = run(capsys, "list", "--kind", "no_such_kind")
    assert code == 2  # an unknown kind is bad usage, like an unknown category
    code, out, err = run(capsys, "list", "--category", "no_such_category")
    assert code == 2
    one_error_line(err)
    code, out, err = run(capsys, "list", "nope-provider")
    assert code == 2
    one_error_line(err)


def test_providers_and_categories(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "providers", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == PIDS
    for r in rows:
        p = catalog().by_id[r["id"]]
        assert r["name"] == p.name and r["passes_through"] == p.passes_through and r["entries"] == len(p.entries)
    code, out, _ = run(capsys, "providers")
    assert code == 0 and all(pid in out for pid in PIDS)
    code, out, _ = run(capsys, "categories", "--json")
    cats = json.loads(out)
    assert code == 0 and [c["category"] for c in cats] == list(catalog().categories)
    assert all(c["exception"] == catalog().categories[c["category"]]["exception"] for c in cats)
    code, out, _ = run(capsys, "categories")
    assert code == 0 and all(c in out for c in catalog().categories)


# --- any argv: exit code in {0, 1, 2}, never a traceback ---------------------------------------

WORDS = [
    "explain",
    "lookup",
    "classify",
    "scan",
    "list",
    "providers",
    "categories",
    "--json",
    "--status",
    "--body",
    "--body-file",
    "--provider",
    "--category",
    "--kind",
    "-",
    "",
    "400",
    "429",
    "-1",
    "99999999999999999999",
    *PIDS,
    *[e["id"] for _p, e in ALL[:40]],
    *[str(e["code"]) for _p, e in ALL if e.get("code")][:20],
]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=st.lists(st.sampled_from(WORDS) | st.text(max_size=30), max_size=7))
def test_any_argv_never_tracebacks(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""))
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse --help
            code = exc.code if isinstance(exc.code, int) else 2
        finally:
            sys.stdin = saved_stdin
    assert code in (0, 1, 2), (argv, code)
    assert "Traceback" not in err.getvalue() and not ANSI.search(out.getvalue())
    if code == 2:
        assert err.getvalue().count("\n") <= 1 or err.getvalue().startswith("usage:")
    if "--json" in argv and code in (0, 1) and out.getvalue():
        json.loads(out.getvalue())


# --- real processes: exit codes, stderr, colour -------------------------------------------------


def test_subprocess_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not json at all")
    cases = [
        (["lookup", "nope-provider", "429"], 2),
        (["scan", str(tmp_path / "missing.json")], 2),
        (["scan", str(bad)], 2),
        (["lookup", PIDS[0], "definitely not documented 0x9"], 1),
        (["classify", META, "--status", "418"], 1),
        ([], 2),
    ]
    for argv, expected in cases:
        r = proc(*argv)
        assert r.returncode == expected, (argv, r.returncode, r.stderr)
        if expected == 2 or argv[:1] == ["lookup"]:
            one_error_line(r.stderr)
        assert "Traceback" not in r.stderr
    r = proc("lookup", META, "131047", "--json")
    assert r.returncode == 0 and r.stderr == ""
    same_entry(json.loads(r.stdout), META, next(e for p, e in CODE_131047 if p == META))


def test_subprocess_stdin() -> None:
    r = proc("scan", "-", "--json", stdin=json.dumps(marker_webhook()).encode())
    assert r.returncode == 0 and any(f["entry"]["id"] == MARKER["id"] for f in json.loads(r.stdout))
    field = catalog().by_id[META].meta["error_body"]["code_fields"][0]
    meta_e = next(e for p, e in CODE_131047 if p == META)
    r = proc("classify", META, "--body-file", "-", "--json", stdin=json.dumps(nest(field, 131047)).encode())
    assert r.returncode == 0
    same_entry(json.loads(r.stdout), META, meta_e)
    r = proc("scan", "-", stdin=b"not json")
    assert r.returncode == 2
    one_error_line(r.stderr)


def test_no_colour_when_not_a_tty() -> None:
    for env in ({}, {"NO_COLOR": "1"}):
        r = proc("explain", "SWE001", env=env)
        assert r.returncode == 0 and MARKER["title"] in r.stdout and not ANSI.search(r.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_only_on_tty_without_no_color() -> None:
    import pty

    def on_tty(env: dict[str, str]) -> str:
        master, slave = pty.openpty()
        script = Path(sys.executable).parent / "wa-errors"
        cmd = [str(script)] if script.exists() else [sys.executable, "-m", "wa_errors.cli"]
        full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
        with subprocess.Popen([*cmd, "explain", "SWE001"], stdout=slave, stderr=slave, env={**full, **env}) as p:
            os.close(slave)
            chunks = []
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            p.wait(timeout=60)
        os.close(master)
        return b"".join(chunks).decode(errors="replace")

    coloured = on_tty({"TERM": "xterm"})
    assert MARKER["title"] in coloured.replace("\r\n", "\n") and ANSI.search(coloured)
    plain = on_tty({"TERM": "xterm", "NO_COLOR": "1"})
    assert MARKER["title"] in plain.replace("\r\n", "\n") and not ANSI.search(plain)
    dumb = on_tty({"TERM": "dumb"})
    assert not ANSI.search(dumb)


def test_cli_output_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    rules = [(p.id, r) for p in catalog().providers for r in p.meta.get("redact", [])]
    assert rules
    for pid, rule in rules:
        example = rule["examples"][0]
        secret = re.search(rule["regex"], example).group(1)  # type: ignore[union-attr]
        for argv in (
            ["classify", pid, "--status", "499", "--body", f"failed at {example}"],
            ["lookup", pid, example],
            ["explain", example],
        ):
            code, out, err = run(capsys, *argv, "--json")
            assert code in (0, 1) and secret not in out and secret not in err, argv
    assert wa_errors.redact("x") == "x"
