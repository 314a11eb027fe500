"""Overlays (docs/overlays.md): a team's patches and private gateways laid over the catalog, at run time
(`wa_errors.load_overlay`, `wa-errors --overlay`) and at build time (`wa-errors-build ... --overlay`)."""

from __future__ import annotations

import copy
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

import wa_errors
from wa_errors import _catalog, _overlay, _tables
from wa_errors.cli import main as cli_main
from wa_errors_build.__main__ import main as build_main

OVERLAYS = ROOT / "tests" / "overlays"
PATCH = OVERLAYS / "green_patch.yaml"
GATEWAY = OVERLAYS / "acme_gateway.yaml"
JSON_PATCH = OVERLAYS / "twilio_patch.json"
load_overlay = _overlay.load_overlay
OverlayError = _overlay.OverlayError


@pytest.fixture(autouse=True)
def base_catalog() -> Iterator[None]:
    """Every test starts from, and leaves behind, the shipped catalog."""
    _catalog.data()
    saved = copy.deepcopy(_catalog._cache)
    yield
    with _catalog._lock:
        _catalog._cache.clear()
        _catalog._cache.update(saved)
    _tables.reset()


def refused(path: Path | str) -> list[str]:
    with pytest.raises(OverlayError) as info:
        load_overlay(path)
    assert isinstance(info.value, wa_errors.CatalogError) and isinstance(info.value, ValueError)
    assert str(info.value).count("\n") == len(info.value.problems)  # the message lists every problem
    return info.value.problems


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- run time ---------------------------------------------------------------------------------------


def test_patch_changes_remediation_and_retry_and_marks_origin() -> None:
    before = wa_errors.lookup("green-api", 502)
    report = load_overlay(PATCH)
    assert report.provider == "green-api" and not report.new_provider
    assert report.patched == ("bad_gateway", "too_many_requests") and report.added == ()
    entry = wa_errors.lookup("green-api", 502)
    assert entry.remediation.startswith("Our proxy answers 502")
    assert entry.notes.startswith("Team note: 502 bursts")
    assert (entry.retry.max_attempts, entry.retry.delay_seconds) == (5, 2)
    assert entry.retry.max_delay_seconds == before.retry.max_delay_seconds  # fields the overlay left alone
    assert entry.retry.documented is False  # the team's advice now, not the provider's
    assert entry.origin == "overlay:green_patch.yaml" and before.origin == ""
    assert [entry.retry.next_delay(n) for n in (1, 5, 6)] == [2.0, 32.0, None]
    assert wa_errors.lookup("green-api", 400).origin == ""  # untouched entries keep the catalog's data
    throttled = wa_errors.lookup("green-api", "Too many requests, slow down")  # the alias it added
    assert throttled.id == "too_many_requests" and throttled.sources[-1].url.endswith("/rate-limits")
    assert throttled.aliases[-1] == "Too many requests, slow down"


def test_classify_and_exceptions_see_the_patch() -> None:
    load_overlay(PATCH)
    entry = wa_errors.classify("green-api", 502, b"Bad Gateway")
    assert entry.id == "bad_gateway" and entry.retry.max_attempts == 5 and entry.origin.startswith("overlay:")
    with pytest.raises(wa_errors.ProviderError) as info:
        wa_errors.raise_for_response("green-api", 502, b"Bad Gateway")
    assert info.value.entry.remediation.startswith("Our proxy")


def test_loading_the_same_file_twice_changes_nothing() -> None:
    first = load_overlay(PATCH)
    entry = wa_errors.lookup("green-api", 429)
    assert load_overlay(str(PATCH)) == first
    again = wa_errors.lookup("green-api", 429)
    assert again == entry and len(again.aliases) == len(entry.aliases) and len(again.sources) == len(entry.sources)
    assert len(_catalog._cache["overlays"]) == 1


def test_an_edited_overlay_replaces_what_it_merged(tmp_path: Path) -> None:
    text = "provider: {id: green-api}\nentries:\n  - id: bad_gateway\n    notes: first\n"
    path = write(tmp_path, "team.yaml", text)
    load_overlay(path)
    assert wa_errors.lookup("green-api", 502).notes == "first"
    path.write_text(text.replace("first", "second"), encoding="utf-8")
    load_overlay(path)
    entry = wa_errors.lookup("green-api", 502)
    assert entry.notes == "second" and entry.origin == "overlay:team.yaml"


def test_overlays_stack_in_order(tmp_path: Path) -> None:
    load_overlay(PATCH)
    second = write(tmp_path, "night.yaml", "provider: {id: green-api}\nentries:\n  - id: bad_gateway\n    notes: n\n")
    load_overlay(second)
    entry = wa_errors.lookup("green-api", 502)
    assert entry.notes == "n" and entry.remediation.startswith("Our proxy")
    assert entry.origin == "overlay:green_patch.yaml,overlay:night.yaml"


