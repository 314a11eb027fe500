"""Load catalog YAML safely, keeping the line and column of every value.

PyYAML's safe loader silently keeps the last of two duplicate keys, expands alias bombs
without limit and turns dates into `datetime.date`. The catalog needs none of that, so the
loader builds the data itself, with limits, and can say where each value came from so every
later check can report `file:line:col`.

Two paths give the same result:

- the fast path reads libyaml's events (PyYAML's C parser) and builds plain data directly,
  counting depth, alias uses and values as it goes. It gives up, without reporting anything,
  on whatever the pure-Python path would report (a syntax error, a duplicate or merge key, an
  unsupported tag, a limit reached...) and on anything unusual it does not handle itself
  (explicit tags, alias keys, a document that is one scalar, and text the two parsers read
  differently: tabs, line breaks other than LF, a BOM inside the text). Positions are not
  recorded: a valid catalog never needs them, and the first `Loaded.where()` computes them
  (libyaml composes the nodes, then the same converter as below records them; the fast path
  has proved the nesting shallow, so composing recursively is safe).
- the pure-Python path composes nodes with PyYAML's Python parser (depth and alias uses
  counted while composing) and converts them with limits, recording every position; it runs
  when the fast path gave up, to report each problem at its place, or when PyYAML was built
  without libyaml.

One known difference remains: libyaml accepts `?` inside a flow scalar (`[a?b]`,
`{url: https://x/?q=1}`) as YAML allows, PyYAML's Python scanner refuses it; such a file loads
where libyaml is available and is reported as a syntax error where it is not.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A catalog file larger than this is refused before parsing (the biggest real one is ~300 KB)."""
MAX_ALIASES = 100
"""Anchors/aliases are allowed for convenience, but more alias uses than this is refused."""
MAX_DEPTH = 100
"""Deepest nesting accepted; the catalog needs about six levels."""
MAX_NODES = 200_000
"""Values produced after alias expansion; a "billion laughs" file hits this long before memory grows."""

Path_ = tuple[str | int, ...]

_CParser: Any = getattr(yaml, "CSafeLoader", None)
"""PyYAML's libyaml-backed loader, or None when PyYAML was built without libyaml."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a catalog file, printed as `file:line:col: message`."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


@dataclass
class Loaded:
    """A parsed YAML document and the position of every value in it."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    source: str | None = field(default=None, repr=False, compare=False)
    """The text the fast path read, kept until positions are first asked for (then computed from it)."""

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        if self.source is not None:
            self.positions = _positions(self.source, self.file)
            self.source = None
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, message)


# --- tags and scalars -----------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SAFE_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SAFE_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_IMPLICIT: dict[Any, list[tuple[str, Any]]] = yaml.SafeLoader.yaml_implicit_resolvers
_WILDCARD = _IMPLICIT.get(None, [])
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_BUILD = {tag: _CONSTRUCTOR.yaml_constructors[tag] for tag in _SAFE_SCALAR_TAGS - {_STR}}


def _plain_tag(value: str) -> str:
    """The tag a plain (unquoted) scalar resolves to, as SafeLoader resolves it."""
    for tag, regexp in _IMPLICIT.get(value[:1], []) + _WILDCARD:
        if regexp.match(value):
            return tag
    return _STR


def _scalar(node: yaml.ScalarNode) -> Any:
    """A safe scalar's value; a date keeps the text written (the schema checks its form)."""
    if node.tag == _STR or node.tag == _TIMESTAMP:
        return node.value
    return _BUILD[node.tag](_CONSTRUCTOR, node)


# --- the fast path: libyaml events straight to data -------------------------------------------------------


class _GiveUp(Exception):
    """The fast path met something the pure-Python path must judge (and report, with its position)."""


_NO_KEY = object()
_PYTHON_ONLY = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#")
"""Text PyYAML's Python parser and libyaml judge differently (tabs, line breaks other than LF, a BOM inside the
text, a comment right after a block scalar header): such a file takes the pure-Python path."""


