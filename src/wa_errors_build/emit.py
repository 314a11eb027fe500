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

from .model import Catalog, Provider, identifier
from .rules import describe_retry, strip_marker

TEMPLATES = Path(__file__).resolve().parent / "templates"


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


def comment(text: Any) -> str:
    """Text safe in a Python comment: one line of printable characters, nothing a tokenizer reads."""
    return "".join(c for c in " ".join(str(text).split()) if c.isprintable())[:150]


def member_names(p: Provider) -> list[tuple[str, str, str]]:
    """(member name, entry id, title as a comment): the id's own name, former ids, then short
    aliases that are unambiguous. The title is one line of plain text (a comment cannot break out)."""
    members = []
    for e in p.entries:
        members.append((e["member"], e["id"], comment(e["title"])))
        for old in e["renamed_from"]:
            members.append((identifier(old.upper()), e["id"], f"former id of {e['id']}"))
    taken = Counter(name for name, _, _ in members)
    shorts = Counter(short_name(e) for e in p.entries)
    for e in p.entries:
        name = short_name(e)
        if name is not None and shorts[name] == 1 and not taken[name]:
            members.append((identifier(name), e["id"], ""))
    return members


def emit_python(catalog: Catalog, env: jinja2.Environment) -> dict[str, str]:
    """Only what has static value as code: the enums (for editors and mypy), the registry of
    providers and the exception classes. The data goes to catalog.json, once."""
    out = {}
    for p in catalog.providers:
        out[f"src/wa_errors/providers/{p.module}.py"] = env.get_template("provider.py.j2").render(
            p=p, members=member_names(p)
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
        exceptions=sorted({c["exception"] for c in catalog.categories.values() if c["exception"]}),
        sources=", ".join(["catalog/categories.yaml"] + [p.source_file for p in catalog.providers]),
    )
    return out


# --- JSON: the data the runtime reads, and the export for other languages ---------------------------

EXPORT_FORMAT = 2


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def emit_json(catalog: Catalog) -> dict[str, str]:
    """catalog.json: the one copy of the data in the package. Compact, but one entry per line so a
    change shows as a readable diff; every entry resolved (defaults merged, category defaults for
    next_action and scope filled in), under the field names of the catalog schema."""
    head = {
        "generated": "Generated from catalog/*.yaml by `make regen`. Do not edit.",
        "format": EXPORT_FORMAT,
        "catalog_version": catalog.version,
        **catalog.vocabulary,
        "groups": catalog.groups,
        "categories": catalog.categories,
    }
    lines = ["{"] + [f"{_line(k)}:{_line(v)}," for k, v in head.items()] + ['"providers":[']
    for n, p in enumerate(catalog.providers):
        block = {"id": p.id, **{k: v for k, v in p.meta.items() if k not in ("id", "defaults")}}
        block["passes_through"] = p.passes_through
        lines.append(_line(block)[:-1] + ',"entries":[')
        for i, e in enumerate(p.entries):
            sep = "," if i < len(p.entries) - 1 else ""
            lines.append(_line({k: v for k, v in e.items() if k != "member"}) + sep)
        lines.append("]}" + ("," if n < len(catalog.providers) - 1 else ""))
    lines.append("]}")
    return {"src/wa_errors/catalog.json": "\n".join(lines) + "\n"}


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
    says = {name: spec["says"] for name, spec in catalog.vocabulary.get("retry_policies", {}).items()}
    env.globals["describe"] = lambda retry: describe_retry(retry, says)
    env.globals["vocabulary"] = catalog.vocabulary
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
