"""The `wa-errors` command: explain, lookup, classify, scan, list, providers, categories.

Exit status: 0 when a documented entry was found (scan: the file was read), 1 when the input was
fine but nothing documented matched, 2 for bad usage or unreadable input, with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from typing import Any, NoReturn, TextIO

from . import _tables
from ._api import Finding, classify, find, redact, scan_webhook
from ._entry import Entry
from ._registry import CATEGORIES, PROVIDERS
from .exceptions import CatalogError, UnknownErrorKey, UnknownProviderError

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""Largest body or webhook file the command reads; classify looks at its first 64 KiB anyway."""


class UsageError(Exception):
    """Bad usage or unreadable input: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class _Out:
    """Terminal-aware printing: wrapped to the width, bold headings only on a colour TTY."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = max(40, min(shutil.get_terminal_size((88, 24)).columns, 100))
        self.colour = stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def heading(self, text: str) -> None:
        self.stream.write((f"\033[1m{text}\033[0m" if self.colour else text) + "\n")

    def para(self, text: str, indent: str = "  ") -> None:
        self.stream.write(textwrap.fill(text, self.width, initial_indent=indent, subsequent_indent=indent) + "\n")

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")


def _retry_text(e: Entry) -> str:
    r = e.retry
    words = {
        "not_needed": "nothing to retry",
        "never": "do not retry the same request",
        "backoff": "retry with growing delays",
        "after_fix": "retry only after the cause is fixed",
        "after_wait": "retry after a wait",
    }
    parts = [words.get(r.policy, r.policy)]
    if r.max_attempts is not None:
        parts.append(f"at most {r.max_attempts} times")
    if r.delay_seconds is not None:
        parts.append(f"first after {r.delay_seconds:g} s")
    if r.max_delay_seconds is not None:
        parts.append(f"delays capped at {r.max_delay_seconds:g} s")
    if r.respect_retry_after:
        parts.append("a Retry-After header wins")
    if r.may_have_taken_effect:
        parts.append("the request may already have taken effect, so a blind resend can duplicate a message")
    text = ", ".join(parts) + (" (documented by the provider)." if r.documented else " (our advice).")
    return text + (f" {r.note}" if r.note else "")


def explain(out: _Out, e: Entry) -> None:
    status = f", HTTP {e.http_status}" if e.http_status is not None else ""
    out.heading(f"{e.key} [{e.provider} / {e.id}]: {e.title}")
    out.line(
        f"  {e.kind}, category {e.category}{status}{'' if e.documented else ', NOT documented'}"
        f"{', legacy' if e.legacy else ''}"
    )
    if e.provider_title:
        out.para(f"Provider's title: {e.provider_title}")
    out.line()
    out.heading("What happened")
    out.para(e.cause)
    out.heading("What to do")
    out.para(e.remediation)
    out.heading("Who acts")
    out.para(e.actor)
    out.heading("Retry")
    out.para(_retry_text(e))
    if e.surface:
        out.heading("Where it shows up")
        for s in e.surface:
            bits = (
                [s.where]
                + ([f"webhook {s.webhook_type}"] if s.webhook_type else [])
                + ([f"field {s.field}"] if s.field else [])
            )
            out.para(", ".join(bits))
    if e.notes:
        out.heading("Notes")
        out.para(e.notes)
    if e.sources:
        out.heading("Source")
        for src in e.sources:
            out.para(f"{src.url} ({src.evidence}, checked {src.checked})")
    out.line()


def _summary(out: _Out, entries: list[Entry]) -> None:
    """One line per entry, cut (not wrapped) to the terminal width so columns stay aligned."""
    width = min(max((len(e.key) for e in entries), default=0), 28)
    for e in entries:
        key = e.key if len(e.key) <= width else e.key[: width - 1] + "…"
        line = f"{e.provider:14} {key:<{width}}  {e.category:20} {e.title}"
        out.line(line if len(line) <= out.width else line[: out.width - 1] + "…")


def _read_input(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)[:MAX_INPUT_BYTES]
        with open(path, "rb") as fh:
            return fh.read(MAX_INPUT_BYTES)
    except OSError as exc:
        raise UsageError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    except ValueError as exc:  # a path with a NUL byte
        raise UsageError(f"cannot read {path!r}: {exc}") from None


def _entries_json(entries: list[Entry]) -> Any:
    return [e.to_dict() for e in entries]


