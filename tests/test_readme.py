"""The README's examples run and print what the README says they print."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```\n```\n(.*?)```", README, flags=re.S)


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("code", "expected"), EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_readme_example_output(code: str, expected: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    assert out.getvalue() == expected


def test_readme_doctests() -> None:
    blocks = re.findall(r"```python\n(>>> .*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.failures == 0


def test_readme_terminal_example() -> None:
    block = re.search(r"```\n\$ wa-errors (explain \S+)\n(.*?)```", README, flags=re.S)
    assert block
    args = block.group(1).split()
    result = subprocess.run([sys.executable, "-m", "wa_errors.cli", *args], capture_output=True, text=True,
                            env={"COLUMNS": "88", "NO_COLOR": "1", "PATH": ""}, timeout=60)
    assert result.returncode == 0
    assert result.stdout.rstrip("\n") == block.group(2).rstrip("\n")
