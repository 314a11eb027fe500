"""Shared fixtures: the catalog as data (tests take their expectations from it), seeds, helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wa_errors_build.model import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

_catalog: Catalog | None = None


def catalog() -> Catalog:
    global _catalog
    if _catalog is None:
        _catalog = load_catalog(ROOT / "catalog", ROOT)
    return _catalog


def retryable_policies() -> set[str]:
    """Policies categories.yaml marks retryable (resending the same request unchanged can succeed)."""
    vocabulary = catalog().vocabulary["retry_policies"]
    return {name for name, spec in vocabulary.items() if spec["retryable"]}


def entries(kind: str | None = None, where: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(provider id, entry) pairs from the catalog, optionally of one kind / one surface."""
    out = []
    for p in catalog().providers:
        for e in p.entries:
            if kind and e["kind"] != kind:
                continue
            if where and not any(s["where"] == where for s in e["surface"]):
                continue
            out.append((p.id, e))
    return out


def nest(path: str, value: Any) -> Any:
    """A JSON body with `value` at a dotted path; `key[]` becomes a one-item list."""
    result: Any = value
    for step in reversed(path.split(".")):
        if step.endswith("[]"):
            result = {step[:-2]: [result]}
        else:
            result = {step: result}
    return result


def ids(pairs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [f"{pid}:{e['id']}" for pid, e in pairs]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not found beside the project ({SEEDS}); seed tests need it")
    return SEEDS
