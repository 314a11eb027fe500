"""The runtime's rules module (src/wa_errors/_rules.py), loaded by path, not through `wa_errors`.

The build tool must run while the package's generated files are stale or missing (that is what it
regenerates), so it loads the one shared rules module as a file; the runtime imports it normally.
Key normalisation, marker stripping and which index a literal goes into are defined there only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "wa_errors" / "_rules.py"
_spec = importlib.util.spec_from_file_location("wa_errors_rules_for_build", _PATH)
assert _spec is not None and _spec.loader is not None
_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_rules)

TITLE_MIN: int = _rules.TITLE_MIN
norm = _rules.norm
strip_marker = _rules.strip_marker
loose = _rules.loose
match_tables = _rules.match_tables
build_indexes = _rules.build_indexes
