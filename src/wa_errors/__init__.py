"""The reference catalog of errors WhatsApp API providers return, for use from code.

    >>> import wa_errors
    >>> wa_errors.lookup("green-api", "{{SWE001}}").category
    'decryption'

`import wa_errors` loads nothing but this file: each name below is imported when first used
(PEP 562), and the catalog's data (one JSON file) is read at the first call that needs it,
thread-safely. Standard library only.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._api import Finding, classify, find, lookup, raise_for_response, redact, scan_webhook
    from ._body import MAX_BODY_BYTES
    from ._entry import (
        CatalogEnum,
        CategoryInfo,
        Delay,
        Entry,
        RetryAdvice,
        Source,
        Surface,
        parse_retry_after,
    )
    from ._hints import ServerHints, server_hints
    from ._overlay import OverlayError, OverlayReport, load_overlay
    from ._registry import CATALOG_VERSION, PROVIDERS, Provider, ProviderInfo
    from .exceptions import *  # noqa: F403
    from .exceptions import EXCEPTION_BY_CATEGORY, CatalogError, ProviderError, UnknownErrorKey, UnknownProviderError
    from .lifecycle import (
        DuplicateSafety,
        Lifecycle,
        MessageState,
        NoLifecycleError,
        accepted_but_failed,
        advance,
        duplicate_safety,
        fold,
    )
    from .lifecycle import lifecycle as message_lifecycle
    from .problem import problem_json, to_problem

    CATEGORIES: dict[str, CategoryInfo]

_HOME = {
    "._api": ("Finding", "classify", "find", "lookup", "raise_for_response", "redact", "scan_webhook"),
    "._body": ("MAX_BODY_BYTES",),
    "._entry": ("CatalogEnum", "CategoryInfo", "Delay", "Entry", "RetryAdvice", "Source", "Surface",
                "parse_retry_after"),
    "._registry": ("CATALOG_VERSION", "PROVIDERS", "Provider", "ProviderInfo"),
    ".exceptions": ("EXCEPTION_BY_CATEGORY", "CatalogError", "ProviderError", "UnknownErrorKey",
                    "UnknownProviderError"),
    ".lifecycle": ("DuplicateSafety", "Lifecycle", "MessageState", "NoLifecycleError", "accepted_but_failed",
                   "advance", "duplicate_safety", "fold"),
    ".problem": ("problem_json", "to_problem"),
    "._hints": ("ServerHints", "server_hints"),
    "._overlay": ("OverlayError", "OverlayReport", "load_overlay"),
}
_WHERE = {name: module for module, names in _HOME.items() for name in names}
_RENAMED = {"message_lifecycle": (".lifecycle", "lifecycle")}
"""Public names that differ from their module's (wa_errors.lifecycle is the submodule)."""


def __getattr__(name: str) -> object:
    """Import a public name's module on first use, so `import wa_errors` stays as cheap as
    `import http`; the exception classes (one per category) come from `.exceptions`."""
    import importlib

    if name.startswith("_"):  # submodules and dunders: the import system asks while loading them
        raise AttributeError(f"module 'wa_errors' has no attribute {name!r}")
    if name == "CATEGORIES":
        from ._catalog import categories

        value: object = categories()
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name], __name__), name)
    elif name in _RENAMED:
        module, attr = _RENAMED[name]
        value = getattr(importlib.import_module(module, __name__), attr)
    else:
        exceptions = importlib.import_module(".exceptions", __name__)
        value = getattr(exceptions, name, None)
        if not (isinstance(value, type) and issubclass(value, exceptions.CatalogError)):
            raise AttributeError(f"module 'wa_errors' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CATALOG_VERSION",
    "CATEGORIES",
    "EXCEPTION_BY_CATEGORY",
    "MAX_BODY_BYTES",
    "PROVIDERS",
    "CatalogEnum",
    "CatalogError",
    "CategoryInfo",
    "Delay",
    "DuplicateSafety",
    "Entry",
    "Finding",
    "Lifecycle",
    "MessageState",
    "NoLifecycleError",
    "OverlayError",
    "OverlayReport",
    "Provider",
    "ProviderError",
    "ProviderInfo",
    "RetryAdvice",
    "ServerHints",
    "Source",
    "Surface",
    "UnknownErrorKey",
    "UnknownProviderError",
    "accepted_but_failed",
    "advance",
    "classify",
    "duplicate_safety",
    "find",
    "fold",
    "load_overlay",
    "lookup",
    "message_lifecycle",
    "parse_retry_after",
    "problem_json",
    "raise_for_response",
    "redact",
    "scan_webhook",
    "server_hints",
    "to_problem",
]
