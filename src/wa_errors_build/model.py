"""The one loader every output shares: validated catalog files turned into resolved, plain data.

Resolving means: provider defaults merged under each entry's retry advice (botocore style),
names for Python modules and enums derived once, and entries kept in catalog order.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import Problem, load_yaml
from .validate import validate_files

RETRY_DEFAULTS: dict[str, Any] = {
    "policy": "never",
    "max_attempts": None,
    "delay_seconds": None,
    "max_delay_seconds": None,
    "respect_retry_after": False,
    "may_have_taken_effect": False,
    "documented": False,
    "note": "",
}


class CatalogInvalid(Exception):
    """The catalog has problems; nothing may be generated from it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalog")
        self.problems = problems


def identifier(name: str) -> str:
    """`name` if it is safe to emit as a Python identifier, else an error: data never becomes code."""
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__") or not name.isascii():
        raise ValueError(f"{name!r} cannot be used as a Python identifier")
    return name


@dataclass
class Provider:
    id: str
    source_file: str
    meta: dict[str, Any]
    entries: list[dict[str, Any]]
    module: str = ""
    class_name: str = ""

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def passes_through(self) -> str | None:
        value = self.meta.get("passes_through")
        return str(value) if value else None


@dataclass
class Catalog:
    providers: list[Provider]
    categories: dict[str, Any]
    groups: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    vocabulary: dict[str, Any] = field(default_factory=dict)
    """categories.yaml's other top-level blocks (retry_policies, retry_defaults, next_actions, scopes)."""
    by_id: dict[str, Provider] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.providers}


def _code_name(provider_id: str, meta: dict[str, Any]) -> str:
    name = str(meta.get("code_name") or re.sub(r"[^a-z0-9]+", "_", provider_id.lower()))
    if name[:1].isdigit():
        name = "p" + name
    return identifier(name)


def _class_name(code_name: str) -> str:
    return identifier("".join(part[:1].upper() + part[1:] for part in code_name.split("_") if part) + "Error")


def resolve_entry(entry: dict[str, Any], defaults: dict[str, Any], category: dict[str, Any]) -> dict[str, Any]:
    """The entry as the runtime reads it: retry defaults merged under its own advice (provider
    defaults, then the entry), next_action and scope from its category unless it sets them."""
    out = dict(entry)
    out.setdefault("next_action", category.get("next_action", ""))
    out.setdefault("scope", category.get("scope", ""))
    out["retry"] = {**RETRY_DEFAULTS, **(defaults.get("retry") or {}), **(entry.get("retry") or {})}
    out.setdefault("aliases", [])
    out.setdefault("patterns", [])
    out.setdefault("renamed_from", [])
    out.setdefault("legacy", False)
    out["member"] = identifier(entry["id"].upper())
    return out


def load_catalog(catalog_dir: Path, root: Path) -> Catalog:
    """Validate and resolve the whole catalog, or raise CatalogInvalid with every problem."""
    loaded, categories, problems = validate_files(catalog_dir)
    if problems:
        raise CatalogInvalid(problems)
    providers = []
    for stem in sorted(loaded):
        doc = loaded[stem].data
        meta = doc["provider"]
        defaults = meta.get("defaults") or {}
        try:
            rel = str((catalog_dir / f"{stem}.yaml").resolve().relative_to(root.resolve()))
        except ValueError:
            rel = f"catalog/{stem}.yaml"
        entries = [resolve_entry(e, defaults, categories[e["category"]]) for e in doc["entries"]]
        code_name = _code_name(stem, meta)
        providers.append(Provider(stem, rel, meta, entries, code_name, _class_name(code_name)))
    cat_doc, _ = load_yaml(catalog_dir / "categories.yaml")
    cat_data: dict[str, Any] = cat_doc.data if cat_doc is not None else {}
    groups = cat_data.get("groups", {})
    version = str(cat_data.get("version", ""))
    vocabulary = {k: v for k, v in cat_data.items() if k not in ("version", "groups", "categories")}
    return Catalog(providers, categories, groups, version, vocabulary)