def test_repeating_the_catalog_values_is_not_a_change(tmp_path: Path) -> None:
    text = """provider: {id: green-api}
entries:
  - id: bad_gateway
    kind: http_status
    http_status: 502
    literal: Bad Gateway
    retry: {policy: backoff, max_attempts: 3}
"""
    report = load_overlay(write(tmp_path, "same.yaml", text))
    entry = wa_errors.lookup("green-api", 502)
    assert report.patched == ("bad_gateway",) and entry.origin == "overlay:same.yaml"
    assert entry.retry.documented is True and entry.retry.max_attempts == 3


def test_private_gateway_is_looked_up_like_a_catalog_provider() -> None:
    report = load_overlay(GATEWAY)
    assert report.new_provider and report.provider == "acme-gateway"
    assert report.added == ("gateway_throttled", "tenant_quota_exhausted", "upstream_unreachable")
    throttled = wa_errors.lookup("acme-gateway", 429)
    assert throttled.id == "gateway_throttled" and throttled.provider == "acme-gateway"
    assert throttled.category == "rate_limited" and throttled.is_retryable
    assert throttled.next_action == "reduce_rate"  # its category's default
    assert throttled.origin == "overlay:acme_gateway.yaml"
    assert wa_errors.lookup("acme-gateway", 9001).id == "tenant_quota_exhausted"
    assert wa_errors.lookup("acme-gateway", "upstream_unreachable").id == "upstream_unreachable"
    body = {"error": {"code": 9001, "message": "Tenant monthly quota exhausted"}}
    assert wa_errors.classify("acme-gateway", 403, body).id == "tenant_quota_exhausted"
    assert wa_errors.classify("acme-gateway", 503, b"UPSTREAM_UNREACHABLE").id == "upstream_unreachable"
    relayed = wa_errors.lookup("acme-gateway", 131047)  # passes_through: Meta's errors come through
    assert relayed.provider == "meta-cloud-api" and relayed.id == "re_engagement_window_closed"
    with pytest.raises(wa_errors.UnknownErrorKey):
        wa_errors.lookup("acme-gateway", "nothing like this")


def test_literal_change_is_refused_with_file_and_line() -> None:
    (problem,) = refused(PATCH.with_name("bad_literal.yaml"))
    assert problem.endswith(
        "tests/overlays/bad_literal.yaml:8:5: overlay changes literal of green-api/instance_starting: literal "
        "'instance in starting process try later' -> 'instance is starting, try later'; what the API returns "
        "cannot be changed (add an alias, or a new entry)"
    )
    assert wa_errors.lookup("green-api", "instance in starting process try later").id == "instance_starting"
    assert wa_errors.lookup("green-api", 502).notes == ""  # the valid patch in the same file was not merged


def test_category_contradicting_the_retry_policy_is_refused() -> None:
    problems = refused(OVERLAYS / "bad_category.yaml")
    wanted = "bad_category.yaml:6:5: retry policy 'backoff' contradicts category 'auth' (allowed: never, after_fix)"
    assert any(p.endswith(wanted) for p in problems), problems
    assert any(":6:5: next_action 'reconcile' contradicts category 'auth'" in p for p in problems), problems
    assert wa_errors.lookup("green-api", 502).category == "provider_unavailable"


def test_category_change_allowed_when_the_policy_fits(tmp_path: Path) -> None:
    text = "provider: {id: green-api}\nentries:\n  - id: bad_gateway\n    category: unknown\n"
    path = write(tmp_path, "recat.yaml", text)
    load_overlay(path)
    entry = wa_errors.lookup("green-api", 502)
    assert entry.category == "unknown" and entry.retry.policy == "backoff" and entry.next_action == "reconcile"


def test_json_overlay_patches_and_adds() -> None:
    report = load_overlay(JSON_PATCH)
    assert report.patched == ("outside_messaging_window",) and report.added == ("twilio_team_relay_error",)
    assert wa_errors.lookup("twilio", 63016).notes.startswith("Team note: our CRM")
    added = wa_errors.lookup("twilio", 89999)
    assert added.id == "twilio_team_relay_error" and added.origin == "overlay:twilio_patch.json"
    assert added.retry.policy == "never" and added.next_action == "fix_request"  # defaults, as for catalog entries
    assert wa_errors.classify("twilio", 400, {"code": 89999, "message": "relay said no"}).id == added.id


def test_json_problems_have_lines() -> None:
    problems = refused(OVERLAYS / "bad_literal.json")
    assert len(problems) == 1 and ":6:6: overlay changes literal of twilio/invalid_to_number: code 21211 -> 21212" in (
        problems[0]
    )


