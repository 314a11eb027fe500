"""One short emitter per output. Each returns {relative path: file text}; nothing here writes files.

Data is escaped for its target here and only here: `repr()` literals and checked identifiers for
Python, backslash/entity escaping for Markdown, `json.dumps` for JSON. Templates only lay out.
"""

from __future__ import annotations

import html
import json
import math
import re
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2

from .model import Catalog, Provider, identifier, strip_marker
from .rules import TITLE_MIN, loose
from .validate import match_tables, normalise

TEMPLATES = Path(__file__).resolve().parent / "templates"
HOOK_KINDS = ("message_status", "instance_state", "quota_status", "webhook_event")
CONTAINS_MIN = 8
"""Shortest sync literal that may match as a substring of a longer error text."""


def py(value: Any) -> str:
    """A Python literal for plain data; refuses anything whose repr would not round-trip."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot emit the non-finite number {value!r}")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return repr(value)
    if isinstance(value, tuple):
        return "(" + "".join(py(v) + ", " for v in value) + ")"
    if isinstance(value, list):
        return "(" + "".join(py(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot emit {type(value).__name__} as a Python literal")


_MD_SPECIAL = re.compile(r"([\\*_{}\[\]])")
_MD_ENTITY = {"|": "&#124;", "~": "&#126;", "`": "&#96;"}
_MD_LINE_START = re.compile(r"^(\d*)([#+=.!-])")
_CODE_SPAN = re.compile(r"`([^`]+)`")


def md(value: Any) -> str:
    """Inline Markdown that renders the same in CommonMark and Python-Markdown: `code` in the
    catalog's prose becomes <code>; HTML entities for <, >, &, pipes, tildes and stray backticks;
    a backslash only before the characters both dialects unescape; one line; a leading heading,
    list or quote marker is escaped too."""
    parts = _CODE_SPAN.split(" ".join(("" if value is None else str(value)).split()))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(md_code(part))
            continue
        text = _MD_SPECIAL.sub(r"\\\1", html.escape(part, quote=False))
        out.append("".join(_MD_ENTITY.get(c, c) for c in text))
    return _MD_LINE_START.sub(r"\1\\\2", "".join(out))


def md_code(value: Any) -> str:
    """A literal shown as code in a table cell; backticks and pipes cannot break out."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return (
        "<code>"
        + html.escape(text, quote=True)
        .replace("|", "&#124;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("`", "&#96;")
        .replace("\\", "&#92;")
        .replace("*", "&#42;")
        .replace("_", "&#95;")
        .replace("[", "&#91;")
        .replace("]", "&#93;")
        + "</code>"
    )


def url(value: str) -> str:
    """A URL safe inside <...> in Markdown: anything that could close the link or open HTML is %-escaped."""
    return urllib.parse.quote(str(value), safe=":/?#@!$&()*+,;=%-._~")


def anchor(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", value.lower().replace(" ", "-"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(py=py, md=md, md_code=md_code, url=url, ident=identifier, anchor=anchor)
    return env


# --- Python: enums and lookup tables ----------------------------------------------------------


def entry_args(p: Provider, e: dict[str, Any]) -> list[tuple[str, str]]:
    """Keyword arguments of the Entry(...) literal, already rendered as Python source."""
    r = e["retry"]
    retry = (
        "RetryAdvice("
        + ", ".join(
            f"{k}={py(r[k])}"
            for k in (
                "policy",
                "max_attempts",
                "delay_seconds",
                "max_delay_seconds",
                "respect_retry_after",
                "may_have_taken_effect",
                "documented",
                "note",
            )
        )
        + ")"
    )
    surface = (
        "("
        + "".join(
            f"Surface({py(s['where'])}, {py(s.get('field', ''))}, "
            f"{py(s.get('webhook_type', ''))}, {py(s.get('note', ''))}), "
            for s in e["surface"]
        )
        + ")"
    )
    sources = (
        "("
        + "".join(
            f"Source({py(s['url'])}, {py(s['checked'])}, {py(s['evidence'])}, {py(s.get('note', ''))}), "
            for s in e["source"]
        )
        + ")"
    )
    rng = e.get("code_range")
    args = [
        ("provider", py(p.id)),
        ("id", py(e["id"])),
        ("kind", py(e["kind"])),
        ("title", py(e["title"])),
        ("cause", py(e["cause"])),
        ("remediation", py(e["remediation"])),
        ("category", py(e["category"])),
        ("actor", py(e["actor"])),
        ("retry", retry),
        ("surface", surface),
        ("http_status", py(e.get("http_status"))),
        ("literal", py(e.get("literal"))),
        ("aliases", py(tuple(e["aliases"]))),
        ("code", py(e.get("code"))),
        ("code_range", py((rng["min"], rng["max"]) if rng else None)),
        ("sip_status", py(e.get("sip_status"))),
        ("subcode", py(e.get("subcode"))),
        ("provider_title", py(e.get("provider_title"))),
        ("sources", sources),
        ("since", py(e.get("since"))),
        ("until", py(e.get("until"))),
        ("legacy", py(bool(e["legacy"]))),
        ("notes", py(e.get("notes", ""))),
        ("http_status_seen", py(tuple((s["status"], s["doc_version"]) for s in e.get("http_status_seen", [])))),
        ("maps_to", py(tuple((m["provider"], m["code"]) for m in e.get("maps_to", [])))),
    ]
    return args


def provider_tables(p: Provider) -> dict[str, Any]:
    """The O(1) indexes the runtime reads: every key normalised here, once, not per call."""
    by_id: dict[str, int] = {}
    by_status: dict[int, int] = {}
    by_text: dict[str, int] = {}
    by_text_status: dict[str, int] = {}
    by_marker: dict[str, int] = {}
    by_code: dict[int, int] = {}
    by_subcode: dict[str, int] = {}
    by_hook_literal: dict[str, int] = {}
    by_sip: dict[int, int] = {}
    hook_fields: dict[str, dict[str, dict[str, int]]] = {}
    code_ranges: list[tuple[int, int, int]] = []
    sync_patterns: list[tuple[str, int]] = []
    any_patterns: list[tuple[str, int]] = []
    marker_parts: list[str] = []
    contains: list[tuple[str, int]] = []
    for i, e in enumerate(p.entries):
        by_id[e["id"]] = i
        for old in e["renamed_from"]:
            by_id.setdefault(old, i)
        texts = [t for t in [e.get("literal"), *e["aliases"]] if isinstance(t, str)]
        if e["kind"] == "http_status":
            by_status[e["http_status"]] = i
        if e["kind"] == "sip_status":
            by_sip[e["sip_status"]] = i
        if e.get("code") is not None:
            if e.get("subcode") is not None:
                by_subcode[f"{e['code']}:{e['subcode']}"] = i
            else:
                by_code[e["code"]] = i
        if e.get("code_range"):
            code_ranges.append((e["code_range"]["min"], e["code_range"]["max"], i))
        tables = match_tables(e)
        for table in tables:
            for t in texts:
                key = normalise(t)
                if table[0] == "sync":
                    by_text.setdefault(key, i)
                    by_text_status.setdefault(f"{table[1]} {key}", i)
                    if len(key) >= CONTAINS_MIN and e["kind"] != "http_status":
                        contains.append((key, i))
                elif table == ("marker",):
                    by_marker.setdefault(strip_marker(t), i)
                    marker_parts.append(f"(?P<e{i}_{len(marker_parts)}>{re.escape(t)})")
                else:
                    hook_fields.setdefault(table[1], {}).setdefault(table[2], {}).setdefault(key, i)
                    by_hook_literal.setdefault(key, i)
        if e["kind"] in HOOK_KINDS:  # a status or state is a lookup key even where its field is unknown
            for t in texts:
                by_hook_literal.setdefault(normalise(t), i)
        for pat in e["patterns"]:
            regex = pat["regex"]
            if "(?P" in regex:
                raise ValueError(f"{p.id}/{e['id']}: named groups are not allowed in catalog regexes")
            any_patterns.append((regex, i))
            if any(t[0] == "sync" for t in tables):
                sync_patterns.append((regex, i))
            if e["kind"] == "webhook_marker":
                marker_parts.append(f"(?P<e{i}_{len(marker_parts)}>{regex})")
    contains.sort(key=lambda kv: (-len(kv[0]), kv[1]))
    titles: dict[str, int] = {}
    for i, e in enumerate(p.entries):
        if e["kind"] in ("error_code", "error_id", "validation_message"):
            for t in [e.get("provider_title"), *e["aliases"]]:
                key = loose(t) if isinstance(t, str) else ""
                if len(key) >= TITLE_MIN:
                    titles.setdefault(key, i)
    return {
        "BY_ID": by_id,
        "BY_STATUS": by_status,
        "BY_TEXT": by_text,
        "BY_TEXT_STATUS": by_text_status,
        "BY_MARKER": by_marker,
        "BY_CODE": by_code,
        "BY_SUBCODE": by_subcode,
        "BY_HOOK_LITERAL": by_hook_literal,
        "BY_SIP": by_sip,
        "HOOK_FIELDS": hook_fields,
        "CODE_RANGES": tuple(code_ranges),
        "SYNC_PATTERNS": tuple(sync_patterns),
        "ANY_PATTERNS": tuple(any_patterns),
        "SYNC_CONTAINS": tuple(contains),
        "MARKER_RE": "|".join(marker_parts),
        "TITLES": tuple(sorted(titles.items(), key=lambda kv: (-len(kv[0]), kv[1]))),
    }


TABLE_TYPES = {
    "BY_ID": "dict[str, int]",
    "BY_STATUS": "dict[int, int]",
    "BY_TEXT": "dict[str, int]",
    "BY_TEXT_STATUS": "dict[str, int]",
    "BY_MARKER": "dict[str, int]",
    "BY_CODE": "dict[int, int]",
    "BY_SUBCODE": "dict[str, int]",
    "BY_HOOK_LITERAL": "dict[str, int]",
    "BY_SIP": "dict[int, int]",
    "HOOK_FIELDS": "dict[str, dict[str, dict[str, int]]]",
    "CODE_RANGES": "tuple[tuple[int, int, int], ...]",
    "SYNC_PATTERNS": "tuple[tuple[str, int], ...]",
    "ANY_PATTERNS": "tuple[tuple[str, int], ...]",
    "SYNC_CONTAINS": "tuple[tuple[str, int], ...]",
    "MARKER_RE": "str",
    "TITLES": "tuple[tuple[str, int], ...]",
}


def short_name(e: dict[str, Any]) -> str | None:
    """The alias a person would type for an entry: `SWE001`, `CODE_131047`, `HTTP_429`, `SIP_486`."""
    if e["kind"] == "webhook_marker" and isinstance(e.get("literal"), str):
        name = strip_marker(e["literal"]).upper()
        return name if name.isidentifier() and name.isascii() else None
    if e.get("code") is not None and e.get("subcode") is None:
        return f"CODE_{e['code']}" if e["code"] >= 0 else None
    if e["kind"] == "http_status":
        return f"HTTP_{e['http_status']}"
    if e["kind"] == "sip_status":
        return f"SIP_{e['sip_status']}"
    return None


def member_names(p: Provider) -> list[tuple[str, str]]:
    """(member name, entry id): the id's own name, former ids, then short aliases that are unambiguous."""
    members = []
    for e in p.entries:
        members.append((e["member"], e["id"]))
        for old in e["renamed_from"]:
            members.append((identifier(old.upper()), e["id"]))
    taken = Counter(name for name, _ in members)
    shorts = Counter(short_name(e) for e in p.entries)
    for e in p.entries:
        name = short_name(e)
        if name is not None and shorts[name] == 1 and not taken[name]:
            members.append((identifier(name), e["id"]))
    return members


def emit_python(catalog: Catalog, env: jinja2.Environment) -> dict[str, str]:
    out = {}
    for p in catalog.providers:
        body = p.meta.get("error_body") or {}
        hook = p.meta.get("webhook") or {}
        meta = {
            "id": p.id,
            "name": p.name,
            "docs_url": p.meta["docs_url"],
            "passes_through": p.passes_through,
            "error_id_fields": tuple(body.get("error_id_fields", [])),
            "code_fields": tuple(body.get("code_fields", [])),
            "subcode_fields": tuple(body.get("subcode_fields", [])),
            "details_fields": tuple(body.get("details_fields", [])),
            "trace_fields": tuple(body.get("trace_fields", [])),
            "error_object_keys": tuple(body.get("error_object_keys", [])),
            "code_in_text": tuple(body.get("code_in_text", [])),
            "relay_code_keys": tuple(body.get("relay_code_keys", [])),
            "webhook_type_field": hook.get("type_field"),
            "error_containers": tuple(hook.get("error_containers", [])),
            "webhook_code_fields": tuple(hook.get("code_fields", [])),
        }
        tables = provider_tables(p)
        members = member_names(p)
        out[f"src/wa_errors/providers/{p.module}.py"] = env.get_template("provider.py.j2").render(
            p=p,
            meta=meta,
            entries=[entry_args(p, e) for e in p.entries],
            members=members,
            tables=[(name, TABLE_TYPES[name], tables[name]) for name in TABLE_TYPES],
        )
    out["src/wa_errors/exceptions.py"] = env.get_template("exceptions.py.j2").render(
        groups=[(name, g) for name, g in catalog.groups.items() if g["exception"]],
        categories=[
            (name, c, catalog.groups.get(c["group"], {}).get("exception") or "ProviderError")
            for name, c in catalog.categories.items()
            if c["exception"]
        ],
    )
    out["src/wa_errors/_registry.py"] = env.get_template("registry.py.j2").render(
        catalog=catalog,
        version=catalog.version,
        redact=[(r["regex"], p.id) for p in catalog.providers for r in p.meta.get("redact", [])],
        exceptions=sorted({c["exception"] for c in catalog.categories.values() if c["exception"]}),
        sources=", ".join(["catalog/categories.yaml"] + [p.source_file for p in catalog.providers]),
    )
    return out


# --- JSON export -------------------------------------------------------------------------------


def emit_json(catalog: Catalog) -> dict[str, str]:
    doc = {
        "generated": "Generated from catalog/*.yaml by `make regen`. Do not edit.",
        "format": 1,
        "catalog_version": catalog.version,
        "groups": catalog.groups,
        "categories": catalog.categories,
        "providers": [
            {
                "id": p.id,
                "name": p.name,
                "docs_url": p.meta["docs_url"],
                "passes_through": p.passes_through,
                "error_body": p.meta.get("error_body", {}),
                "webhook": p.meta.get("webhook", {}),
                "doc_versions": p.meta["doc_versions"],
                "entries": [{k: v for k, v in e.items() if k != "member"} for e in p.entries],
            }
            for p in catalog.providers
        ],
    }
    return {"src/wa_errors/catalog.json": json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n"}


# --- Markdown docs and the README's generated table ----------------------------------------------

KIND_ORDER = [
    "http_status",
    "error_id",
    "validation_message",
    "quota_status",
    "error_code",
    "webhook_marker",
    "message_status",
    "instance_state",
    "webhook_event",
    "sip_status",
]


def kind_counts(catalog: Catalog) -> list[tuple[Provider, dict[str, int], int]]:
    rows = []
    for p in catalog.providers:
        counts = Counter(e["kind"] for e in p.entries)
        rows.append((p, {k: counts.get(k, 0) for k in KIND_ORDER}, len(p.entries)))
    return rows


def emit_docs(catalog: Catalog, env: jinja2.Environment) -> dict[str, str]:
    out = {}
    sources = ", ".join(["catalog/categories.yaml"] + [p.source_file for p in catalog.providers])
    out["docs/index.md"] = env.get_template("index.md.j2").render(
        catalog=catalog, rows=kind_counts(catalog), kinds=KIND_ORDER, sources=sources
    )
    by_cat: dict[str, dict[str, list[dict[str, Any]]]] = {c: {} for c in catalog.categories}
    for p in catalog.providers:
        for e in p.entries:
            by_cat[e["category"]].setdefault(p.id, []).append(e)
    out["docs/categories.md"] = env.get_template("categories.md.j2").render(
        catalog=catalog, by_cat=by_cat, sources=sources
    )
    out["docs/coverage.md"] = env.get_template("coverage.md.j2").render(
        rows=coverage_rows(catalog), sources=sources, version=catalog.version
    )
    for p in catalog.providers:
        out[f"docs/providers/{p.id}.md"] = env.get_template("provider.md.j2").render(
            p=p, catalog=catalog, versions={v["id"]: v for v in p.meta["doc_versions"]}
        )
    return out


CoverageRow = tuple[Provider, list[tuple[dict[str, Any], int]], list[dict[str, Any]], int, int]


def coverage_rows(catalog: Catalog) -> list[CoverageRow]:
    """Per provider: (doc versions with their entry counts, cited pages with counts, entries, codes)."""
    rows = []
    for p in catalog.providers:
        since = Counter(e.get("since") for e in p.entries)
        versions = [(v, since.get(v["id"], 0)) for v in p.meta["doc_versions"]]
        pages: dict[str, dict[str, Any]] = {}
        for e in p.entries:
            coded = e.get("code") is not None or e.get("code_range") is not None
            for src in {s["url"]: s for s in e["source"]}.values():
                page = pages.setdefault(src["url"], {"url": src["url"], "checked": "", "evidence": set(),
                                                     "entries": 0, "codes": 0})
                page["checked"] = max(page["checked"], src["checked"])
                page["evidence"].add(src["evidence"])
                page["entries"] += 1
                page["codes"] += coded
        listed = sorted(pages.values(), key=lambda pg: (-pg["entries"], pg["url"]))
        for page in listed:
            page["evidence"] = ", ".join(sorted(page["evidence"]))
        codes = sum(1 for e in p.entries if e.get("code") is not None or e.get("code_range") is not None)
        rows.append((p, versions, listed, len(p.entries), codes))
    return rows


README_BEGIN = "<!-- BEGIN GENERATED: providers (make regen; do not edit) -->"
README_END = "<!-- END GENERATED: providers -->"


def emit_readme(catalog: Catalog, env: jinja2.Environment, readme: str) -> dict[str, str]:
    """Replace the marked region of README.md with the provider table; the rest is hand-written."""
    start, end = readme.find(README_BEGIN), readme.find(README_END)
    if start < 0 or end < start:
        return {}
    table = env.get_template("readme_providers.md.j2").render(rows=kind_counts(catalog), kinds=KIND_ORDER)
    return {"README.md": readme[: start + len(README_BEGIN)] + "\n" + table + readme[end:]}


def emit_schemas(root: Path) -> dict[str, str]:
    """The schemas, copied into the package so the wheel carries them (importlib.resources)."""
    out = {}
    for path in sorted((root / "schema").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc = {"$comment": f"Generated copy of schema/{path.name} by `make regen`. Do not edit.", **doc}
        out[f"src/wa_errors/schema/{path.name}"] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return out


def render_all(catalog: Catalog, root: Path) -> dict[str, str]:
    env = environment()
    files: dict[str, str] = emit_schemas(root)
    files.update(emit_python(catalog, env))
    files.update(emit_json(catalog))
    files.update(emit_docs(catalog, env))
    readme = root / "README.md"
    if readme.exists():
        files.update(emit_readme(catalog, env, readme.read_text(encoding="utf-8")))
    return files