def build_parser() -> _Parser:
    parser = _Parser(prog="wa-errors", description="Explain, look up and classify WhatsApp API provider errors.")
    sub = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    def verb(name: str, help_text: str) -> _Parser:
        p: _Parser = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON document")
        return p

    p = verb("explain", "explain a code, Error ID, marker or status at length (all providers when none is named)")
    p.add_argument("args", nargs="+", metavar="[PROVIDER] KEY")
    p = verb("lookup", "look a key up for one provider")
    p.add_argument("provider")
    p.add_argument("key")
    p = verb("classify", "classify an HTTP answer (status and/or body)")
    p.add_argument("provider")
    p.add_argument("--status", type=int)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--body", help="the body text")
    group.add_argument("--body-file", help="a file holding the body, or - for standard input")
    p = verb("scan", "find documented markers and errors in a webhook body (JSON file or -)")
    p.add_argument("--provider")
    p.add_argument("file")
    p = verb("list", "list entries")
    p.add_argument("provider", nargs="?")
    p.add_argument("--category")
    p.add_argument("--kind")
    verb("providers", "list providers")
    verb("categories", "list categories")
    return parser


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = _Out(stdout)
    as_json: bool = args.json

    def emit(doc: Any) -> None:
        stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    if args.verb == "providers":
        rows = [
            {"id": pid, "name": info[0], "passes_through": info[3], "entries": len(_tables.tables(pid).entries)}
            for pid, info in PROVIDERS.items()
        ]
        if as_json:
            emit(rows)
        else:
            for r in rows:
                through = f" (+ {r['passes_through']})" if r["passes_through"] else ""
                out.line(f"{r['id']:16} {r['entries']:4} entries  {r['name']}{through}")
        return 0
    if args.verb == "categories":
        if as_json:
            emit([{"category": c, "description": d, "exception": x} for c, (d, x, _p, _f) in CATEGORIES.items()])
        else:
            for c, (d, x, _p, _f) in CATEGORIES.items():
                out.para(f"{c:22} {d} [{x or 'no exception'}]", indent="")
        return 0
    if args.verb == "explain":
        if len(args.args) > 2:
            raise UsageError("explain takes [PROVIDER] KEY")
        if len(args.args) == 2:
            pid = _tables.provider_id(args.args[0])
            entries = find(pid, args.args[1])
            if not entries:
                raise UnknownErrorKey(f"{redact(args.args[1])!r} is not documented for {pid}")
        else:
            entries = [e for pid in PROVIDERS for e in find(pid, args.args[0]) if e.provider == pid]
        if not entries:
            stderr.write(f"wa-errors: {redact(args.args[-1])[:200]!r} is not documented for any provider\n")
            return 1
        if as_json:
            emit(_entries_json(entries))
        else:
            for e in entries:
                explain(out, e)
        return 0
    if args.verb == "lookup":
        pid = _tables.provider_id(args.provider)
        entries = find(pid, args.key)
        if not entries:
            stderr.write(f"wa-errors: {redact(args.key)[:200]!r} is not documented for {pid}\n")
            return 1
        if as_json:
            emit(entries[0].to_dict())
        else:
            explain(out, entries[0])
        return 0
    if args.verb == "classify":
        pid = _tables.provider_id(args.provider)
        body: bytes | str | None = args.body
        if args.body_file is not None:
            body = _read_input(args.body_file)
        if args.status is None and body is None:
            raise UsageError("classify needs --status and/or --body/--body-file")
        entry = classify(pid, args.status, body)
        if as_json:
            emit(entry.to_dict())
        else:
            explain(out, entry)
        return 0 if entry.documented else 1
    if args.verb == "scan":
        scan_for = _tables.provider_id(args.provider) if args.provider else None
        raw = _read_input(args.file)
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise UsageError(f"{args.file}: not a JSON webhook body ({type(exc).__name__})") from None
        findings: list[Finding] = scan_webhook(payload, scan_for)
        if as_json:
            emit([f.to_dict() for f in findings])
        else:
            if not findings:
                out.line("nothing documented found")
            for f in findings:
                out.para(
                    f"{f.path or '(body)'}: {str(f.value)[:80]!r} -> {f.entry.provider}/{f.entry.id}: "
                    f"{f.entry.title}. {f.entry.remediation}",
                    indent="",
                )
        return 0
    if args.verb == "list":
        pids = [_tables.provider_id(args.provider)] if args.provider else list(PROVIDERS)
        if args.category and args.category not in CATEGORIES:
            raise UsageError(f"unknown category {args.category!r}; see `wa-errors categories`")
        kinds = {e.kind for pid in PROVIDERS for e in _tables.tables(pid).entries}
        if args.kind and args.kind not in kinds:
            raise UsageError(f"unknown kind {args.kind!r}; known: {', '.join(sorted(kinds))}")
        entries = [
            e
            for pid in pids
            for e in _tables.tables(pid).entries
            if (not args.category or e.category == args.category) and (not args.kind or e.kind == args.kind)
        ]
        if as_json:
            emit(_entries_json(entries))
        else:
            _summary(out, entries)
        return 0 if entries else 1
    raise UsageError(f"unknown verb {args.verb!r}")  # pragma: no cover - argparse rejects it first


def _one_line(exc: BaseException) -> str:
    return " ".join(redact(str(exc)).split())[:500]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; never lets a traceback reach the user for bad input."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a Cyrillic literal gets a "?"
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
    except UsageError as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2
    except (UnknownProviderError, UnknownErrorKey) as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2 if isinstance(exc, UnknownProviderError) else 1
    except CatalogError as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
