"""The generated Markdown renders as intended on the two renderers users have (CommonMark through
markdown-it-py, as GitHub does; Python-Markdown, as MkDocs does), and every example in every
docstring and doc page runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

import wa_errors

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").rglob("*.md"))
TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$", re.M)
ESCAPE_LEFT = re.compile(r"\\[\\`*_{}\[\]|~]")


def render(text: str) -> dict[str, str]:
    return {
        "markdown-it-py": MarkdownIt("commonmark").enable("table").render(text),
        "Python-Markdown": markdown.markdown(text, extensions=["tables"]),
    }


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_table_renders_as_a_table(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tables = len(TABLE_RULE.findall(text))
    for renderer, rendered in render(text).items():
        assert rendered.count("<table>") == tables, (renderer, rendered.count("<table>"), tables)


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_no_escape_survives_rendering(path: Path) -> None:
    """A backslash-escaped backtick (or pipe, tilde...) in the output means the escaping was wrong."""
    for renderer, rendered in render(path.read_text(encoding="utf-8")).items():
        visible = re.sub(r"<code>.*?</code>", "", rendered, flags=re.S)
        left = ESCAPE_LEFT.findall(visible)
        assert not left, (renderer, left[:5])


def test_prose_code_spans_become_code() -> None:
    from wa_errors_build.emit import md

    out = md("send `message` and a | pipe ~ with a stray ` tick")
    for renderer, rendered in render(out).items():
        assert "<code>message</code>" in rendered, renderer
        assert "stray ` tick" in rendered.replace("&#96;", "`") and "\\" not in rendered, renderer


def modules() -> list[str]:
    names = ["wa_errors"]
    for info in pkgutil.walk_packages(wa_errors.__path__, "wa_errors."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return names


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module):
        runner.run(test)
    assert runner.failures == 0


def test_some_docstrings_have_examples() -> None:
    """The doctest run above is not vacuous: the package's own examples are found."""
    found = sum(len(t.examples) for n in modules() for t in doctest.DocTestFinder().find(importlib.import_module(n)))
    assert found >= 4


API_DOC = ROOT / "docs" / "api.md"


def test_api_doc_examples_run() -> None:
    """docs/api.md: `>>>` examples run as doctests."""
    text = API_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(>>> .*?)```", text, flags=re.S)
    assert blocks, "docs/api.md has no runnable example"
    shared: dict[str, object] = {}  # the page reads top to bottom: later blocks use earlier imports
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, shared, "api.md", str(API_DOC), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, clear_globs=False)
        shared.update(test.globs)
        assert runner.failures == 0