def test_new_entry_must_pass_the_catalog_rules(tmp_path: Path) -> None:
    text = """provider: {id: twilio}
entries:
  - id: copy_of_63016
    kind: error_code
    code: 63016
    surface: [{where: sync_response}]
    title: A second meaning for 63016
    cause: Someone thought 63016 means something else.
    remediation: Nothing; this entry must be refused.
    category: invalid_request
    actor: developer
    source: [{url: "https://example.com/x", checked: "2026-11-26", evidence: observed}]
  - id: no_source
    kind: error_code
    code: 89998
    surface: [{where: sync_response}]
    title: An entry without a source
    cause: It cites no page.
    remediation: Nothing; this entry must be refused.
    category: invalid_request
    actor: developer
"""
    problems = refused(write(tmp_path, "collide.yaml", text))
    assert any(":5:5: " in p and "63016" in p and "outside_messaging_window" in p for p in problems), problems
    assert any(":13:5: " in p and "'source' is a required property" in p for p in problems), problems
    with pytest.raises(wa_errors.UnknownErrorKey):
        wa_errors.lookup("twilio", 89998)


def test_unknown_provider_without_a_block_suggests_the_id(tmp_path: Path) -> None:
    path = write(tmp_path, "typo.yaml", "provider:\n  id: green_api\nentries:\n  - id: bad_gateway\n    notes: x\n")
    (problem,) = refused(path)
    assert ":2:3: unknown provider 'green_api'; did you mean 'green-api'?" in problem


def test_fields_a_patch_may_not_set_are_refused(tmp_path: Path) -> None:
    text = "provider: {id: green-api, name: Other}\nentries:\n  - id: bad_gateway\n    title: New title\n"
    problems = refused(write(tmp_path, "title.yaml", text))
    assert any(":1:27: overlay cannot change provider green-api's name" in p for p in problems), problems
    assert any(":4:5: overlay cannot change title of green-api/bad_gateway" in p for p in problems), problems


def test_runtime_checks_without_the_build_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "wa_errors_build.overlay", None)  # as when jsonschema is not installed
    assert _overlay._build_checker() is None
    assert any(":8:5: overlay changes literal of green-api/instance_starting" in p
               for p in refused(OVERLAYS / "bad_literal.yaml"))
    assert any(":6:5: retry policy 'backoff' contradicts category 'auth'" in p
               for p in refused(OVERLAYS / "bad_category.yaml"))
    load_overlay(PATCH)
    load_overlay(JSON_PATCH)
    assert wa_errors.lookup("green-api", 502).retry.max_attempts == 5
    assert wa_errors.lookup("twilio", 89999).origin == "overlay:twilio_patch.json"


def test_runtime_checks_without_the_build_tool_refuse_bad_entries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "wa_errors_build.overlay", None)
    doc = {
        "provider": {"id": "twilio"},
        "entries": [
            {"id": "dup", "kind": "error_code", "code": 63016, "surface": [{"where": "sync_response"}],
             "title": "t", "cause": "c", "remediation": "r", "category": "nope", "actor": "developer",
             "source": [{"url": "ftp://x", "checked": "2026", "evidence": "observed"}],
             "patterns": [{"regex": "(a+)+", "examples": ["a"]}], "retry": {"max_attempts": -1, "bogus": 1}},
        ],
    }
    path = write(tmp_path, "bad.json", json.dumps(doc, indent=1))
    text = "\n".join(refused(path))
    for expected in ("already claimed by entry 'outside_messaging_window'", "unknown category 'nope'",
                     "a source needs url", "patterns need the build tool", "max_attempts must be",
                     "unknown retry field 'bogus'"):
        assert expected in text, expected


def test_unreadable_and_broken_files(tmp_path: Path) -> None:
    (missing,) = refused(tmp_path / "missing.yaml")
    assert missing.endswith("missing.yaml:1:1: cannot read file: No such file or directory")
    (syntax,) = refused(write(tmp_path, "broken.json", '{"provider": {"id": "twilio"},\n "entries": [,]}'))
    assert ":2:14: JSON syntax error" in syntax
    (dup,) = refused(write(tmp_path, "dup.json", '{"provider": {"id": "twilio"}, "provider": {}}'))
    assert ":1:32: duplicate key 'provider'" in dup


def test_json_positions_follow_the_yaml_loader() -> None:
    data, positions = _overlay.parse_json('{\n  "a": [1, {"b": "x\\u00e9"}],\n  "c": -1.5e3\n}')
    assert data == {"a": [1, {"b": "xé"}], "c": -1500.0}
    assert positions[("a",)] == (2, 3) and positions[("a", 1, "b")] == (2, 13) and positions[("c",)] == (3, 3)
    for bad in ("[1,]", "{'a': 1}", "[NaN]", "[1] 2", ""):
        with pytest.raises(_overlay.SyntaxProblem):
            _overlay.parse_json(bad)


