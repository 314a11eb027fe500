"""The runtime's rules module (src/wa_errors/_rules.py), loaded by path, not through `wa_errors`.

The build tool must run while the package's generated files are stale or missing (that is what it
regenerates), so it loads the one shared rules module as a file; the runtime imports it normally.
Key normalisation, marker stripping and which index a literal goes into are defined there only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

_RUNTIME = Path(__file__).resolve().parent.parent / "wa_errors"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"wa_errors_{name}_for_build", _RUNTIME / f"_{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module  # dataclasses look their module up while building the classes
    spec.loader.exec_module(module)
    return module


_rules = _load("rules")
_model = _load("entry")

TITLE_MIN: int = _rules.TITLE_MIN
norm = _rules.norm
strip_marker = _rules.strip_marker
loose = _rules.loose
match_tables = _rules.match_tables
build_indexes = _rules.build_indexes


def describe_retry(retry: dict[str, Any], says: dict[str, str]) -> str:
    """The runtime's RetryAdvice.describe() for a resolved retry mapping: one wording everywhere."""
    text: str = _model.build(_model.RetryAdvice, retry).describe(says)
    return text
