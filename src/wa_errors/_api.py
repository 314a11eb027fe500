"""lookup, classify, scan_webhook and raise_for_response: the catalog applied to real answers.

Everything provider-specific comes from the generated tables (field paths, literals, codes,
patterns); this module holds only the order in which they are consulted.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from . import _catalog, _fast, _tables
from ._body import MAX_TEXT, as_code, get_path, parse_body, parse_form, shown, walk
from ._entry import CatalogEnum, Entry, RetryAdvice
from ._rules import TITLE_MIN, TRUNCATED_MIN, loose, norm, strip_marker
from .exceptions import EXCEPTION_BY_CATEGORY, ProviderError, UnknownErrorKey

_GENERIC_TEXT_KEYS = ("message", "error", "description", "detail", "details", "reason", "title", "error_message")
_SIP = re.compile(r"^sip[\s_:-]*([1-6]\d\d)$")
_ERRORS_ITEM = re.compile(r"(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)\[\d+\]$")
_redact_compiled: list[re.Pattern[str]] = []
_tables._on_reset.append(_redact_compiled.clear)  # an overlay's provider may bring its own rules


def redact(text: str) -> str:
    """`text` with every credential the catalog knows providers echo back replaced by ***
    (the providers' `redact` rules)."""
    if not _redact_compiled:
        rules = [r["regex"] for p in _catalog.data()["providers"] for r in p.get("redact", ())]
        _redact_compiled.extend(re.compile(rx) for rx in rules)
    for rx in _redact_compiled:
        text = rx.sub(
            lambda m: m.group(0)[: m.start(1) - m.start(0)] + "***" + m.group(0)[m.end(1) - m.start(0) :], text
        )
    return text




# --- lookup ------------------------------------------------------------------------------------


def _by_number(t: _tables.ProviderTables, n: int) -> list[int]:
    """Entries a number names: the HTTP status entry first when there is one (a gateway's 401 is the
    status, even if a body code 401 exists too), then provider codes and code ranges."""
    hits = []
    if n in t.by_status:
        hits.append(t.by_status[n])
    if n in t.by_code:
        hits.append(t.by_code[n])
    for lo, hi, i in t.code_ranges:
        if lo <= n <= hi:
            hits.append(i)
    return list(dict.fromkeys(hits))


def _find_in(t: _tables.ProviderTables, key: object) -> list[Entry]:
    m = t
    idx: list[int] = []
    if isinstance(key, bool):
        return []
    if isinstance(key, int):
        idx = _by_number(t, key)
    elif isinstance(key, str):
        text = key.strip()[:MAX_TEXT]
        if not text:
            return []
        n = norm(text)
        for table, k in (
            (m.by_id, text),
            (m.by_id, text.lower()),
            (m.by_text, n),
            (m.by_marker, strip_marker(text)),
            (m.by_hook_literal, n),
        ):
            if k in table:
                idx.append(table[k])
        code = as_code(text.lstrip("#"))  # "#131000", as chat tools show a code
        if code is not None:
            idx += _by_number(t, code)
        sip = _SIP.match(n)
        if sip and int(sip.group(1)) in m.by_sip:
            idx.append(m.by_sip[int(sip.group(1))])
        if not idx:
            best = _longest_pattern(t.any_patterns, text)
            if best is not None:
                idx.append(best[1])
        if not idx:
            found = _by_title(t, text)
            if found is not None:
                idx.append(found)
    return [t.entry(i) for i in dict.fromkeys(idx)]


def _by_title(t: _tables.ProviderTables, text: str) -> int | None:
    """The entry whose provider title or message a text is, tolerant of paste damage: lost quotes,
    other whitespace, a prefix the logging app added (the title inside the text), a cut tail (the
    text begins the title)."""
    n = loose(text[:MAX_TEXT])
    if len(n) < TITLE_MIN:
        return None
    padded = f" {n} "
    for title, i in t.titles_within(n):  # longest first: the most specific title inside the text wins
        if f" {title} " in padded:
            return i
    if len(n) >= TRUNCATED_MIN:
        for title, i in t.titles_starting(n):
            if title.startswith(n):
                return i
    return None


def find(provider: object, key: object) -> list[Entry]:
    """Every entry `key` names for the provider (and the providers it passes through), best first."""
    if isinstance(key, CatalogEnum):
        _tables.provider_id(provider)  # an unknown provider raises, whatever the key
        return [key.entry]
    for t in _tables.chain(provider):
        hits = _find_in(t, key)
        if hits:
            return hits
    return []


_memo: dict[tuple[object, object], Entry] = {}
"""(provider as given, key as given) -> the answer, for int and str keys that found an entry.
Bounded: a stream of distinct keys (user input) cannot grow it past MEMO_MAX."""
MEMO_MAX = 20_000
_tables._on_reset.append(_memo.clear)


def lookup(provider: object, key: object) -> Entry:
    """The entry for an HTTP status, Error ID, marker, code, templated message or entry id.

    Raises UnknownProviderError or UnknownErrorKey (both LookupError) with the closest matches.
    """
    if type(key) is int or type(key) is str:  # not bool, float or enum members equal to them
        try:
            return _memo[provider, key]
        except (KeyError, TypeError):
            pass
    hits = find(provider, key)
    if hits:
        if (type(key) is int or type(key) is str) and len(_memo) < MEMO_MAX and isinstance(provider, str):
            _memo[provider, key] = hits[0]
        return hits[0]
    pid = _tables.provider_id(provider)
    t = _tables.tables(pid)
    keys = list(t.by_id) + [e.literal for e in t.entries if e.literal] + [str(c) for c in t.by_code]
    import difflib  # error path only: keeps `import wa_errors` cheap

    close = difflib.get_close_matches(key[:200] if isinstance(key, str) else shown(key, 200), keys, n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
    raise UnknownErrorKey(f"{redact(shown(key, MAX_TEXT))[:120]} is not documented for {pid}{hint}")


# --- classify ----------------------------------------------------------------------------------


def _longest_pattern(patterns: tuple[tuple[re.Pattern[str], int], ...], text: str) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for rx, i in patterns:
        found = rx.search(text)
        if found and (best is None or found.end() - found.start() > best[0]):
            best = (found.end() - found.start(), i)
    return best


def _status(status: object) -> int | None:
    if isinstance(status, bool) or not isinstance(status, int):
        code = as_code(status) if isinstance(status, str) else None
        return code if code is not None and 100 <= code <= 599 else None
    return status if 100 <= status <= 599 else None


def _texts(t: _tables.ProviderTables, parsed: Any, text: str) -> list[str]:
    out: list[str] = []
    if isinstance(parsed, (dict, list)):
        for field in t.error_id_fields:
            if field != "$text":
                out += [v[:MAX_TEXT] for v in get_path(parsed, field) if isinstance(v, str)]
        for _path, key, value, _parent in walk(parsed):
            if key in _GENERIC_TEXT_KEYS and isinstance(value, str):
                out.append(value[:MAX_TEXT])
    elif isinstance(parsed, str):
        out.append(parsed[:MAX_TEXT])
    elif text:
        out.append(text[:MAX_TEXT])
    return [s for s in dict.fromkeys(out) if s.strip()]


class _Code(NamedTuple):
    """What an answer says of its code: the code and subcode, or only a code seen in text that the
    catalog does not document (kept on the fallback as raw_code, never matched)."""

    code: int | None = None
    sub: int | None = None
    unconfirmed: int | None = None


def _find_code(chain: list[_tables.ProviderTables], parsed: Any, texts: list[str]) -> _Code:
    """(code, subcode) the answer carries: at a declared field, in an error object found anywhere
    (an unwrapped or relayed one), under a reseller's key, or in text (SDK strings, log lines,
    docs URLs). Codes found by the last two ways count only when the catalog documents them."""
    m = chain[0]
    if isinstance(parsed, (dict, list)):
        for field in m.code_fields:
            code = next((c for c in map(as_code, get_path(parsed, field)) if c is not None), None)
            if code is not None:
                return _Code(code, _first_code(parsed, m.subcode_fields))
        found = _code_in_objects(chain, parsed)
        if found is not None:
            return found
    unconfirmed = None
    for rx in chain[0].code_in_text:
        for s in texts:
            for hit in rx.finditer(s):
                code = as_code(hit.group(1))
                if code is not None and _fast.entry_for_code(chain, code, None) is not None:
                    return _Code(code)
                unconfirmed = unconfirmed if unconfirmed is not None else code
    return _Code(unconfirmed=unconfirmed)


def _first_code(parsed: Any, fields: tuple[str, ...]) -> int | None:
    for field in fields:
        code = next((c for c in map(as_code, get_path(parsed, field)) if c is not None), None)
        if code is not None:
            return code
    return None


def _code_in_objects(chain: list[_tables.ProviderTables], parsed: Any) -> _Code | None:
    m = chain[0]
    code_keys = {f.rsplit(".", 1)[-1].removesuffix("[]") for f in m.code_fields}
    sub_keys = {f.rsplit(".", 1)[-1] for f in m.subcode_fields}
    relay: tuple[str, ...] = m.relay_code_keys
    for _path, _key, value, _parent in walk(parsed):
        if not isinstance(value, dict):
            continue
        if m.error_object_keys and any(k in value for k in m.error_object_keys):
            code = next((c for c in (as_code(value.get(k)) for k in code_keys) if c is not None), None)
            if code is not None:
                return _Code(code, next((c for c in (as_code(value.get(k)) for k in sub_keys) if c is not None), None))
        for k in relay:
            code = as_code(value.get(k))
            if code is not None and _fast.entry_for_code(chain, code, None) is not None:
                return _Code(code)
    return None


def _fits(e: Entry, status: int | None) -> bool:
    """Whether a text match may stand for an answer with this status.

    A success entry never explains an error status, and a text documented under one status class
    (a 200 `reason`) does not explain an answer of another (a 429 HTML page that contains it).
    """
    if status is None:
        return True
    if status >= 400 and not e.is_error:
        return False
    return e.http_status is None or e.http_status // 100 == status // 100


def _may_explain(e: Entry, status: int | None) -> bool:
    """Whether an exact Error ID may stand for an answer whatever its status: yes, except that a
    success entry never explains an error status (a reseller's 403 rate limit is still a rate limit)."""
    return status is None or status < 400 or e.is_error


def _match_texts(t: _tables.ProviderTables, texts: list[str], status: int | None) -> Entry | None:
    m = t
    exact_ok: Entry | None = None
    best: tuple[int, int] | None = None
    for s in texts:
        n = norm(s)
        i = m.by_text_status.get(f"{status} {n}", m.by_text.get(n))
        if i is not None and _may_explain(t.entry(i), status):  # an exact Error ID wins over the status
            e = t.entry(i)
            if e.is_error:
                return e
            exact_ok = exact_ok or e
            continue
        for literal, j in m.contained(n):
            if len(literal) <= len(n) and literal in n and _fits(t.entry(j), status):
                if best is None or len(literal) > best[0]:
                    best = (len(literal), j)
                break
        if t.sync_any is not None and t.sync_any.search(s):
            fitting = tuple((rx, k) for rx, k in t.sync_patterns if _fits(t.entry(k), status))
            found = _longest_pattern(fitting, s)
            if found and (best is None or found[0] > best[0]):
                best = found
    if best is not None:
        return t.entry(best[1])
    return exact_ok


def _fallback_category(status: int | None) -> str:
    """The category undocumented answers of this status get (categories.yaml `fallback_for`)."""
    if status is None:
        return "unknown"
    for wanted in (str(status), f"{status // 100}xx"):
        for name, info in _catalog.categories().items():
            if wanted in info.fallback_for:
                return name
    return "unknown"


def _fallback(
    pid: str, status: int | None, code: int | None, texts: list[str], like: Entry | None = None
) -> Entry:
    """The documented=False entry for an answer the catalog does not know; `like` (the entry of the
    bare status, when there is one) lends its category and retry advice to an unknown code. Other
    answers get the category's first policy with categories.yaml's `retry_defaults.undocumented`."""
    category = like.category if like is not None else _fallback_category(status)
    info = _catalog.categories()[category]
    retry = like.retry if like is not None else _undocumented_retry(info.retry_policies[0])
    shown = redact(texts[0])[:200] if texts else None
    what = f"HTTP {status}" if status is not None else "an answer"
    if code is not None:
        what += f" with code {code}"
    return Entry(
        provider=pid,
        id=f"undocumented_{status}" if status is not None else "undocumented",
        kind="http_status" if status is not None else "error_code" if code is not None else "error_id",
        title=f"Undocumented answer: {what}",
        cause=f"{_tables.tables(pid).name} returned {what}, which the catalog does not document.",
        remediation=info.description,
        category=category,
        actor="nobody" if info.exception is None else "developer",
        retry=retry,
        http_status=status,
        literal=shown,
        next_action=info.next_action,
        scope=info.scope,
        documented=False,
        raw_code=code,
    )


def _undocumented_retry(policy: str) -> RetryAdvice:
    defaults = _catalog.retry_defaults()
    if defaults.policies[policy].retryable:
        return dataclasses.replace(defaults.undocumented, policy=policy)
    return RetryAdvice(policy=policy, note=defaults.undocumented.note)


_chains = _tables._chains
"""The chains _tables keeps by the provider spelling callers use: read directly on the hot path."""
_observed: dict[tuple[str, str, int], Entry] = {}
_tables._on_reset.append(_observed.clear)


def _with_status(e: Entry, status: int | None) -> Entry:
    """`e`, noting the answer's status when it contradicts the one the catalog documents for it
    (one copy per entry and status, made once: bounded by entries x 500 statuses)."""
    if status is None or e.http_status is None or e.http_status == status or e.kind == "http_status":
        return e
    key = (e.provider, e.id, status)
    found = _observed.get(key)
    if found is None:
        found = _observed[key] = dataclasses.replace(e, observed_status=status)
    return found


def classify(
    provider: object, status: int | None = None, body: object = None, headers: Mapping[str, str] | None = None
) -> Entry:
    """The most specific documented entry for an HTTP answer, or a fallback with documented=False.

    Order: a provider error code in the body (at its field, in an error object anywhere, under a
    reseller's key, in an SDK or log text), then Error ID / validation text (exact, aliases, the
    longest literal or pattern match), then the provider's title or message for a code, then the
    status alone. The body's documented error wins over a status that contradicts it (the status
    is kept as `observed_status`); an unknown code gives the fallback with `raw_code`. Never
    raises for a bad body; only the first 64 KiB of a body is examined.
    Unknown provider: UnknownProviderError.
    """
    del headers  # accepted for symmetry with raise_for_response; retry advice reads Retry-After itself
    chain = _chains.get(provider) if type(provider) is str else None
    if chain is None:
        chain = _tables.chain(provider)
    st = status if type(status) is int and 100 <= status <= 599 else _status(status)
    obj = _fast.json_object(body)
    if obj is not None:
        found = _fast.classify(chain, st, obj)
        if found is not None:
            return found if st is None or found.http_status in (None, st) else _with_status(found, st)
    return _classify(chain, st, body, obj)


def _classify(
    chain: list[_tables.ProviderTables], st: int | None, body: object, obj: dict[str, Any] | None
) -> Entry:
    """classify's general path, in the order its docstring gives (`obj`: the body already parsed)."""
    primary = chain[0]
    parsed, text = (obj, "") if obj is not None else parse_body(body)
    texts = _texts(primary, parsed, text)
    code, sub, text_code = _find_code(chain, parsed, texts)
    if code is not None:
        e = _fast.entry_for_code(chain, code, sub)
        if e is not None:
            return _with_status(e, st)
    for t in chain:
        e = _match_texts(t, texts, st)
        if e is not None:
            return _with_status(e, st)
    if code is None:
        for t in chain:
            for s in texts:
                i = _by_title(t, s)
                if i is not None:
                    return _with_status(t.entry(i), st)
    bare = next((t.entry(t.by_status[st]) for t in chain if st in t.by_status), None)
    if bare is not None and code is None:
        return bare
    return _fallback(primary.id, st, code if code is not None else text_code, texts, bare)


# --- raise_for_response ------------------------------------------------------------------------


def _raw_text(body: object) -> str | None:
    if body is None:
        return None
    parsed, text = parse_body(body)
    if not text and parsed is not None:
        try:
            text = json.dumps(parsed)[:65536]
        except (TypeError, ValueError, RecursionError):
            text = "<unprintable body>"
    return redact(text)


def _read_response(response: object) -> tuple[Any, Any, Any, str | None]:
    """(status, body, headers, method) of a requests or httpx response; anything else is a TypeError."""
    status = getattr(response, "status_code", None)
    shaped = hasattr(response, "status_code") and (hasattr(response, "content") or hasattr(response, "text"))
    if isinstance(response, (dict, list, str, bytes, bytearray)) or not shaped or isinstance(status, bool):
        raise TypeError(
            "response= takes an HTTP response object with an int .status_code and .content or .text "
            f"(requests, httpx); got {type(response).__name__}. Pass a body as body= instead."
        )
    content = getattr(response, "content", None)
    body = content if content is not None else getattr(response, "text", None)
    try:  # httpx raises when a response was built without its request
        method = getattr(getattr(response, "request", None), "method", None)
    except RuntimeError:
        method = None
    return status, body, getattr(response, "headers", None), method if isinstance(method, str) else None


def raise_for_response(
    provider: object,
    status: int | None = None,
    body: object = None,
    headers: Mapping[str, str] | None = None,
    *,
    response: object = None,
    method: str | None = None,
) -> None:
    """Raise the ProviderError subclass for an error answer; return None for a success.

    `response=` takes a requests or httpx response (read through status_code, content, headers and
    request.method). `method` is the request's HTTP method, kept on the exception for retry helpers.
    """
    if response is not None:
        status, body, headers, sent_with = _read_response(response)
        method = method or sent_with
    entry = classify(provider, status, body, headers)
    st = _status(status)
    if not entry.is_error:
        return None
    cls = EXCEPTION_BY_CATEGORY.get(entry.category, ProviderError)
    where = f"{entry.provider} HTTP {st}" if st is not None else entry.provider
    docs = f" See {entry.docs_url}" if entry.docs_url else ""
    message = redact(f"{where}: {entry.title} [{entry.id}]. {entry.remediation}{docs}")
    shown_headers = {k: redact(str(v)) for k, v in dict(headers or {}).items()} if headers else None
    raise cls(message, entry, st, _raw_text(body), shown_headers, method)


# --- scan_webhook ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A documented marker, status, state or error found in a webhook, and where."""

    entry: Entry
    path: str
    value: str | int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "value": self.value, "entry": self.entry.to_dict()}


def _scan_provider(
    t: _tables.ProviderTables,
    chain: list[_tables.ProviderTables],
    parsed: Any,
    strings: list[tuple[str, str]],
    items: list[tuple[str, dict[str, Any], bool]],
    out: list[Finding],
) -> None:
    m = t
    if isinstance(parsed, dict):
        type_field = m.webhook_type_field
        kind = parsed.get(type_field) if type_field else ""
        fields = m.hook_fields.get(kind) if isinstance(kind, str) else None
        for field, table in (fields or {}).items():
            for v in get_path(parsed, field):
                if isinstance(v, str) and norm(v) in table:
                    out.append(Finding(t.entry(table[norm(v)]), field, v))
    if t.marker_re is not None:
        for path, value in strings:
            for found in t.marker_re.finditer(value):
                group = found.lastgroup or ""
                i = int(group[1:].split("_")[0])
                out.append(Finding(t.entry(i), path, redact(value)))
    if m.webhook_code_fields:
        containers = m.error_containers
        for path, obj, in_list in items:
            if not containers and path:
                continue  # providers without error containers put codes at the top level (status callbacks)
            if containers:
                if not in_list:
                    continue
                item = _ERRORS_ITEM.search(path)
                bare = path.startswith("[") and path.count("[") == 1 and any(k in obj for k in m.error_object_keys)
                if not ((item and item.group(1) in containers) or bare):
                    continue
            for cf in m.webhook_code_fields:
                code = as_code(obj.get(cf))
                if code is None:
                    continue
                e = _fast.entry_for_code(chain, code, None)
                if e is None:  # a failure nobody documented yet still reaches the bot
                    e = _fallback(t.id, None, code, [s for s in (obj.get("title"), obj.get("message")) if s])
                out.append(Finding(e, f"{path}.{cf}" if path else cf, code))
                break
    if m.relay_code_keys:
        for path, obj, _in_list in items:
            for k in m.relay_code_keys:
                code = as_code(obj.get(k))
                if code is None:
                    continue
                e = _fast.entry_for_code(chain, code, None)
                if e is not None:
                    out.append(Finding(e, f"{path}.{k}" if path else k, code))


def _guess_chains(parsed: Any) -> list[list[_tables.ProviderTables]]:
    """Without a provider: a webhook naming its type in a provider's type field (Green-API's
    typeWebhook, 2Chat's event) gets only that provider's rules; an untyped one (Meta, Twilio) only
    the rules of providers without a type field; plain text gets every provider's marker rules."""
    chains = _tables.all_chains()
    if isinstance(parsed, str):
        return chains
    split = _split.get("chains")
    if split is None or split[2] is not chains:  # built from these chains, published in one step
        split = (
            [(c[0].webhook_type_field, c) for c in chains if c[0].webhook_type_field],
            [c for c in chains if not c[0].webhook_type_field],
            chains,
        )
        _split["chains"] = split
    if isinstance(parsed, dict):
        typed = [c for field, c in split[0] if field in parsed]
        if typed:
            return typed
    return split[1]


_split: dict[str, tuple[list[tuple[str, list[_tables.ProviderTables]]], list[list[_tables.ProviderTables]],
                        list[list[_tables.ProviderTables]]]] = {}
"""Chains of providers whose webhooks name their type (with the field), and of those that do not."""
_tables._on_reset.append(_split.clear)


def scan_webhook(payload: object, provider: object = None) -> list[Finding]:
    """Every documented marker or error in a webhook body; [] when there is nothing to report.

    Without `provider`, every provider's rules are tried. Never raises for a bad payload.
    """
    chains = [_tables.chain(provider)] if provider is not None else None
    obj = _fast.json_object(payload)
    if obj is not None and _fast.quiet(obj, chains if chains is not None else _guess_chains(obj)):
        return []
    parsed, text = (obj, "") if obj is not None else parse_body(payload)
    if parsed is None and text:
        parsed = parse_form(text) or text
    if parsed is None:
        return []
    strings: list[tuple[str, str]] = []
    items: list[tuple[str, dict[str, Any], bool]] = []
    for path, _key, node, parent in walk(parsed):  # one bounded walk shared by every provider's rules
        if isinstance(node, str):
            if node:
                strings.append((path, node[:MAX_TEXT]))
        elif isinstance(node, dict):
            items.append((path, node, isinstance(parent, list)))
    if chains is None:
        chains = _guess_chains(parsed)
    out: list[Finding] = []
    for chain in chains:
        for t in chain:
            _scan_provider(t, chain, parsed, strings, items, out)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for f in out:
        if not f.entry.is_error:
            continue  # a delivered message or an authorized instance is nothing to report
        key = (f.entry.provider, f.entry.id, f.path)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