def test_concurrent_loads_merge_once() -> None:
    results: list[object] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        report = load_overlay(PATCH)
        results.append((report, wa_errors.lookup("green-api", 502).retry.max_attempts))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and len(set(results)) == 1
    assert len(_catalog._cache["overlays"]) == 1
    assert len(wa_errors.lookup("green-api", 429).aliases) == len(set(wa_errors.lookup("green-api", 429).aliases))


def test_public_names() -> None:
    assert wa_errors.load_overlay is _overlay.load_overlay
    assert wa_errors.OverlayError is OverlayError and issubclass(OverlayError, wa_errors.CatalogError)
    assert wa_errors.OverlayReport is _overlay.OverlayReport


# --- command line -----------------------------------------------------------------------------------


def test_cli_overlay_applies_for_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--overlay", str(PATCH), "--json", "lookup", "green-api", "502"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["origin"] == "overlay:green_patch.yaml" and doc["retry"]["max_attempts"] == 5
    assert cli_main(["--overlay", str(PATCH), "--overlay", str(JSON_PATCH), "lookup", "twilio", "89999"]) == 0
    assert "Our relay rejected the message" in capsys.readouterr().out


def test_cli_bad_overlay_exits_2_with_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--overlay", str(OVERLAYS / "bad_category.yaml"), "lookup", "green-api", "502"]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and len(lines) == 3 and all(line.startswith("wa-errors: error: ") for line in lines)
    assert any("bad_category.yaml:6:5: retry policy 'backoff'" in line for line in lines)


# --- build time -------------------------------------------------------------------------------------


def test_regen_with_overlays_writes_them_into_docs_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--out", str(tmp_path), "regen", "--overlay", str(PATCH), "--overlay", str(GATEWAY)]
    assert build_main(argv) == 0, capsys.readouterr().err
    green = (tmp_path / "docs" / "providers" / "green-api.md").read_text(encoding="utf-8")
    assert "Team note: 502 bursts line up with GREEN-API deploys" in green
    assert "runbook WA-17" in green and "green_patch.yaml" in green.splitlines()[0]
    gateway = (tmp_path / "docs" / "providers" / "acme-gateway.md").read_text(encoding="utf-8")
    assert "Gateway rate limit reached" in gateway and "ACME WhatsApp Gateway" in gateway
    export = json.loads((tmp_path / "docs" / "catalog.json").read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in export["providers"]}
    bad_gateway = next(e for e in blocks["green-api"]["entries"] if e["id"] == "bad_gateway")
    assert bad_gateway["origin"] == "overlay:green_patch.yaml" and bad_gateway["retry"]["max_attempts"] == 5
    assert all("origin" not in e for e in blocks["twilio"]["entries"])
    assert [e["id"] for e in blocks["acme-gateway"]["entries"]][0] == "gateway_throttled"
    assert "acme" not in (tmp_path / "docs" / "CHANGES.md").read_text(encoding="utf-8")  # history: the catalog's


def test_regen_with_a_bad_overlay_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--out", str(tmp_path), "regen", "--overlay", str(PATCH), "--overlay", str(OVERLAYS / "bad_literal.yaml")]
    assert build_main(argv) == 1
    err = capsys.readouterr().err
    assert "bad_literal.yaml:8:5: overlay changes literal of green-api/instance_starting" in err
    assert "nothing was written" in err and list(tmp_path.iterdir()) == []


def test_validate_with_overlays(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_main(["validate", "--overlay", str(PATCH), "--overlay", str(JSON_PATCH)]) == 0
    assert "with 2 overlay(s)" in capsys.readouterr().out
    assert build_main(["validate", "--overlay", str(OVERLAYS / "bad_literal.json")]) == 1
    assert "bad_literal.json:6:6: overlay changes literal" in capsys.readouterr().err


def test_check_compares_history_without_overlays(capsys: pytest.CaptureFixture[str]) -> None:
    def run(*extra: str) -> tuple[set[str], list[str]]:
        build_main(["check", *extra])
        lines = capsys.readouterr().err.splitlines()
        stale = {line.split(":", 1)[0] for line in lines if ": stale; run " in line}
        return stale, [line for line in lines if ": stale; run " not in line]

    stale_base, history_base = run()
    stale_overlay, history_overlay = run("--overlay", str(PATCH))
    assert history_overlay == history_base  # the snapshot comparison ignores overlays
    assert "docs/providers/green-api.md" in stale_overlay - stale_base or "docs/providers/green-api.md" in stale_base


def test_snapshot_takes_no_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        build_main(["snapshot", "--overlay", str(PATCH)])
    assert info.value.code == 2
    assert "unrecognized arguments: --overlay" in capsys.readouterr().err
