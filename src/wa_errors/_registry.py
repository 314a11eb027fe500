# Generated from catalog/categories.yaml, catalog/2chat.yaml, catalog/360dialog.yaml, catalog/green-api.yaml, catalog/meta-cloud-api.yaml, catalog/twilio.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""Which providers exist and where their enums live: the code-shaped part of the catalog.

The data itself (entries, categories, retry defaults) ships once, in catalog.json, and is read at
first use; this module stays small so that what imports it stays fast.
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


class ProviderInfo:
    """What the registry knows of one provider without reading the data."""

    __slots__ = ("name", "module", "enum", "passes_through")

    def __init__(self, name: str, module: str, enum: str, passes_through: str | None) -> None:
        self.name = name
        self.module = module
        """Module under wa_errors.providers holding its enum."""
        self.enum = enum
        """Name of its generated enum class."""
        self.passes_through = passes_through
        """Provider whose errors it forwards unchanged (360dialog -> meta-cloud-api), or None."""

    def __repr__(self) -> str:
        return f"ProviderInfo({self.name!r}, {self.module!r}, {self.enum!r}, {self.passes_through!r})"


class Provider(str, enum.Enum):
    """Provider ids; every wa_errors function accepts these, the id strings or common spellings."""

    TWO_CHAT = '2chat'
    DIALOG360 = '360dialog'
    GREEN_API = 'green-api'
    META_CLOUD_API = 'meta-cloud-api'
    TWILIO = 'twilio'


PROVIDERS: Final[dict[str, ProviderInfo]] = {
    '2chat': ProviderInfo('2Chat', 'two_chat', 'TwoChatError', None),
    '360dialog': ProviderInfo('360dialog', 'dialog360', 'Dialog360Error', 'meta-cloud-api'),
    'green-api': ProviderInfo('GREEN-API', 'green_api', 'GreenApiError', None),
    'meta-cloud-api': ProviderInfo('Meta WhatsApp Cloud API', 'meta_cloud_api', 'MetaCloudApiError', None),
    'twilio': ProviderInfo('Twilio (WhatsApp)', 'twilio', 'TwilioError', None),
}

CATALOG_VERSION: Final[str] = '2026.11.26'
"""Date-based version of the catalog data (catalog/categories.yaml `version`), bumped when data changes."""

EXCEPTION_NAMES: Final[tuple[str, ...]] = ('AccountStateError', 'AuthError', 'ClientTimeout', 'DecryptionError', 'InstanceNotReady', 'InstanceUnlinked', 'InvalidRequest', 'MediaError', 'NotFound', 'PermissionDenied', 'PolicyViolation', 'ProviderUnavailable', 'QuotaExceeded', 'RateLimited', 'RecipientError', 'TemplateError', 'UnknownProviderFailure', 'Unsupported', )
