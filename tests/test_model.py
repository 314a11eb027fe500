"""One model: the runtime records have exactly the fields the schemas define (issue 12).

Adding a field to the catalog touches the schema and the record; this test fails until both agree,
so no list of field names can drift anywhere else (building and serialising are generic).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pytest
from conftest import ROOT, catalog

import wa_errors
from wa_errors import _entry, lifecycle

CATALOG_SCHEMA = json.loads((ROOT / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
CATEGORIES_SCHEMA = json.loads((ROOT / "schema" / "categories.schema.json").read_text(encoding="utf-8"))
DEFS = CATALOG_SCHEMA["$defs"]


def catalog_fields(record: type) -> set[str]:
    return {f.name for f in fields(record) if not f.metadata.get("runtime")}


def props(schema: dict[str, Any]) -> set[str]:
    return set(schema.get("items", schema)["properties"])


@pytest.mark.parametrize(
    ("record", "schema"),
    [
        (_entry.Entry, DEFS["entry"]),
        (_entry.RetryAdvice, DEFS["retry"]),
        (_entry.Source, DEFS["source"]),
        (_entry.Surface, DEFS["surface"]),
        (_entry.Pattern, DEFS["pattern"]),
        (_entry.StatusSeen, DEFS["http_status_seen"]),
        (_entry.CodeRange, DEFS["entry"]["properties"]["code_range"]),
        (_entry.MapsTo, DEFS["entry"]["properties"]["maps_to"]),
        (_entry.RateLimit, DEFS["entry"]["properties"]["rate_limit"]),
        (_entry.CategoryInfo, CATEGORIES_SCHEMA["properties"]["categories"]["additionalProperties"]),
        (_entry.RetryPolicy, CATEGORIES_SCHEMA["properties"]["retry_policies"]["additionalProperties"]),
        (lifecycle.Lifecycle, DEFS["lifecycle"]),
        (lifecycle.DuplicateSafety, DEFS["duplicate_safety"]),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_record_fields_equal_schema_properties(record: type, schema: dict[str, Any]) -> None:
    if "$ref" in schema:
        schema = DEFS[schema["$ref"].rsplit("/", 1)[-1]]
    assert catalog_fields(record) == props(schema)


def test_every_entry_round_trips_through_the_model() -> None:
    """Built from its mapping and written back generically, an entry is the resolved catalog entry."""
    for p in catalog().providers:
        for e in p.entries:
            built = wa_errors.lookup(p.id, e["id"])
            doc = _entry.plain(built)
            for name in catalog_fields(_entry.Entry):
                want = e.get(name)
                if want is None or want == []:
                    assert doc[name] in (None, [], (), "", False), (p.id, e["id"], name)
                    continue
                assert covers(doc[name], want), (p.id, e["id"], name, doc[name], want)


def covers(got: Any, want: Any) -> bool:
    """`got` holds everything `want` says (a record may add its defaults for keys `want` omits)."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and covers(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(covers, got, want))
    return bool(got == want and type(got) is type(want) or isinstance(want, float) and got == want)


def test_runtime_fields_are_marked() -> None:
    runtime = {f.name for f in fields(_entry.Entry) if f.metadata.get("runtime")}
    assert runtime == {"provider", "documented", "raw_code", "observed_status", "origin"}
