"""The catalog's data, read once from the one file the package ships (catalog.json).

Nothing is read at `import wa_errors`; the first call that needs the data parses the file (a few
milliseconds), thread-safely, and every later call shares the result. Provider indexes are built
from it, per provider, in `_tables`.
"""

from __future__ import annotations

import json
import os
import threading

from ._entry import CategoryInfo, RetryDefaults, build

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DATA_FILE = os.path.join(os.path.dirname(__file__), "catalog.json")
_lock = threading.Lock()
_cache: dict[str, Any] = {}


def data() -> dict[str, Any]:
    """The whole parsed catalog.json (see schema/catalog-export.schema.json)."""
    found = _cache.get("data")
    if found is None:
        with _lock:
            found = _cache.get("data")
            if found is None:
                with open(DATA_FILE, "rb") as fh:
                    found = json.loads(fh.read())
                _cache["providers"] = {p["id"]: p for p in found["providers"]}
                _cache["categories"] = {
                    name: build(CategoryInfo, spec) for name, spec in found["categories"].items()
                }
                _cache["retry_defaults"] = build(
                    RetryDefaults, {**found["retry_defaults"], "policies": found["retry_policies"]}
                )
                _cache["data"] = found
    result: dict[str, Any] = found
    return result


def provider(pid: str) -> dict[str, Any]:
    """One provider's block of catalog.json: its rules and its entries."""
    data()
    block: dict[str, Any] = _cache["providers"][pid]
    return block


def categories() -> dict[str, CategoryInfo]:
    """Category name -> its record, in catalog order (what `wa_errors.CATEGORIES` is)."""
    data()
    found: dict[str, CategoryInfo] = _cache["categories"]
    return found


def retry_defaults() -> RetryDefaults:
    data()
    found: RetryDefaults = _cache["retry_defaults"]
    return found
