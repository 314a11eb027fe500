"""The `wa-errors` command: explain, lookup, classify, scan, list, providers, categories.

Exit status, the same for every verb: 0 when something documented was found (an entry, a finding,
a non-empty list), 1 when the input was fine but nothing documented matched, 2 for bad usage or
unreadable input. Every message on stderr is one line starting `wa-errors: error: `.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

from . import _tables
from ._api import Finding, classify, find, redact, scan_webhook
from ._body import loads, parse_form
from ._catalog import categories as _categories_data
from ._catalog import data as _data
from ._entry import Entry, plain
from ._registry import PROVIDERS
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

    def para(self, text: str, indent: str = "  ", hang: str | None = None) -> None:
        """Wrapped text; words are never split at hyphens and URLs are never broken (a line may run
        long instead). `hang` indents continuation lines (under a description column)."""
        self.stream.write(
            textwrap.fill(
                text,
                self.width,
                initial_indent=indent,
                subsequent_indent=indent if hang is None else hang,
                break_on_hyphens=False,
                break_long_words=False,
            )
            + "\n"
        )

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")


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
    if e.next_action:
        out.heading("Next action")
        out.para(f"{e.next_action}: {_vocabulary('next_actions', e.next_action)}")
    if e.scope:
        out.heading("Scope")
        out.para(f"{e.scope}: {_vocabulary('scopes', e.scope)}")
    out.heading("Retry")
    out.para(e.retry.describe())
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
    if e.origin:
        out.heading("Origin")
        out.para(e.origin)
    if e.sources:
        out.heading("Source")
        for src in e.sources:
            out.para(f"{src.url} ({src.evidence}, checked {src.checked})")
    out.line()


def _provider_ids() -> list[str]:
    """Every provider the data knows, those an --overlay added included."""
    return [str(block["id"]) for block in _data()["providers"]]


def _vocabulary(block: str, name: str) -> str:
    """The description categories.yaml gives a next action or scope."""
    found = _data().get(block, {}).get(name)
    return str(found.get("description", "")) if isinstance(found, dict) else ""


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


def _version() -> str:
    from . import __version__
    from ._registry import CATALOG_VERSION

    return f"wa-errors {__version__} (catalog {CATALOG_VERSION})"


def build_parser() -> _Parser:
    parser = _Parser(prog="wa-errors", description="Explain, look up and classify WhatsApp API provider errors.")
    parser.add_argument("--json", action="store_true", dest="json_first", help="print one JSON document")
    parser.add_argument(
        "--format", choices=("text", "json", "problem"), dest="format_first", default=None,
        help="text (default), json (--json), or problem: RFC 9457 Problem Details (explain, lookup, classify)",
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="lay this overlay (YAML or JSON, see docs/overlays.md) over the catalog for this run; repeatable",
    )
    sub = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    def verb(name: str, help_text: str) -> _Parser:
        p: _Parser = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON document")
        p.add_argument("--format", choices=("text", "json", "problem"), default=None,
                       help="text (default), json (--json), or problem: RFC 9457 Problem Details")
        return p

    p = verb("explain", "explain codes, Error IDs, markers or statuses at length (all providers when none is named)")
    p.add_argument(
        "args", nargs="+", metavar="[PROVIDER] KEY", help="a key, or a provider id then a key; several may follow"
    )
    p = verb("lookup", "look a key up for one provider")
    p.add_argument("provider", help="provider id: " + ", ".join(PROVIDERS))
    p.add_argument("key", help="HTTP status, Error ID, marker, code, message or entry id")
    p = verb("classify", "classify an HTTP answer (status and/or body)")
    p.add_argument("provider", help="provider id: " + ", ".join(PROVIDERS))
    p.add_argument("--status", type=int, help="the HTTP status of the answer")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--body", help="the body text")
    group.add_argument("--body-file", help="a file holding the body, or - for standard input")
    p = verb("scan", "find documented markers and errors in a webhook body (JSON file or -)")
    p.add_argument("--provider", help="scan with this provider's rules only")
    p.add_argument("file", help="a file holding the webhook body (JSON or form-encoded), or - for standard input")
    p = verb("list", "list entries")
    p.add_argument("provider", nargs="?", help="only this provider's entries")
    p.add_argument("--category", help="only entries of this category (see `wa-errors categories`)")
    p.add_argument("--kind", help="only entries of this kind (http_status, error_code, ...)")
    verb("providers", "list providers")
    verb("categories", "list categories")
    return parser


def _show(args: argparse.Namespace, out: _Out, entries: list[Entry], status: int | None = None) -> None:
    """Entries as the chosen format: explained text, --json (every field), or --format problem
    (RFC 9457 Problem Details, one object, or a list when there are several)."""
    if args.format == "problem":
        from .problem import to_problem

        docs = [to_problem(e, status if status is not None and 100 <= status <= 599 else None) for e in entries]
        _emit(out.stream, docs[0] if len(docs) == 1 else docs)
    elif args.json:
        one = len(entries) == 1 and args.verb != "explain"  # explain always prints a list
        _emit(out.stream, entries[0].to_dict() if one else _entries_json(entries))
    else:
        for e in entries:
            explain(out, e)


def _emit(stdout: TextIO, doc: Any) -> None:
    stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def _providers(args: argparse.Namespace, out: _Out) -> int:
    rows = [
        {
            "id": block["id"],
            "name": block["name"],
            "passes_through": block.get("passes_through"),
            "entries": len(block["entries"]),
        }
        for block in _data()["providers"]
    ]
    if args.json:
        _emit(out.stream, rows)
    for r in [] if args.json else rows:
        through = f" (+ {r['passes_through']})" if r["passes_through"] else ""
        out.line(f"{r['id']:16} {r['entries']:4} entries  {r['name']}{through}")
    return 0


def _categories(args: argparse.Namespace, out: _Out) -> int:
    if args.json:
        _emit(out.stream, [{"category": c, **plain(info)} for c, info in _categories_data().items()])
        return 0
    for c, info in _categories_data().items():
        out.para(f"{c:22} {info.description} [{info.exception or 'no exception'}]", indent="", hang=" " * 23)
    return 0


def _explain_targets(words: list[str]) -> list[tuple[str | None, str]]:
    """[PROVIDER] KEY [[PROVIDER] KEY ...] as (provider or None, key) pairs: a word that names a
    provider and is followed by another word starts a pair; any other word is a key for all."""
    pairs: list[tuple[str | None, str]] = []
    i = 0
    while i < len(words):
        pid = _provider_or_none(words[i]) if i + 1 < len(words) else None
        if pid is not None:
            pairs.append((pid, words[i + 1]))
            i += 2
        else:
            pairs.append((None, words[i]))
            i += 1
    return pairs


def _provider_or_none(word: str) -> str | None:
    try:
        return _tables.provider_id(word)
    except UnknownProviderError:
        return None


def _explain(args: argparse.Namespace, out: _Out, stderr: TextIO) -> int:
    found: list[Entry] = []
    status = 0
    for pid, key in _explain_targets(args.args):
        if pid is not None:
            entries = find(pid, key)
            where = pid
        else:
            entries = [e for p in _provider_ids() for e in find(p, key) if e.provider == p]
            where = "any provider"
        if not entries:
            stderr.write(f"wa-errors: error: {redact(key)[:200]!r} is not documented for {where}\n")
            status = 1
        found += entries
    _show(args, out, found)
    return status


def _lookup(args: argparse.Namespace, out: _Out, stderr: TextIO) -> int:
    pid = _tables.provider_id(args.provider)
    entries = find(pid, args.key)
    if not entries:
        stderr.write(f"wa-errors: error: {redact(args.key)[:200]!r} is not documented for {pid}\n")
        return 1
    _show(args, out, [entries[0]])
    return 0


def _classify(args: argparse.Namespace, out: _Out, _stderr: TextIO) -> int:
    pid = _tables.provider_id(args.provider)
    body: bytes | str | None = args.body
    if args.body_file is not None:
        body = _read_input(args.body_file)
    if args.status is None and body is None:
        raise UsageError("classify needs --status and/or --body/--body-file")
    entry = classify(pid, args.status, body)
    _show(args, out, [entry], args.status)
    return 0 if entry.documented else 1


def _scan(args: argparse.Namespace, out: _Out, _stderr: TextIO) -> int:
    scan_for = _tables.provider_id(args.provider) if args.provider else None
    raw = _read_input(args.file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{args.file}: not UTF-8 text") from None
    payload: Any = parse_form(text)  # Twilio's status callbacks are form-encoded
    if text.strip()[:1] in ("{", "[") or payload is None:
        try:
            payload = loads(text)
        except (ValueError, RecursionError) as exc:
            raise UsageError(f"{args.file}: not a JSON or form-encoded webhook body ({str(exc)[:120]})") from None
    findings: list[Finding] = scan_webhook(payload, scan_for)
    if args.json:
        _emit(out.stream, [f.to_dict() for f in findings])
    for f in [] if args.json else findings:
        out.para(
            f"{f.path or '(body)'}: {str(f.value)[:80]!r} -> {f.entry.provider}/{f.entry.id}: "
            f"{f.entry.title}. {f.entry.remediation}",
            indent="",
            hang="    ",
        )
    if not findings and not args.json:
        out.line("nothing documented found")
    return 0 if findings else 1


def _list(args: argparse.Namespace, out: _Out, _stderr: TextIO) -> int:
    pids = [_tables.provider_id(args.provider)] if args.provider else _provider_ids()
    if args.category and args.category not in _categories_data():
        raise UsageError(f"unknown category {args.category!r}; see `wa-errors categories`")
    kinds = {e.kind for pid in _provider_ids() for e in _tables.tables(pid).entries}
    if args.kind and args.kind not in kinds:
        raise UsageError(f"unknown kind {args.kind!r}; known: {', '.join(sorted(kinds))}")
    entries = [
        e
        for pid in pids
        for e in _tables.tables(pid).entries
        if (not args.category or e.category == args.category) and (not args.kind or e.kind == args.kind)
    ]
    if args.json:
        _emit(out.stream, _entries_json(entries))
    else:
        _summary(out, entries)
    if not entries and not args.json:
        asked = [f"provider {pids[0]}" if args.provider else "any provider"]
        asked += [f"category {args.category}"] * bool(args.category) + [f"kind {args.kind}"] * bool(args.kind)
        out.line(f"no entries for {', '.join(asked)}")
    return 0 if entries else 1


_VERBS: dict[str, Callable[[argparse.Namespace, _Out, TextIO], int]] = {
    "providers": lambda a, o, _e: _providers(a, o),
    "categories": lambda a, o, _e: _categories(a, o),
    "explain": _explain,
    "lookup": _lookup,
    "classify": _classify,
    "scan": _scan,
    "list": _list,
}


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    args = build_parser().parse_args(argv)
    args.format = args.format or args.format_first or ("json" if args.json or args.json_first else "text")
    args.json = args.format == "json"
    if args.format == "problem" and args.verb not in ("explain", "lookup", "classify"):
        raise UsageError("--format problem applies to explain, lookup and classify")
    for path in args.overlay:  # before the verb: it sees the merged catalog
        from ._overlay import OverlayError, load_overlay

        try:
            load_overlay(path)
        except OverlayError as exc:
            stderr.writelines(f"wa-errors: error: {' '.join(redact(problem).split())}\n" for problem in exc.problems)
            return 2
    return _VERBS[args.verb](args, _Out(stdout), stderr)


class _PipeSafe:
    """stdout that swallows a closed pipe (`wa-errors list | head -1`): the command finishes and
    exits with the status it would have had, and nothing is printed about the pipe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def isatty(self) -> bool:
        return self.stream.isatty()

    def flush(self) -> None:
        if not self.broken:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.broken = True


def _one_line(exc: BaseException) -> str:
    return " ".join(redact(str(exc)).split())[:500]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; never lets a traceback reach the user for bad input."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a Cyrillic literal gets a "?"
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    out = _PipeSafe(sys.stdout)
    try:
        status = run(sys.argv[1:] if argv is None else argv, out, sys.stderr)  # type: ignore[arg-type]
    except UsageError as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2
    except (UnknownProviderError, UnknownErrorKey) as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2 if isinstance(exc, UnknownProviderError) else 1
    except CatalogError as exc:
        sys.stderr.write(f"wa-errors: error: {_one_line(exc)}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    out.flush()
    if out.broken:  # keep the interpreter's own final flush from reporting the closed pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status


if __name__ == "__main__":
    sys.exit(main())
