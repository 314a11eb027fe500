"""Check catalog files: the JSON Schema first, then what a schema cannot express.

Every problem of every file is collected and reported together, sorted by file and line,
so a maintainer fixes a broken catalog in one pass instead of one error per run.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import urllib.parse
from pathlib import Path
from typing import Any

import jsonschema

try:  # the regex parser moved in 3.11; the old names warn
    import re._constants as sre_constants  # type: ignore[import-not-found,unused-ignore]
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef,unused-ignore]
    import sre_parse  # type: ignore[no-redef,unused-ignore]

from .loader import Loaded, Path_, Problem, load_yaml
from .rules import match_tables, norm

PACKAGED_SCHEMAS = Path(__file__).resolve().parent.parent / "wa_errors" / "schema"
"""The schemas the wheel carries (generated copies of the repository's schema/)."""
CATEGORIES_FILE = "categories.yaml"
MAPPABLE_PROVIDERS = {"green-api", "2chat", "meta-cloud-api", "360dialog", "twilio", "whatsapp-on-premises"}


def schema_dir(catalog_dir: Path) -> Path:
    """Where the schemas are: a schema/ folder beside the catalog folder (this repository, where
    the schemas are edited), else the copies the installed package carries."""
    beside = catalog_dir.resolve().parent / "schema"
    return beside if (beside / "catalog.schema.json").is_file() else PACKAGED_SCHEMAS


def _schema(catalog_dir: Path, name: str) -> Any:
    return json.loads((schema_dir(catalog_dir) / name).read_text(encoding="utf-8"))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def schema_problems(loaded: Loaded, schema: Any, paths: list[tuple[Any, ...]] | None = None) -> list[Problem]:
    """Schema violations, each placed at the offending value (not at the top of the file)."""
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    for err in validator.iter_errors(loaded.data):
        path = tuple(err.absolute_path)
        if paths is not None:
            paths.append(path)
        message = err.message if len(err.message) < 300 else err.message[:300] + "..."
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            extra = [k for k in err.instance if k not in known]
            if extra:
                path = (*path, extra[0])
                message += did_you_mean(str(extra[0]), list(known))
        elif err.validator == "enum" and isinstance(err.instance, str):
            message += did_you_mean(err.instance, [str(v) for v in err.validator_value])
        out.append(loaded.problem(path, f"{where_in(loaded, path)}: {message}"))
    return out


def did_you_mean(word: str, known: list[str]) -> str:
    """"; did you mean 'x'?" for a misspelt name, or "" when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def where_in(loaded: Loaded, path: tuple[Any, ...]) -> str:
    """A path a maintainer can find: entries are named by their id (`entry 'x'/category`), not by position."""
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int) and isinstance(loaded.data, dict):
        entries = loaded.data.get("entries")
        if isinstance(entries, list) and path[1] < len(entries) and isinstance(entries[path[1]], dict):
            eid = entries[path[1]].get("id")
            if isinstance(eid, str):
                return "/".join([f"entry {eid!r}", *(str(p) for p in path[2:])])
    return "/".join(str(p) for p in path) or "(top level)"


def _provider_ok(problem_paths: list[tuple[Any, ...]]) -> bool:
    """Whether the provider metadata passed the schema (its doc versions and defaults can be trusted)."""
    return all(path and path[0] == "entries" and len(path) > 1 and isinstance(path[1], int) for path in problem_paths)


# --- regex safety -----------------------------------------------------------------------------


def _has_unbounded_repeat(parsed: Any) -> bool:
    for op, av in parsed:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            lo, hi, sub = av
            if hi is sre_constants.MAXREPEAT or hi > 1:
                return True
            if _has_unbounded_repeat(sub):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _has_unbounded_repeat(av[-1]):
                return True
        elif op is sre_constants.BRANCH:
            if any(_has_unbounded_repeat(b) for b in av[1]):
                return True
    return False


def regex_hazard(regex: str) -> str | None:
    """Why `regex` is unsafe to run on untrusted text, or None.

    Refuses nested quantifiers such as (a+)+ or (\\w*\\s?)* (the classic catastrophic-backtracking
    shapes), backreferences, and patterns over 500 characters. A heuristic, but it catches the
    shapes that blow up in practice; runtime matching is also bounded to a prefix of the text.
    """
    if len(regex) > 500:
        return "regex is longer than 500 characters"
    try:
        parsed = sre_parse.parse(regex)
    except re.error as exc:
        return f"regex does not compile: {exc}"

    def walk(items: Any) -> str | None:
        for op, av in items:
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                lo, hi, sub = av
                if (hi is sre_constants.MAXREPEAT or hi > 1) and _has_unbounded_repeat(sub):
                    return "nested quantifiers can backtrack catastrophically"
                found = walk(sub)
                if found:
                    return found
            elif op is sre_constants.SUBPATTERN:
                found = walk(av[-1])
                if found:
                    return found
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    found = walk(branch)
                    if found:
                        return found
            elif op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
                return "backreferences are not allowed"
        return None

    return walk(parsed)


def check_regex(
    loaded: Loaded, path: Path_, regex: Any, examples: list[Any], *, need_group: bool = False
) -> list[Problem]:
    if not isinstance(regex, str):
        return []
    hazard = regex_hazard(regex)
    if hazard:
        return [loaded.problem(path, f"{hazard}: {regex!r}")]
    compiled = re.compile(regex)
    if "(?P" in regex:
        return [loaded.problem(path, f"named groups are not allowed (the generators combine regexes): {regex!r}")]
    try:
        re.compile(f"(?:x)|(?:{regex})")
    except re.error:
        return [loaded.problem(path, f"inline flags must not be used: regexes are combined: {regex!r}")]
    if not need_group and compiled.search(""):
        return [loaded.problem(path, f"regex matches the empty string, so it would match any text: {regex!r}")]
    out = []
    if need_group and compiled.groups < 1:
        out.append(loaded.problem(path, f"regex needs a capturing group 1: {regex!r}"))
    for i, example in enumerate(examples):
        if isinstance(example, str) and not compiled.search(example):
            ex_path = (*path[:-1], "examples", i)
            out.append(loaded.problem(ex_path, f"example {example!r} does not match regex {regex!r}"))
    return out


# --- semantic checks ----------------------------------------------------------------------------


def _url_ok(url: Any) -> bool:
    if not isinstance(url, str):
        return True  # the schema reports the type
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def _date_ok(text: Any) -> bool:
    if not isinstance(text, str):
        return True
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def semantic_problems(loaded: Loaded, categories: dict[str, Any], stem: str, provider_ok: bool = True) -> list[Problem]:
    """What the schema cannot say. Provider metadata that failed the schema is not used, and an entry
    check that meets a value of the wrong type stops for that entry: the schema has reported it."""
    data = loaded.data
    if not isinstance(data, dict):
        return []
    out: list[Problem] = []
    provider: dict[str, Any] = data["provider"] if provider_ok and isinstance(data.get("provider"), dict) else {}
    if provider.get("id") is not None and provider.get("id") != stem:
        out.append(
            loaded.problem(("provider", "id"), f"provider id {provider.get('id')!r} must equal the file name {stem!r}")
        )
    if isinstance(provider.get("docs_url"), str) and not _url_ok(provider["docs_url"]):
        out.append(loaded.problem(("provider", "docs_url"), f"URL does not parse: {provider['docs_url']!r}"))
    versions: set[Any] = set()
    for i, v in enumerate(provider.get("doc_versions") or []):
        if not isinstance(v, dict):
            continue
        if v.get("id") in versions:
            out.append(
                loaded.problem(("provider", "doc_versions", i, "id"), f"duplicate doc version id {v.get('id')!r}")
            )
        versions.add(v.get("id"))
        if not _url_ok(v.get("url")):
            out.append(loaded.problem(("provider", "doc_versions", i, "url"), f"URL does not parse: {v.get('url')!r}"))
        if not _date_ok(v.get("seen")):
            out.append(loaded.problem(("provider", "doc_versions", i, "seen"), f"not a real date: {v.get('seen')!r}"))
    for i, r in enumerate(provider.get("redact") or []):
        if isinstance(r, dict):
            out += check_regex(
                loaded, ("provider", "redact", i, "regex"), r.get("regex"), r.get("examples") or [], need_group=True
            )
    body: dict[str, Any] = provider["error_body"] if isinstance(provider.get("error_body"), dict) else {}
    for i, rx in enumerate(body.get("code_in_text") or []):
        out += check_regex(loaded, ("provider", "error_body", "code_in_text", i), rx, [], need_group=True)
    default_retry = (provider.get("defaults") or {}).get("retry") or {}

    ids: dict[str, int] = {}
    literals: dict[tuple[Any, ...], str] = {}
    codes: dict[tuple[Any, ...], str] = {}
    ranges: list[tuple[int, int, str]] = []
    statuses: dict[int, str] = {}
    status_phrases: dict[str, str] = {}
    sips: dict[int, str] = {}
    entries: list[Any] = data["entries"] if isinstance(data.get("entries"), list) else []
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            continue
        try:
            at = ("entries", i)
            eid = e.get("id")
            retry = {**default_retry, **(e.get("retry") or {})}
            if isinstance(eid, str):
                if eid in ids:
                    out.append(loaded.problem((*at, "id"), f"duplicate id {eid!r} (also entry {ids[eid]})"))
                ids.setdefault(eid, i)
            cat = e.get("category")
            if isinstance(cat, str) and cat not in categories:
                out.append(
                    loaded.problem(
                        (*at, "category"),
                        f"unknown category {cat!r}{did_you_mean(cat, list(categories))} "
                        f"(known: {', '.join(sorted(categories))})",
                    )
                )
            elif isinstance(cat, str):
                spec = categories[cat]
                policy = (e.get("retry") or {}).get("policy", default_retry.get("policy"))
                if policy is None:
                    out.append(
                        loaded.problem(at, "no retry policy: set retry.policy or provider.defaults.retry.policy")
                    )
                elif policy not in spec["retry_policies"]:
                    out.append(
                        loaded.problem(
                            (*at, "retry", "policy") if "retry" in e else (*at, "category"),
                            f"retry policy {policy!r} contradicts category {cat!r} "
                            f"(allowed: {', '.join(spec['retry_policies'])})",
                        )
                    )
                status = e.get("http_status")
                if isinstance(status, int) and status // 100 not in spec["status_classes"]:
                    out.append(
                        loaded.problem(
                            (*at, "http_status"),
                            f"HTTP status {status} contradicts category {cat!r} "
                            f"(allowed classes: {', '.join(f'{c}xx' for c in spec['status_classes']) or 'none'})",
                        )
                    )
            for field in ("max_attempts", "delay_seconds", "max_delay_seconds"):
                value = retry.get(field)
                if isinstance(value, float) and not math.isfinite(value):
                    out.append(loaded.problem((*at, "retry", field), f"{field} must be a finite number, not {value!r}"))
            delay, cap = retry.get("delay_seconds"), retry.get("max_delay_seconds")
            if isinstance(delay, (int, float)) and isinstance(cap, (int, float)) and delay > cap:
                out.append(loaded.problem((*at, "retry"), f"delay_seconds {delay} is above max_delay_seconds {cap}"))
            if retry.get("policy") == "after_wait" and not isinstance(delay, (int, float)):
                out.append(
                    loaded.problem((*at, "retry"), "an after_wait policy needs delay_seconds (how long to wait)")
                )
            for j, mapped in enumerate(e.get("maps_to") or []):
                if isinstance(mapped, dict) and mapped.get("provider") not in MAPPABLE_PROVIDERS:
                    out.append(
                        loaded.problem(
                            (*at, "maps_to", j, "provider"), f"unknown provider {mapped.get('provider')!r} in maps_to"
                        )
                    )
            for key in ("since", "until"):
                if provider_ok and key in e and e[key] not in versions:
                    out.append(
                        loaded.problem(
                            (*at, key), f"unknown doc version {e[key]!r}; declare it in provider.doc_versions"
                        )
                    )
            for j, seen in enumerate(e.get("http_status_seen") or []):
                if provider_ok and isinstance(seen, dict) and seen.get("doc_version") not in versions:
                    out.append(
                        loaded.problem(
                            (*at, "http_status_seen", j, "doc_version"),
                            f"unknown doc version {seen.get('doc_version')!r}",
                        )
                    )
            for j, src in enumerate(e.get("source") or []):
                if isinstance(src, dict):
                    if not _url_ok(src.get("url")):
                        out.append(loaded.problem((*at, "source", j, "url"), f"URL does not parse: {src.get('url')!r}"))
                    if not _date_ok(src.get("checked")):
                        out.append(
                            loaded.problem((*at, "source", j, "checked"), f"not a real date: {src.get('checked')!r}")
                        )
            for j, pat in enumerate(e.get("patterns") or []):
                if isinstance(pat, dict):
                    out += check_regex(
                        loaded, (*at, "patterns", j, "regex"), pat.get("regex"), pat.get("examples") or []
                    )
            kind = e.get("kind")
            if kind == "http_status":
                status = e.get("http_status")
                if not isinstance(status, int):
                    out.append(loaded.problem(at, "an http_status entry needs http_status"))
                elif status in statuses:
                    out.append(
                        loaded.problem(
                            (*at, "http_status"), f"HTTP status {status} already has entry {statuses[status]!r}"
                        )
                    )
                else:
                    statuses[status] = str(eid)
            if kind == "http_status" and isinstance(e.get("literal"), str):
                phrase = norm(e["literal"])
                if phrase in status_phrases:
                    out.append(
                        loaded.problem(
                            (*at, "literal"),
                            f"status phrase {e['literal']!r} is already the literal of {status_phrases[phrase]!r}",
                        )
                    )
                status_phrases.setdefault(phrase, str(eid))
            if kind == "sip_status":
                sip = e.get("sip_status")
                if not isinstance(sip, int):
                    out.append(loaded.problem(at, "a sip_status entry needs sip_status"))
                elif sip in sips:
                    out.append(loaded.problem((*at, "sip_status"), f"SIP status {sip} already has entry {sips[sip]!r}"))
                else:
                    sips[sip] = str(eid)
            elif "sip_status" in e:
                out.append(loaded.problem((*at, "sip_status"), "only a sip_status entry may carry sip_status"))
            if kind == "error_code" and "code" not in e and "code_range" not in e:
                out.append(loaded.problem(at, "an error_code entry needs code or code_range"))
            if kind not in ("error_code", "http_status") and "literal" not in e:
                out.append(loaded.problem(at, f"a {kind} entry needs literal"))
            if isinstance(e.get("code"), int):
                code_key = (e["code"], e.get("subcode"))
                if code_key in codes:
                    out.append(
                        loaded.problem(
                            (*at, "code"),
                            f"code {e['code']} (subcode {e.get('subcode')}) already in entry {codes[code_key]!r}",
                        )
                    )
                codes[code_key] = str(eid)
            rng = e.get("code_range")
            if isinstance(rng, dict) and isinstance(rng.get("min"), int) and isinstance(rng.get("max"), int):
                lo, hi = rng["min"], rng["max"]
                if lo > hi:
                    out.append(loaded.problem((*at, "code_range"), f"code_range min {lo} is above max {hi}"))
                for olo, ohi, other in ranges:
                    if lo <= ohi and olo <= hi:
                        out.append(
                            loaded.problem(
                                (*at, "code_range"), f"code_range {lo}-{hi} overlaps {other!r} ({olo}-{ohi})"
                            )
                        )
                ranges.append((lo, hi, str(eid)))
            texts = [("literal", e.get("literal"))] + [
                (("aliases", j), a) for j, a in enumerate(e.get("aliases") or [])
            ]
            for table in match_tables(e):
                for where, text in texts:
                    if not isinstance(text, str):
                        continue
                    lit_key = (table, norm(text))
                    p = (*at, *where) if isinstance(where, tuple) else (*at, where)
                    if lit_key in literals and literals[lit_key] != eid:
                        out.append(loaded.problem(p, f"literal {text!r} collides with entry {literals[lit_key]!r}"))
                    literals.setdefault(lit_key, str(eid))
        except (TypeError, AttributeError, ValueError, KeyError):
            continue  # a value of the wrong type: the schema check has already reported it

    former: dict[str, Any] = {}
    for i, e in enumerate(entries):
        if isinstance(e, dict) and isinstance(e.get("renamed_from"), list):
            for j, old in enumerate(e["renamed_from"]):
                if isinstance(old, str) and old in ids:
                    out.append(loaded.problem(("entries", i, "renamed_from", j), f"former id {old!r} is a current id"))
                elif isinstance(old, str) and old in former:
                    out.append(
                        loaded.problem(
                            ("entries", i, "renamed_from", j),
                            f"former id {old!r} is already kept by entry {former[old]!r}",
                        )
                    )
                if isinstance(old, str):
                    former.setdefault(old, e.get("id"))
    return out


def validate_files(
    catalog_dir: Path, only: list[Path] | None = None
) -> tuple[dict[str, Loaded], dict[str, Any], list[Problem]]:
    """Validate the catalog directory (or just `only` of it); return the loaded files, categories and problems."""
    problems: list[Problem] = []
    cat_path = catalog_dir / CATEGORIES_FILE
    categories: dict[str, Any] = {}
    cat_loaded, cat_problems = load_yaml(cat_path, _display(cat_path))
    problems += cat_problems
    if cat_loaded is not None:
        schema_errs = schema_problems(cat_loaded, _schema(catalog_dir, "categories.schema.json"))
        problems += schema_errs
        if not schema_errs:
            categories = cat_loaded.data["categories"]
            groups = cat_loaded.data["groups"]
            names: dict[str, str] = {}
            for name, spec in [*groups.items(), *categories.items()]:
                if spec["exception"] and spec["exception"] in names:
                    problems.append(
                        cat_loaded.problem(
                            ("categories" if name in categories else "groups", name),
                            f"exception {spec['exception']} is also used by {names[spec['exception']]}",
                        )
                    )
                if spec["exception"]:
                    names[spec["exception"]] = name
            for name, spec in categories.items():
                if spec["group"] not in groups:
                    problems.append(
                        cat_loaded.problem(("categories", name, "group"), f"unknown group {spec['group']!r}")
                    )
    files = only if only else sorted(p for p in catalog_dir.glob("*.yaml") if p.name != CATEGORIES_FILE)
    if not files:
        problems.append(Problem(_display(catalog_dir), 1, 1, "no provider files (*.yaml) found"))
    provider_schema = _schema(catalog_dir, "catalog.schema.json")
    loaded: dict[str, Loaded] = {}
    for path in files:
        if path.name == CATEGORIES_FILE:
            continue
        doc, file_problems = load_yaml(path, _display(path))
        problems += file_problems
        if doc is None:
            continue
        bad_paths: list[tuple[Any, ...]] = []
        problems += schema_problems(doc, provider_schema, bad_paths)
        problems += semantic_problems(doc, categories, path.stem, _provider_ok(bad_paths))
        loaded[path.stem] = doc
    known = {p.stem for p in catalog_dir.glob("*.yaml")}
    through: dict[str, str] = {}
    for stem, doc in loaded.items():
        meta = doc.data.get("provider") if isinstance(doc.data, dict) else None
        target = meta.get("passes_through") if isinstance(meta, dict) else None
        if isinstance(target, str) and (target not in known or target == stem):
            problems.append(
                doc.problem(("provider", "passes_through"), f"passes_through names no other provider file: {target!r}")
            )
        elif isinstance(target, str):
            through[stem] = target
    for stem, target in through.items():
        if target in through:
            message = (
                f"passes_through chains {stem} -> {target} -> {through[target]}; "
                "pass through a provider with errors of its own"
            )
            problems.append(loaded[stem].problem(("provider", "passes_through"), message))
    return loaded, categories, sorted(set(problems))
