"""What a new user hit (issue 10): each test failed before its fix.

Expectations come from the catalog (entries, categories) or from the README itself."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import wa_errors
from wa_errors.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PIDS = list(wa_errors.PROVIDERS)


# --- 1. the README retry loop, against a real local server ---------------------------------------


class _Answer(http.server.BaseHTTPRequestHandler):
    script: list[tuple[int, dict[str, str], bytes]] = []
    hits = 0

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        status, headers, body = type(self).script[min(type(self).hits, len(type(self).script) - 1)]
        type(self).hits += 1
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _Response:
    """What the README's loop reads of a requests/httpx response, taken from urllib."""

    def __init__(self, status: int, content: bytes, headers: dict[str, str]) -> None:
        self.status_code, self.content, self.headers = status, content, headers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def _post(url: str) -> _Response:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=b"{}", method="POST"), timeout=10) as r:
            return _Response(r.status, r.read(), dict(r.headers))
    except urllib.error.HTTPError as err:
        return _Response(err.code, err.read(), dict(err.headers))


def readme_loop() -> Any:
    block = next(b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if "def send_with_retries" in b)
    scope: dict[str, Any] = {"__name__": "readme_loop"}
    exec(compile(block.split("advice = ")[0], "README.md", "exec"), scope)
    scope["time"].sleep = lambda s: None  # type: ignore[attr-defined]
    return scope["send_with_retries"]


@pytest.mark.parametrize("status", [100, 200, 201, 204, 301, 302, 304, 307, 400, 401, 429, 466, 499, 500, 502, 503])
@pytest.mark.parametrize("pid", PIDS)
def test_readme_retry_loop_every_status(
    server: str, pid: str, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop returns, or raises a ProviderError, for every status: never TypeError, never forever."""
    if status == 100:
        pytest.skip("http.server cannot send a bare 1xx final answer; classify covers it below")
    _Answer.script, _Answer.hits = [(status, {}, b"")], 0
    send = readme_loop()
    import time

    monkeypatch.setattr(time, "sleep", lambda s: None)
    entry = wa_errors.classify(pid, status, b"")
    if entry.is_error:
        with pytest.raises(wa_errors.ProviderError):
            send(lambda: _post(server), pid)
        limit = entry.retry.attempts_allowed()
        assert _Answer.hits <= 1 + (limit if entry.is_retryable else 0)
    else:
        assert send(lambda: _post(server), pid).status_code == status


@pytest.mark.parametrize("status", [100, 101, 301, 302, 304, 307, 308])
@pytest.mark.parametrize("pid", PIDS)
def test_classify_and_raise_agree_below_400(pid: str, status: int) -> None:
    entry = wa_errors.classify(pid, status)
    assert not entry.is_error and not entry.is_retryable and entry.retry.next_delay(1) is None
    assert wa_errors.raise_for_response(pid, status) is None


# --- 2, 3. short enum names; exc.entry is an Entry ------------------------------------------------


def catalog_entries(pid: str) -> list[dict[str, Any]]:
    doc = yaml.safe_load((ROOT / "catalog" / f"{pid}.yaml").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = doc["entries"]
    return entries


def test_short_member_names_name_the_same_entry() -> None:
    from wa_errors.providers.green_api import GreenApiError
    from wa_errors.providers.meta_cloud_api import MetaCloudApiError

    marker = next(e for e in catalog_entries("green-api") if e["kind"] == "webhook_marker")
    short = marker["literal"].strip("{}").upper()
    assert GreenApiError[short].entry.id == marker["id"]
    coded = next(e for e in catalog_entries("meta-cloud-api") if e.get("code") == 131047)
    assert MetaCloudApiError[f"CODE_{coded['code']}"].entry.id == coded["id"]


def test_exception_entry_is_typed_entry(tmp_path: Path) -> None:
    """The README's `exc.entry.id` passes mypy --strict in user code."""
    user = tmp_path / "user.py"
    user.write_text(
        "import wa_errors\n\ntry:\n    wa_errors.raise_for_response('green-api', 429)\n"
        "except wa_errors.ProviderError as exc:\n    print(exc.entry.id, exc.entry.retry.policy)\n"
    )
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(user)], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout


# --- 4, 6. CLI contract ---------------------------------------------------------------------------


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wa_errors", *argv], capture_output=True, text=True, timeout=60,
                          env={"PATH": "", "NO_COLOR": "1", **(env or {})})


def test_json_before_the_verb() -> None:
    r = cli("--json", "list", "twilio")
    assert r.returncode == 0 and json.loads(r.stdout)


def test_empty_list_says_what_is_empty() -> None:
    kinds = {e["kind"] for e in catalog_entries("2chat")}
    r = cli("list", "2chat", "--kind", "error_code")
    assert "error_code" not in kinds  # the catalog has no 2Chat error codes: the list is empty
    assert r.returncode == 1 and "no entries for provider 2chat, kind error_code" in r.stdout


def test_version_names_package_and_catalog() -> None:
    cats = yaml.safe_load((ROOT / "catalog" / "categories.yaml").read_text(encoding="utf-8"))
    r = cli("--version")
    assert r.returncode == 0 and wa_errors.__version__ in r.stdout and cats["version"] in r.stdout
    assert wa_errors.CATALOG_VERSION == cats["version"]