def _fast_data(text: str) -> Any:
    """The document's data from libyaml events, or _GiveUp when the pure-Python path must look at it."""
    parser = _CParser(text)
    try:
        return _build(parser.get_event)
    except yaml.YAMLError as exc:
        raise _GiveUp from exc
    finally:
        parser.dispose()


def _build(next_event: Any) -> Any:
    next_event()  # StreamStartEvent
    if type(next_event()) is not DocumentStartEvent:
        raise _GiveUp  # no document: "file is empty"
    # a frame per open collection: [container, is_mapping, pending key, value count at its start, anchor]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}  # complete anchored values: (value, values it expands to)
    open_anchors: set[str] = set()
    aliases = count = 0
    while True:
        event = next_event()
        kind = type(event)
        if len(stack) >= MAX_DEPTH - 1 and kind is not MappingEndEvent and kind is not SequenceEndEvent:
            raise _GiveUp
        if kind is ScalarEvent:
            value = event.value
            tag = event.tag
            if tag is not None:
                raise _GiveUp  # an explicit tag (even `!`): the pure-Python path judges it
            if event.implicit[0]:
                tag = _plain_tag(value)
                if tag != _STR and tag != _TIMESTAMP:
                    if tag not in _BUILD:
                        raise _GiveUp  # merge key, `=`, `!`...: reported there as unsupported
                    value = _BUILD[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
            count += 1
            if event.anchor is not None:
                if event.anchor in anchors or event.anchor in open_anchors:
                    raise _GiveUp
                anchors[event.anchor] = (value, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise _GiveUp
            if event.anchor is not None:
                if event.anchor in anchors or event.anchor in open_anchors:
                    raise _GiveUp
                open_anchors.add(event.anchor)
            count += 1
            is_map = kind is MappingStartEvent
            stack.append([{} if is_map else [], is_map, _NO_KEY, count, event.anchor])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value, _, _, start, anchor = stack.pop()
            if anchor is not None:
                open_anchors.discard(anchor)
                anchors[anchor] = (value, count - start + 1)
        elif kind is AliasEvent:
            aliases += 1
            if aliases > MAX_ALIASES or event.anchor not in anchors:
                raise _GiveUp  # too many, undefined, or recursive (still open)
            value, size = anchors[event.anchor]
            count += size
            if isinstance(value, (dict, list)):
                value = copy.deepcopy(value)
        else:
            raise _GiveUp
        if count > MAX_NODES:
            raise _GiveUp
        if not stack:
            if kind is ScalarEvent or kind is AliasEvent:
                raise _GiveUp  # a document that is one scalar: not a catalog, and its marks differ
            break
        frame = stack[-1]
        if frame[1]:
            key = frame[2]
            if key is _NO_KEY:
                if kind is not ScalarEvent or type(value) is not str or value in frame[0]:
                    raise _GiveUp  # a non-string, collection, alias or duplicate key
                count -= 1  # keys are not counted as values
                frame[2] = value
            else:
                frame[0][key] = value
                frame[2] = _NO_KEY
        else:
            frame[0].append(value)
    if type(next_event()) is not DocumentEndEvent or type(next_event()) is not StreamEndEvent:
        raise _GiveUp  # a second document
    return value


# --- the pure-Python path: nodes with positions ------------------------------------------------------


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts alias uses while composing, so an alias bomb stops early."""

    alias_uses = 0
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"nesting deeper than {MAX_DEPTH} levels; refused",
                    problem_mark=self._mark(),
                )
            return self._compose_counted(parent, index)
        finally:
            self.depth -= 1

    def _mark(self) -> Any:
        return self.peek_event().start_mark  # type: ignore[no-untyped-call]

    def _compose_counted(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIASES:
                raise yaml.MarkedYAMLError(
                    problem=f"more than {MAX_ALIASES} alias uses (possible alias bomb); refused",
                    problem_mark=self._mark(),
                )
        return super().compose_node(parent, index)


class _Converter:
    def __init__(self, loaded: Loaded, problems: list[Problem]) -> None:
        self.loaded = loaded
        self.problems = problems
        self.count = 0

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        self.loaded.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _SAFE_COLLECTION_TAGS:
            self._add(node, f"unsupported tag {node.tag!r}")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._add(key_node, "merge keys (<<) are not supported in the catalog")
                    continue
                key = self.convert_scalar(key_node)
                if not isinstance(key, str):
                    self._add(key_node, f"mapping key {key!r} must be a string")
                    key = str(key)
                if key in seen:
                    self._add(
                        key_node,
                        f"duplicate key {key!r} (first at line {seen[key]}); YAML would silently keep the last",
                    )
                seen[key] = key_node.start_mark.line + 1
                child = (*path, key)
                self.loaded.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.convert(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.convert_scalar(node)

    def convert_scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self._add(node, "a mapping key must be a plain scalar")
            return repr(node.value)[:40]
        if node.tag != _TIMESTAMP and node.tag not in _SAFE_SCALAR_TAGS:
            self._add(node, f"unsupported tag {node.tag!r}")
            return node.value
        return _scalar(node)

    def _add(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.loaded.file, mark.line + 1, mark.column + 1, message))


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _slow_load(text: str, name: str) -> tuple[Loaded | None, list[Problem]]:
    """The pure-Python path: every problem reported at its line and column, every position recorded."""
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        return None, [Problem(name, where[0], where[1], f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(name, 1, 1, "YAML nesting is too deep; refused")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(name, 1, 1, "file is empty")]
    return _convert(node, name)


def _convert(node: yaml.Node, name: str) -> tuple[Loaded | None, list[Problem]]:
    problems: list[Problem] = []
    loaded = Loaded(name, None)
    converter = _Converter(loaded, problems)
    try:
        loaded.data = converter.convert(node, ())
    except RecursionError:
        return None, [Problem(name, 1, 1, "YAML nesting is too deep; refused")]
    except _TooBig as exc:
        mark = exc.node.start_mark
        return None, [
            Problem(
                name,
                mark.line + 1,
                mark.column + 1,
                f"document expands to more than {MAX_NODES} values (alias bomb?); refused",
            )
        ]
    return loaded, problems


def _positions(text: str, name: str) -> dict[Path_, tuple[int, int]]:
    """Positions of a document the fast path loaded: libyaml composes the nodes (the fast path checked
    depth and alias uses, so this is safe), the pure-Python converter records where each value is."""
    node = yaml.compose(text, Loader=_CParser)
    loaded = _convert(node, name)[0] if node is not None else None
    return loaded.positions if loaded is not None else {}


# --- reading a file -----------------------------------------------------------------------------------


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is harmless; positions below count from after it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.append(Problem(name, line, col, f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded"))
        return None
    return text.replace("\r\n", "\n")


def _tab_indents(text: str, name: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(
                Problem(name, lineno, len(line) - len(stripped) + 1, "tab used for indentation; use spaces")
            )
    return problems


def load_yaml(path: Path, display: str | None = None, *, fast: bool = True) -> tuple[Loaded | None, list[Problem]]:
    """Parse one YAML file; return the document (None when unusable) and every problem found.

    `fast=False` takes the pure-Python path even when libyaml is available (tests compare the two)."""
    name = display or str(path)
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, 1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    text = _decode(raw, name, problems)
    if text is None:
        return None, problems
    problems = _tab_indents(text, name)
    if problems:
        return None, problems
    if not text.strip():
        return None, [Problem(name, 1, 1, "file is empty")]
    if fast and _CParser is not None and not _PYTHON_ONLY.search(text):
        try:
            data = _fast_data(text)
        except _GiveUp:
            pass
        else:
            return Loaded(name, data, source=text), []
    return _slow_load(text, name)
