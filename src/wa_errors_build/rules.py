"""The runtime's text rules (src/wa_errors/_text.py), loaded without importing the package.

The generators must run when the package's generated modules are stale or missing (that is what
they regenerate), so they load the one shared rules module by file, not through `wa_errors`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "wa_errors" / "_text.py"
_spec = importlib.util.spec_from_file_location("wa_errors_text_rules", _PATH)
assert _spec is not None and _spec.loader is not None
_text = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_text)

TITLE_MIN: int = _text.TITLE_MIN
loose = _text.loose