def test_broken_pipe_keeps_status_and_is_silent() -> None:
    r = subprocess.run(f"{sys.executable} -m wa_errors list | head -1", shell=True, capture_output=True, text=True,
                       timeout=60)
    assert len(r.stdout.splitlines()) == 1 and r.stderr == ""
    r = subprocess.run(f"set -o pipefail; {sys.executable} -m wa_errors list | head -c 10 >/dev/null",
                       shell=True, capture_output=True, text=True, timeout=60, executable="/bin/bash")
    assert r.returncode == 0 and r.stderr == ""


def test_every_positional_argument_has_help() -> None:
    from wa_errors.cli import build_parser

    parser = build_parser()
    subs = next(a for a in parser._actions if a.dest == "verb").choices  # noqa: SLF001
    for name, sub in subs.items():
        for action in sub._actions:  # noqa: SLF001
            if not action.option_strings:
                assert action.help, (name, action.dest)


def test_wrapping_never_breaks_hyphenated_words_or_urls() -> None:
    for pid in PIDS:
        for e in catalog_entries(pid)[:40]:
            r = cli("lookup", pid, e["id"], env={"COLUMNS": "60"})
            for line in r.stdout.splitlines():
                assert not re.search(r"[A-Za-z]-$", line), (pid, e["id"], line)
            urls = [s["url"] for s in e["source"]]
            assert all(u in r.stdout for u in urls), (pid, e["id"])


def test_categories_continuation_lines_are_indented(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["categories"]) == 0
    lines = capsys.readouterr().out.splitlines()
    starts = [ln for ln in lines if ln and not ln.startswith(" ")]
    assert {ln.split()[0] for ln in starts} == set(wa_errors.CATEGORIES)


# --- 5. success is documented ---------------------------------------------------------------------


@pytest.mark.parametrize("pid", PIDS)
def test_plain_success_is_documented(pid: str) -> None:
    statuses = [e["http_status"] for p in (pid, wa_errors.PROVIDERS[pid].passes_through) if p
                for e in catalog_entries(p) if e["kind"] == "http_status" and e["category"] in ("ok", "accepted")]
    assert statuses, f"{pid} has no success entry"
    for status in statuses:
        entry = wa_errors.classify(pid, status)
        assert entry.documented and not entry.is_error


# --- 7. JSON carries everything -------------------------------------------------------------------


def test_to_dict_carries_every_schema_field() -> None:
    schema = json.loads((ROOT / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    props = set(schema["$defs"]["entry"]["properties"])
    e = wa_errors.lookup("twilio", 63016)
    doc = e.to_dict()
    assert props <= set(doc), props - set(doc)
    yaml_entry = next(y for y in catalog_entries("twilio") if y.get("code") == 63016)
    assert [s["note"] for s in doc["source"]] == [s.get("note", "") for s in yaml_entry["source"]]
    assert any(s["note"] for s in doc["source"])  # notes reach the runtime (they were dropped before)


# --- 9, 10, 11. Retry-After ceiling, huge numbers, wrong response= --------------------------------


def test_retry_after_is_capped_and_says_so() -> None:
    advice = next(e.retry for pid in PIDS for e in wa_errors.find(pid, 429) if e.retry.respect_retry_after)
    ceiling = advice.retry_after_ceiling()
    for header in ("86400", "1e9"):
        d = advice.delay(1, header)
        assert d is not None and d.seconds == ceiling and d.capped and d.source == "retry_after"
        assert advice.next_delay(1, header) == ceiling


def test_huge_integer_json_is_read(tmp_path: Path) -> None:
    body = '{"n": ' + "9" * 5000 + ', "statuses": [{"status": "failed", "errors": [{"code": 131047}]}]}'
    path = tmp_path / "hook.json"
    path.write_text(body)
    r = cli("scan", "--provider", "meta-cloud-api", str(path))
    assert r.returncode == 0, r.stderr
    assert wa_errors.scan_webhook(body, "meta-cloud-api")


@pytest.mark.parametrize("bad", [{"error": {"code": 131047}}, object(), "text", b"bytes"])
def test_response_that_is_not_a_response_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="status_code"):
        wa_errors.raise_for_response("meta-cloud-api", response=bad)


# --- 13. packaging --------------------------------------------------------------------------------


def test_python_dash_m_and_shipped_files() -> None:
    r = cli("lookup", "green-api", "SWE001")
    assert r.returncode == 0 and "SWE001" in r.stdout
    assert (ROOT / "LICENSE").is_file()
    from importlib import resources

    shipped = resources.files("wa_errors") / "schema" / "catalog.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8"))["$defs"] == json.loads(
        (ROOT / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))["$defs"]


# --- 12. validator: duplicate status phrase, did you mean, entries named by id ---------------------


def test_validator_catches_phrase_typos_and_names_entries(tmp_path: Path) -> None:
    import shutil

    from wa_errors_build.validate import validate_files

    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    path = tmp_path / "catalog" / "2chat.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    statuses = [e for e in doc["entries"] if e["kind"] == "http_status"]
    twin = dict(statuses[-1], id="second_phrase", http_status=599 if statuses[-1]["http_status"] != 599 else 598)
    twin["category"] = "provider_unavailable"
    twin["retry"] = {"policy": "backoff"}
    typo = dict(statuses[0], id="typo_entry", http_status=597, category="invalid_requst", titel="x")
    doc["entries"] += [twin, typo]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, _, problems = validate_files(tmp_path / "catalog")
    text = "\n".join(str(p) for p in problems)
    assert f"status phrase {statuses[-1]['literal']!r} is already the literal of" in text
    assert "did you mean 'invalid_request'?" in text
    assert "did you mean 'title'?" in text and "entry 'typo_entry'" in text
