"""Load catalog YAML safely, keeping the line and column of every value.

PyYAML's safe loader silently keeps the last of two duplicate keys, expands alias bombs
without limit and turns dates into `datetime.date`. The catalog needs none of that, so we
compose the node graph ourselves (safe tags only) and convert it with limits, recording
where each value came from so every later check can report `file:line:col`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A catalog file larger than this is refused before parsing (the biggest real one is ~300 KB)."""
MAX_ALIASES = 100
"""Anchors/aliases are allowed for convenience, but more alias uses than this is refused."""
MAX_DEPTH = 100
"""Deepest nesting accepted; the catalog needs about six levels."""
MAX_NODES = 200_000
"""Values produced after alias expansion; a "billion laughs" file hits this long before memory grows."""

Path_ = tuple[str | int, ...]


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

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, message)


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
        self.scalars = yaml.SafeLoader("")

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
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep dates as the text written; the schema checks their form
        if node.tag not in _SAFE_SCALAR_TAGS:
            self._add(node, f"unsupported tag {node.tag!r}")
            return node.value
        return self.scalars.construct_object(node)

    def _add(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.loaded.file, mark.line + 1, mark.column + 1, message))


_SAFE_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


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


def load_yaml(path: Path, display: str | None = None) -> tuple[Loaded | None, list[Problem]]:
    """Parse one YAML file; return the document (None when unusable) and every problem found."""
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
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(
                Problem(name, lineno, len(line) - len(stripped) + 1, "tab used for indentation; use spaces")
            )
    if problems:
        return None, problems
    if not text.strip():
        return None, [Problem(name, 1, 1, "file is empty")]
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
