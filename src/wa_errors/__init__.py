"""The reference catalog of errors WhatsApp API providers return, for use from code.

    >>> import wa_errors
    >>> wa_errors.lookup("green-api", "{{SWE001}}").category
    'decryption'

Importing this package loads only the provider registry; a provider's tables are loaded on
first use (thread-safe). Standard library only.
"""

from __future__ import annotations

from ._api import Finding, classify, find, lookup, raise_for_response, redact, scan_webhook
from ._body import MAX_BODY_BYTES
from ._entry import CatalogEnum, Delay, Entry, RetryAdvice, Source, Surface, parse_retry_after
from ._registry import CATALOG_VERSION, CATEGORIES, PROVIDERS, CategoryInfo, Provider, ProviderInfo
from .exceptions import *  # noqa: F403  (one exception class per category, generated)
from .exceptions import (
    EXCEPTION_BY_CATEGORY,
    CatalogError,
    ProviderError,
    UnknownErrorKey,
    UnknownProviderError,
)

__version__ = "0.1.0"

__all__ = [
    "CATALOG_VERSION",
    "CATEGORIES",
    "CategoryInfo",
    "Delay",
    "ProviderInfo",
    "EXCEPTION_BY_CATEGORY",
    "MAX_BODY_BYTES",
    "PROVIDERS",
    "CatalogEnum",
    "CatalogError",
    "Entry",
    "Finding",
    "Provider",
    "ProviderError",
    "RetryAdvice",
    "Source",
    "Surface",
    "UnknownErrorKey",
    "UnknownProviderError",
    "classify",
    "find",
    "lookup",
    "parse_retry_after",
    "raise_for_response",
    "redact",
    "scan_webhook",
]
