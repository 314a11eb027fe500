"""Check catalog files: the JSON Schema first, then what a schema cannot express.

Every problem of every file is collected and reported together, sorted by file and line,
so a maintainer fixes a broken catalog in one pass instead of one error per run.

The semantic checks are small named rules (FILE_RULES, CATEGORY_RULES, CATALOG_RULES below), each
about one thing. A rule only sees what passed the schema, so it can rely on every type the schema
states and no rule needs to guard against (or swallow) a value of the wrong type:

- the provider block, when no schema error lies inside it;
- an entry's fields, when no schema error lies inside them: each entry rule names the fields it
  needs and reads (ProviderFile.each), and skips an entry where one of them is missing or failed
  the schema. A schema problem in one field therefore hides nothing but the rules of that field:
  an entry with a misspelt key and a misspelt category gets both reported;
- each self-contained object (a `source`, a `pattern`) with no schema error inside it, wherever it
  sits: its URL, date or regex is checked even when something else in its entry is wrong.

categories.yaml is checked the same way, first: the vocabularies it defines (categories, retry
policies, next actions, scopes) are only used by the provider rules once it passed its schema.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
ON_PREMISES = "whatsapp-on-premises"
"""The one provider `maps_to` may name that has no provider file: the legacy WhatsApp Business On-Premises API,
whose codes Twilio and 360dialog document their own codes against. Every other mappable provider is a provider
file of the catalog (see known_providers)."""

Entry = dict[str, Any]


def schema_dir(catalog_dir: Path) -> Path:
    """Where the schemas are: a schema/ folder beside the catalog folder (this repository, where
    the schemas are edited), else the copies the installed package carries."""
    beside = catalog_dir.resolve().parent / "schema"
    return beside if (beside / "catalog.schema.json").is_file() else PACKAGED_SCHEMAS


_VALIDATORS: dict[tuple[str, int], Any] = {}
_ANNOTATIONS = frozenset({"description", "title", "$comment"})


def schema_validator(catalog_dir: Path, name: str) -> Any:
    """One Draft 2020-12 validator per schema file (and version of it), built once and reused.

    Local `$ref`s are resolved once, here, instead of at every value validated (a third of the time
    jsonschema spends on a large catalog); error messages and paths are the same either way."""
    path = schema_dir(catalog_dir) / name
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _VALIDATORS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        _VALIDATORS[key] = jsonschema.Draft202012Validator(inline_refs(schema))
    return _VALIDATORS[key]


def inline_refs(schema: Any) -> Any:
    """`schema` with every `{"$ref": "#/$defs/x"}` replaced by the definition itself; the schema unchanged
    when it has any other kind of reference or a definition that refers to itself."""
    if not isinstance(schema, dict):
        return schema
    defs = schema.get("$defs", {})

    def walk(node: Any, using: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, using) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if ref is None:
            return {k: walk(v, using) for k, v in node.items()}
        name = ref[len("#/$defs/") :] if isinstance(ref, str) and ref.startswith("#/$defs/") else None
        if name is None or name not in defs or name in using or "$defs" in defs[name]:
            raise _Unresolvable
        target = walk(defs[name], (*using, name))
        rest = {k: walk(v, using) for k, v in node.items() if k != "$ref"}
        if set(rest) & set(target) - _ANNOTATIONS:
            return {"allOf": [target], **rest}
        return {**target, **rest}

    try:
        return walk({k: v for k, v in schema.items() if k != "$defs"}, ())
    except _Unresolvable:
        return schema


class _Unresolvable(Exception):
    """A reference inline_refs does not resolve itself (the validator's own resolver takes over)."""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def known_providers(catalog_dir: Path) -> frozenset[str]:
    """Provider ids `maps_to` may name: every provider file of the catalog, and the On-Premises API."""
    stems = {p.stem for p in catalog_dir.glob("*.yaml") if p.name != CATEGORIES_FILE}
    return frozenset(stems | {ON_PREMISES})


# --- the schema ----------------------------------------------------------------------------------------


def schema_problems(loaded: Loaded, schema: Any, paths: list[tuple[Any, ...]] | None = None) -> list[Problem]:
    """Schema violations, each placed at the offending value (not at the top of the file).

    `schema` is a validator (schema_validator) or a schema document; `paths` collects the path of
    every violation, which is how the rules know what passed."""
    validator = schema if hasattr(schema, "iter_errors") else jsonschema.Draft202012Validator(schema)
    out = []
    for err in validator.iter_errors(loaded.data):
        path = tuple(err.absolute_path)
        if paths is not None:
            paths.append(path)
        message = _kind_requirement(err) or (err.message if len(err.message) < 300 else err.message[:300] + "...")
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


def _kind_requirement(err: Any) -> str | None:
    """"an error_code entry needs code or code_range" for a per-kind requirement (an `if`/`then` of the
    entry schema) that an entry misses, instead of jsonschema's "'x' is a required property"."""
    schema_path = list(err.schema_path)
    if len(schema_path) < 2 or schema_path[-2] != "then" or not isinstance(err.instance, dict):
        return None
    if err.validator == "required":
        needs = [name for name in err.validator_value if name not in err.instance]
    elif err.validator == "anyOf":
        needs = [name for sub in err.validator_value for name in sub.get("required", [])]
    else:
        return None
    kind = str(err.instance.get("kind"))
    article = "an" if kind[:1] in "aeiou" or kind.startswith("http") else "a"
    return f"{article} {kind} entry needs {' or '.join(needs)}"


def did_you_mean(word: str, known: list[str]) -> str:
    """"; did you mean 'x'?" for a misspelt name, or "" when nothing is close."""
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


class Passed:
    """Which parts of a document passed the schema: a path passed when no violation lies at or under it."""

    def __init__(self, violations: list[tuple[Any, ...]]) -> None:
        self.failed = {path[:n] for path in violations for n in range(len(path) + 1)}

    def __call__(self, path: tuple[Any, ...]) -> bool:
        return path not in self.failed


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
    loaded: Loaded, path: Path_, regex: str, examples: list[str], *, need_group: bool = False
) -> list[Problem]:
    """Problems of one catalog regex: unsafe, not combinable with the others, too permissive, or not
    matching its own examples (`examples` sit beside the regex, under the same parent)."""
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
        if not compiled.search(example):
            ex_path = (*path[:-1], "examples", i)
            out.append(loaded.problem(ex_path, f"example {example!r} does not match regex {regex!r}"))
    return out


def url_ok(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def date_ok(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- what the rules see --------------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """categories.yaml, once it passed its schema: the closed vocabularies entries are checked against."""

    categories: dict[str, Any]
    retry_policies: dict[str, Any]
    next_actions: dict[str, Any]
    scopes: dict[str, Any]


@dataclass
class ProviderFile:
    """One provider file as the rules see it: only the parts that passed the schema."""

    loaded: Loaded
    stem: str
    vocabulary: Vocabulary | None
    """None when categories.yaml is unusable (its problems are reported; category rules then stay quiet)."""
    providers: frozenset[str]
    """Provider ids maps_to may name."""
    provider: dict[str, Any] | None
    """The provider block, or None when it did not pass the schema."""
    passed: Passed = field(default_factory=lambda: Passed([]))
    items: list[tuple[Path_, Entry]] = field(default_factory=list)
    """(path, entry) of every entry that is a mapping, in file order (see `each` for what a rule may read)."""
    failed: set[int] = field(default_factory=set)
    """Positions of the entries with a schema problem somewhere inside."""
    sources: list[tuple[Path_, dict[str, Any]]] = field(default_factory=list)
    """(path, source) of every `source` object that passed, wherever it sits (entries, rate limits, provider)."""
    patterns: list[tuple[Path_, dict[str, Any]]] = field(default_factory=list)
    """(path, pattern) of every entry pattern that passed."""

    def problem(self, path: Path_, message: str) -> Problem:
        return self.loaded.problem(path, message)

    def each(self, *needs: str, reads: tuple[str, ...] = ()) -> Iterator[tuple[Path_, Entry]]:
        """(path, entry) of every entry that has each field of `needs`, where those fields and whichever
        of `reads` it has passed the schema: the only fields a rule iterating this may touch."""
        for at, e in self.items:
            if any(name not in e for name in needs):
                continue
            if at[1] in self.failed and not all(
                self.passed((*at, name)) for name in (*needs, *reads) if name in e
            ):
                continue
            yield at, e

    @property
    def doc_versions(self) -> set[str] | None:
        if self.provider is None:
            return None
        return {v["id"] for v in self.provider["doc_versions"]}

    def retry(self, entry: Entry) -> dict[str, Any]:
        """The entry's retry advice with the provider default merged under it (only a default that passed)."""
        default = (self.provider or {}).get("defaults", {}).get("retry", {})
        return {**default, **entry.get("retry", {})}


def provider_file(
    loaded: Loaded, violations: list[tuple[Any, ...]], stem: str, vocabulary: Vocabulary | None,
    providers: frozenset[str],
) -> ProviderFile:
    """What of `loaded` passed the schema, sorted for the rules."""
    passed = Passed(violations)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    block = data.get("provider")
    provider = block if isinstance(block, dict) and passed(("provider",)) else None
    items: list[Any] = data["entries"] if isinstance(data.get("entries"), list) else []
    out = ProviderFile(loaded, stem, vocabulary, providers, provider, passed)

    def add_sources(path: Path_, sources: Any) -> None:
        if isinstance(sources, list):
            for j, src in enumerate(sources):
                if isinstance(src, dict) and passed((*path, j)):
                    out.sources.append(((*path, j), src))

    for i, e in enumerate(items):
        at = ("entries", i)
        if not isinstance(e, dict):
            continue
        out.items.append((at, e))
        if not passed(at):
            out.failed.add(i)
        add_sources((*at, "source"), e.get("source"))
        limit = e.get("rate_limit")
        if isinstance(limit, dict) and isinstance(limit.get("source"), dict) and passed((*at, "rate_limit", "source")):
            out.sources.append(((*at, "rate_limit", "source"), limit["source"]))
        patterns = e.get("patterns")
        if isinstance(patterns, list):
            for j, pat in enumerate(patterns):
                if isinstance(pat, dict) and passed((*at, "patterns", j)):
                    out.patterns.append(((*at, "patterns", j), pat))
    if provider is not None:
        for k, safety in enumerate(provider.get("duplicate_safety", [])):
            add_sources(("provider", "duplicate_safety", k, "source"), safety["source"])
        if "lifecycle" in provider:
            add_sources(("provider", "lifecycle", "source"), provider["lifecycle"]["source"])
    return out


Rule = Callable[[ProviderFile], Iterator[Problem]]


# --- provider rules ------------------------------------------------------------------------------------


def provider_id_is_file_name(f: ProviderFile) -> Iterator[Problem]:
    if f.provider is not None and f.provider["id"] != f.stem:
        yield f.problem(("provider", "id"), f"provider id {f.provider['id']!r} must equal the file name {f.stem!r}")


def doc_versions_unique_and_dated(f: ProviderFile) -> Iterator[Problem]:
    if f.provider is None:
        return
    seen: set[str] = set()
    for i, v in enumerate(f.provider["doc_versions"]):
        at = ("provider", "doc_versions", i)
        if v["id"] in seen:
            yield f.problem((*at, "id"), f"duplicate doc version id {v['id']!r}")
        seen.add(v["id"])
        if not url_ok(v["url"]):
            yield f.problem((*at, "url"), f"URL does not parse: {v['url']!r}")
        if not date_ok(v["seen"]):
            yield f.problem((*at, "seen"), f"not a real date: {v['seen']!r}")


def provider_urls(f: ProviderFile) -> Iterator[Problem]:
    if f.provider is not None and not url_ok(f.provider["docs_url"]):
        yield f.problem(("provider", "docs_url"), f"URL does not parse: {f.provider['docs_url']!r}")


def provider_regexes(f: ProviderFile) -> Iterator[Problem]:
    """Redaction regexes and code_in_text regexes: safe, with the group 1 they are used through."""
    if f.provider is None:
        return
    for i, r in enumerate(f.provider.get("redact", [])):
        yield from check_regex(f.loaded, ("provider", "redact", i, "regex"), r["regex"], r["examples"], need_group=True)
    for i, rx in enumerate(f.provider["error_body"].get("code_in_text", [])):
        yield from check_regex(f.loaded, ("provider", "error_body", "code_in_text", i), rx, [], need_group=True)


def lifecycle_statuses_known(f: ProviderFile) -> Iterator[Problem]:
    """Every status the lifecycle names is the literal of one of the provider's message_status entries."""
    if f.provider is None or "lifecycle" not in f.provider:
        return
    statuses = {e["literal"] for _, e in f.each("kind", "literal") if e["kind"] == "message_status"}
    for key in ("order", "final", "failed"):
        for j, literal in enumerate(f.provider["lifecycle"][key]):
            if literal not in statuses:
                yield f.problem(
                    ("provider", "lifecycle", key, j),
                    f"lifecycle {key} status {literal!r} is not the literal of a message_status entry"
                    f"{did_you_mean(literal, sorted(statuses))}",
                )


# --- objects checked wherever they sit -----------------------------------------------------------------


def sources_parse(f: ProviderFile) -> Iterator[Problem]:
    """Every source's URL parses and its checked date exists (entries, rate limits, provider blocks)."""
    for at, src in f.sources:
        if not url_ok(src["url"]):
            yield f.problem((*at, "url"), f"URL does not parse: {src['url']!r}")
        if not date_ok(src["checked"]):
            yield f.problem((*at, "checked"), f"not a real date: {src['checked']!r}")


def patterns_safe(f: ProviderFile) -> Iterator[Problem]:
    for at, pat in f.patterns:
        yield from check_regex(f.loaded, (*at, "regex"), pat["regex"], pat["examples"])


# --- entry rules ---------------------------------------------------------------------------------------


def ids_unique(f: ProviderFile) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for at, e in f.each("id"):
        if e["id"] in seen:
            yield f.problem((*at, "id"), f"duplicate id {e['id']!r} (also entry {seen[e['id']]})")
        seen.setdefault(e["id"], int(at[1]))


def category_known_and_retry_policy_allowed(f: ProviderFile) -> Iterator[Problem]:
    if f.vocabulary is None:
        return
    categories = f.vocabulary.categories
    for at, e in f.each("category", reads=("retry",)):
        cat = e["category"]
        if cat not in categories:
            yield f.problem(
                (*at, "category"),
                f"unknown category {cat!r}{did_you_mean(cat, list(categories))} "
                f"(known: {', '.join(sorted(categories))})",
            )
            continue
        if f.provider is None and "policy" not in e.get("retry", {}):
            continue  # the provider default did not pass the schema: nothing to check against
        policy = f.retry(e).get("policy")
        allowed = categories[cat]["retry_policies"]
        if policy is None:
            yield f.problem(at, "no retry policy: set retry.policy or provider.defaults.retry.policy")
        elif policy not in allowed:
            yield f.problem(
                (*at, "retry", "policy") if "retry" in e else (*at, "category"),
                f"retry policy {policy!r} contradicts category {cat!r} (allowed: {', '.join(allowed)})",
            )


def status_class_allowed(f: ProviderFile) -> Iterator[Problem]:
    if f.vocabulary is None:
        return
    for at, e in f.each("category", "http_status"):
        spec = f.vocabulary.categories.get(e["category"])
        status = e["http_status"]
        if spec is not None and status is not None and status // 100 not in spec["status_classes"]:
            classes = ", ".join(f"{c}xx" for c in spec["status_classes"]) or "none"
            yield f.problem(
                (*at, "http_status"),
                f"HTTP status {status} contradicts category {e['category']!r} (allowed classes: {classes})",
            )


def next_action_allowed(f: ProviderFile) -> Iterator[Problem]:
    """An entry's own next_action is a known one, and one its category allows."""
    if f.vocabulary is None:
        return
    known = f.vocabulary.next_actions
    for at, e in f.each("next_action", reads=("category",)):
        action = e["next_action"]
        spec = f.vocabulary.categories.get(e["category"]) if "category" in e else None
        if action not in known:
            yield f.problem(
                (*at, "next_action"), f"unknown next_action {action!r}{did_you_mean(action, list(known))}"
            )
        elif spec is not None and action not in spec["next_actions"]:
            yield f.problem(
                (*at, "next_action"),
                f"next_action {action!r} contradicts category {e['category']!r} "
                f"(allowed: {', '.join(spec['next_actions'])})",
            )


def scope_known(f: ProviderFile) -> Iterator[Problem]:
    if f.vocabulary is None:
        return
    known = f.vocabulary.scopes
    for at, e in f.each("scope"):
        if e["scope"] not in known:
            yield f.problem(
                (*at, "scope"),
                f"unknown scope {e['scope']!r}{did_you_mean(e['scope'], list(known))} "
                f"(known: {', '.join(known)})",
            )


def retry_numbers_finite_and_delay_within_cap(f: ProviderFile) -> Iterator[Problem]:
    for at, e in f.each(reads=("retry",)):
        retry = f.retry(e)
        for name in ("max_attempts", "delay_seconds", "max_delay_seconds"):
            value = retry.get(name)
            if isinstance(value, float) and not math.isfinite(value):
                yield f.problem((*at, "retry", name), f"{name} must be a finite number, not {value!r}")
        delay, cap = retry.get("delay_seconds"), retry.get("max_delay_seconds")
        if delay is not None and cap is not None and delay > cap:
            yield f.problem((*at, "retry"), f"delay_seconds {delay} is above max_delay_seconds {cap}")


def after_wait_needs_delay(f: ProviderFile) -> Iterator[Problem]:
    for at, e in f.each(reads=("retry",)):
        if f.provider is None and "delay_seconds" not in e.get("retry", {}):
            continue  # the delay may be the provider default, which did not pass the schema
        retry = f.retry(e)
        if retry.get("policy") == "after_wait" and retry.get("delay_seconds") is None:
            yield f.problem((*at, "retry"), "an after_wait policy needs delay_seconds (how long to wait)")


def maps_to_provider_known(f: ProviderFile) -> Iterator[Problem]:
    for at, e in f.each("maps_to"):
        for j, mapped in enumerate(e["maps_to"]):
            if mapped["provider"] not in f.providers:
                yield f.problem(
                    (*at, "maps_to", j, "provider"),
                    f"unknown provider {mapped['provider']!r} in maps_to"
                    f"{did_you_mean(mapped['provider'], sorted(f.providers))}",
                )


def doc_versions_known(f: ProviderFile) -> Iterator[Problem]:
    """since, until and http_status_seen name doc versions the provider declares."""
    versions = f.doc_versions
    if versions is None:
        return  # the provider block did not pass the schema: its doc versions cannot be trusted
    for at, e in f.each(reads=("since", "until", "http_status_seen")):
        for key in ("since", "until"):
            if key in e and e[key] not in versions:
                yield f.problem((*at, key), f"unknown doc version {e[key]!r}; declare it in provider.doc_versions")
        for j, seen in enumerate(e.get("http_status_seen", [])):
            if seen["doc_version"] not in versions:
                yield f.problem(
                    (*at, "http_status_seen", j, "doc_version"), f"unknown doc version {seen['doc_version']!r}"
                )


def http_statuses_unique(f: ProviderFile) -> Iterator[Problem]:
    """One http_status entry per status, and per status phrase."""
    statuses: dict[int, str] = {}
    phrases: dict[str, str] = {}
    for at, e in f.each("id", "kind", "http_status", reads=("literal",)):
        if e["kind"] != "http_status":
            continue
        status = e["http_status"]
        if status in statuses:
            yield f.problem((*at, "http_status"), f"HTTP status {status} already has entry {statuses[status]!r}")
        else:
            statuses[status] = e["id"]
        if "literal" in e:
            phrase = norm(e["literal"])
            if phrase in phrases:
                yield f.problem(
                    (*at, "literal"), f"status phrase {e['literal']!r} is already the literal of {phrases[phrase]!r}"
                )
            phrases.setdefault(phrase, e["id"])


def sip_statuses_unique(f: ProviderFile) -> Iterator[Problem]:
    """One sip_status entry per SIP status; only sip_status entries carry one."""
    sips: dict[int, str] = {}
    for at, e in f.each("id", "kind", "sip_status"):
        if e["kind"] != "sip_status":
            yield f.problem((*at, "sip_status"), "only a sip_status entry may carry sip_status")
            continue
        sip = e["sip_status"]
        if sip in sips:
            yield f.problem((*at, "sip_status"), f"SIP status {sip} already has entry {sips[sip]!r}")
        else:
            sips[sip] = e["id"]


def codes_unique(f: ProviderFile) -> Iterator[Problem]:
    codes: dict[tuple[int, int | None], str] = {}
    for at, e in f.each("id", "code", reads=("subcode",)):
        key = (e["code"], e.get("subcode"))
        if key in codes:
            yield f.problem(
                (*at, "code"), f"code {e['code']} (subcode {e.get('subcode')}) already in entry {codes[key]!r}"
            )
        codes[key] = e["id"]


def code_ranges_ordered_and_disjoint(f: ProviderFile) -> Iterator[Problem]:
    ranges: list[tuple[int, int, str]] = []
    for at, e in f.each("id", "code_range"):
        lo, hi = e["code_range"]["min"], e["code_range"]["max"]
        if lo > hi:
            yield f.problem((*at, "code_range"), f"code_range min {lo} is above max {hi}")
        for olo, ohi, other in ranges:
            if lo <= ohi and olo <= hi:
                yield f.problem((*at, "code_range"), f"code_range {lo}-{hi} overlaps {other!r} ({olo}-{ohi})")
        ranges.append((lo, hi, e["id"]))


def literals_do_not_collide(f: ProviderFile) -> Iterator[Problem]:
    """No two entries share a literal or alias within one lookup table (after normalisation)."""
    owners: dict[tuple[Any, str], str] = {}
    for at, e in f.each("id", "kind", "surface", reads=("literal", "aliases", "http_status")):
        texts: list[tuple[Path_, str]] = [((*at, "aliases", j), a) for j, a in enumerate(e.get("aliases", []))]
        if "literal" in e:
            texts.insert(0, ((*at, "literal"), e["literal"]))
        for table in match_tables(e):
            for where, text in texts:
                key = (table, norm(text))
                if key in owners and owners[key] != e["id"]:
                    yield f.problem(where, f"literal {text!r} collides with entry {owners[key]!r}")
                owners.setdefault(key, e["id"])


def renamed_from_unique(f: ProviderFile) -> Iterator[Problem]:
    """A former id is no current id and is kept by one entry only."""
    current = {e["id"] for _, e in f.each("id")}
    keeper: dict[str, str] = {}
    for at, e in f.each("id", "renamed_from"):
        for j, old in enumerate(e["renamed_from"]):
            if old in current:
                yield f.problem((*at, "renamed_from", j), f"former id {old!r} is a current id")
            elif old in keeper:
                yield f.problem(
                    (*at, "renamed_from", j), f"former id {old!r} is already kept by entry {keeper[old]!r}"
                )
            keeper.setdefault(old, e["id"])


FILE_RULES: tuple[Rule, ...] = (
    provider_id_is_file_name,
    provider_urls,
    doc_versions_unique_and_dated,
    provider_regexes,
    lifecycle_statuses_known,
    sources_parse,
    patterns_safe,
    ids_unique,
    category_known_and_retry_policy_allowed,
    status_class_allowed,
    next_action_allowed,
    scope_known,
    retry_numbers_finite_and_delay_within_cap,
    after_wait_needs_delay,
    maps_to_provider_known,
    doc_versions_known,
    http_statuses_unique,
    sip_statuses_unique,
    codes_unique,
    code_ranges_ordered_and_disjoint,
    literals_do_not_collide,
    renamed_from_unique,
)
"""Every semantic rule of a provider file, each a function of the parts that passed the schema."""


def semantic_problems(f: ProviderFile) -> list[Problem]:
    """What the schema cannot say about one provider file: every rule of FILE_RULES."""
    return [problem for rule in FILE_RULES for problem in rule(f)]


# --- categories.yaml -----------------------------------------------------------------------------------

CategoryRule = Callable[[Loaded, dict[str, Any]], Iterator[Problem]]


def exceptions_unique(loaded: Loaded, doc: dict[str, Any]) -> Iterator[Problem]:
    names: dict[str, str] = {}
    for section in ("groups", "categories"):
        for name, spec in doc[section].items():
            exc = spec["exception"]
            if exc and exc in names:
                yield loaded.problem((section, name), f"exception {exc} is also used by {names[exc]}")
            if exc:
                names[exc] = name


def groups_known(loaded: Loaded, doc: dict[str, Any]) -> Iterator[Problem]:
    for name, spec in doc["categories"].items():
        if spec["group"] not in doc["groups"]:
            yield loaded.problem(("categories", name, "group"), f"unknown group {spec['group']!r}")


def category_retry_policies_known(loaded: Loaded, doc: dict[str, Any]) -> Iterator[Problem]:
    """A category's retry_policies are names the retry_policies vocabulary defines."""
    known = doc["retry_policies"]
    for name, spec in doc["categories"].items():
        for j, policy in enumerate(spec["retry_policies"]):
            if policy not in known:
                yield loaded.problem(
                    ("categories", name, "retry_policies", j),
                    f"retry policy {policy!r} of category {name!r} is not in retry_policies "
                    f"(known: {', '.join(known)})",
                )


def category_next_actions_known(loaded: Loaded, doc: dict[str, Any]) -> Iterator[Problem]:
    """A category's next_actions are keys of the next_actions vocabulary, and its next_action is one of them."""
    known = doc["next_actions"]
    for name, spec in doc["categories"].items():
        at = ("categories", name)
        for j, action in enumerate(spec["next_actions"]):
            if action not in known:
                yield loaded.problem(
                    (*at, "next_actions", j),
                    f"unknown next action {action!r} in category {name!r}{did_you_mean(action, list(known))}",
                )
        if spec["next_action"] not in spec["next_actions"]:
            yield loaded.problem(
                (*at, "next_action"),
                f"next_action {spec['next_action']!r} of category {name!r} is not in its next_actions "
                f"({', '.join(spec['next_actions'])})",
            )


def category_scopes_known(loaded: Loaded, doc: dict[str, Any]) -> Iterator[Problem]:
    known = doc["scopes"]
    for name, spec in doc["categories"].items():
        if spec["scope"] not in known:
            yield loaded.problem(
                ("categories", name, "scope"),
                f"unknown scope {spec['scope']!r} in category {name!r}{did_you_mean(spec['scope'], list(known))}",
            )


CATEGORY_RULES: tuple[CategoryRule, ...] = (
    exceptions_unique,
    groups_known,
    category_retry_policies_known,
    category_next_actions_known,
    category_scopes_known,
)
"""Every semantic rule of categories.yaml, run once it passed its schema."""


def _categories(catalog_dir: Path) -> tuple[Vocabulary | None, list[Problem]]:
    path = catalog_dir / CATEGORIES_FILE
    loaded, problems = load_yaml(path, _display(path))
    if loaded is None:
        return None, problems
    schema_errs = schema_problems(loaded, schema_validator(catalog_dir, "categories.schema.json"))
    if schema_errs:
        return None, problems + schema_errs
    doc = loaded.data
    problems += [problem for rule in CATEGORY_RULES for problem in rule(loaded, doc)]
    vocabulary = Vocabulary(doc["categories"], doc["retry_policies"], doc["next_actions"], doc["scopes"])
    return vocabulary, problems


# --- across provider files -----------------------------------------------------------------------------

CatalogRule = Callable[[dict[str, ProviderFile], frozenset[str]], Iterator[Problem]]


def passes_through_known(files: dict[str, ProviderFile], stems: frozenset[str]) -> Iterator[Problem]:
    """passes_through names another provider file, which has errors of its own (no chains)."""
    through = {
        stem: f.provider["passes_through"]
        for stem, f in files.items()
        if f.provider is not None and "passes_through" in f.provider
    }
    for stem, target in through.items():
        where = ("provider", "passes_through")
        if target not in stems or target == stem:
            yield files[stem].problem(where, f"passes_through names no other provider file: {target!r}")
        elif target in through:
            yield files[stem].problem(
                where,
                f"passes_through chains {stem} -> {target} -> {through[target]}; "
                "pass through a provider with errors of its own",
            )


CATALOG_RULES: tuple[CatalogRule, ...] = (passes_through_known,)


def validate_files(
    catalog_dir: Path, only: list[Path] | None = None
) -> tuple[dict[str, Loaded], dict[str, Any], list[Problem]]:
    """Validate the catalog directory (or just `only` of it); return the loaded files, categories and problems."""
    vocabulary, problems = _categories(catalog_dir)
    files = only if only else sorted(p for p in catalog_dir.glob("*.yaml") if p.name != CATEGORIES_FILE)
    if not files:
        problems.append(Problem(_display(catalog_dir), 1, 1, "no provider files (*.yaml) found"))
    validator = schema_validator(catalog_dir, "catalog.schema.json")
    providers = known_providers(catalog_dir)
    loaded: dict[str, Loaded] = {}
    checked: dict[str, ProviderFile] = {}
    for path in files:
        if path.name == CATEGORIES_FILE:
            continue
        doc, file_problems = load_yaml(path, _display(path))
        problems += file_problems
        if doc is None:
            continue
        violations: list[tuple[Any, ...]] = []
        problems += schema_problems(doc, validator, violations)
        f = provider_file(doc, violations, path.stem, vocabulary, providers)
        problems += semantic_problems(f)
        loaded[path.stem] = doc
        checked[path.stem] = f
    stems = providers - {ON_PREMISES}
    for rule in CATALOG_RULES:
        problems += rule(checked, stems)
    return loaded, vocabulary.categories if vocabulary else {}, sorted(set(problems))
