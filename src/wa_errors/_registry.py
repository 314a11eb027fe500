# Generated from catalog/categories.yaml, catalog/2chat.yaml, catalog/360dialog.yaml, catalog/green-api.yaml, catalog/meta-cloud-api.yaml, catalog/twilio.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""Which providers exist, where their tables live, and the category vocabulary.

Small on purpose: importing wa_errors loads only this; a provider's tables load on first use.
"""

from __future__ import annotations

import enum
from typing import Final, NamedTuple


class ProviderInfo(NamedTuple):
    """What the registry knows of one provider without loading its tables."""

    name: str
    module: str
    """Module under wa_errors.providers holding its enum and tables."""
    enum: str
    """Name of its generated enum class."""
    passes_through: str | None
    """Provider whose errors it forwards unchanged (360dialog -> meta-cloud-api), or None."""


class CategoryInfo(NamedTuple):
    """One category of catalog/categories.yaml, as the runtime needs it."""

    description: str
    exception: str | None
    """Exception class raise_for_response raises; None for the success group (nothing is an error)."""
    retry_policies: tuple[str, ...]
    """Policies an entry may carry; the first is the advice for undocumented answers."""
    fallback_for: tuple[str, ...]
    """Status classes ("4xx") or exact statuses ("429") whose undocumented answers get this category."""
    group: str


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

CATEGORIES: Final[dict[str, CategoryInfo]] = {
    'ok': CategoryInfo('The call succeeded or the message progressed normally; nothing to do.', None, ('not_needed', ), ('2xx', ), 'success'),
    'unexpected_status': CategoryInfo('An informational or redirect answer (1xx, 3xx) the provider does not document; it carries no error, so nothing is raised and nothing is retried. Check the URL (a proxy or a wrong base URL redirects).', None, ('never', ), ('1xx', '3xx', ), 'success'),
    'accepted': CategoryInfo('The request was accepted for later processing; its outcome arrives later by webhook or polling.', None, ('not_needed', ), (), 'success'),
    'auth': CategoryInfo('The credentials (token, API key, instance id) are missing, wrong or expired.', 'AuthError', ('never', 'after_fix', ), ('401', ), 'client'),
    'permission': CategoryInfo('The credentials are valid but lack a permission, or the endpoint is not enabled for the account.', 'PermissionDenied', ('never', 'after_fix', ), ('403', ), 'client'),
    'instance_not_ready': CategoryInfo('The instance or number is starting, restarting, connecting or busy; it should recover by itself shortly.', 'InstanceNotReady', ('backoff', 'after_wait', 'after_fix', ), (), 'transient'),
    'instance_unlinked': CategoryInfo('No WhatsApp account is linked to the instance or number (logged out, QR not scanned); a person must re-link it.', 'InstanceUnlinked', ('after_fix', 'never', ), (), 'account'),
    'account_state': CategoryInfo('The account, instance or number is expired, deleted, suspended, banned, unpaid or otherwise not allowed to send.', 'AccountStateError', ('never', 'after_fix', 'after_wait', ), (), 'account'),
    'quota': CategoryInfo('A plan or billing quota (monthly chats, method calls, credits) is used up; it resets with time or money, not with retries.', 'QuotaExceeded', ('after_fix', 'after_wait', 'never', ), (), 'account'),
    'rate_limited': CategoryInfo('Too many requests or messages in a short time; the same request succeeds later at a lower rate.', 'RateLimited', ('backoff', 'after_wait', ), ('429', ), 'transient'),
    'invalid_request': CategoryInfo('The request itself is malformed or has a wrong, missing or out-of-range parameter; fix it before sending again.', 'InvalidRequest', ('never', 'after_fix', ), ('4xx', ), 'client'),
    'not_found': CategoryInfo('The thing named in the request (chat, message, template, number, path) does not exist.', 'NotFound', ('never', 'after_fix', ), ('404', ), 'client'),
    'unsupported': CategoryInfo('The operation or message type is not supported for this resource or account type.', 'Unsupported', ('never', 'after_fix', ), (), 'client'),
    'recipient': CategoryInfo('The recipient cannot receive this message (no WhatsApp account, not in the group, blocked us, opted out, outside the service window).', 'RecipientError', ('never', 'after_fix', 'after_wait', ), (), 'delivery'),
    'policy': CategoryInfo('WhatsApp or the provider refused the message or account for a policy, spam or integrity reason.', 'PolicyViolation', ('never', 'after_fix', 'after_wait', ), (), 'account'),
    'template': CategoryInfo('A message template or Flow is missing, paused, disabled or does not match the parameters sent.', 'TemplateError', ('never', 'after_fix', ), (), 'client'),
    'media': CategoryInfo('A media file could not be uploaded, downloaded or accepted (size, type, reachability).', 'MediaError', ('never', 'after_fix', 'backoff', ), (), 'delivery'),
    'decryption': CategoryInfo('An incoming message could not be decrypted or fetched on the linked device; its content is missing.', 'DecryptionError', ('never', 'after_fix', ), (), 'delivery'),
    'provider_unavailable': CategoryInfo('The provider or WhatsApp is down, overloaded or in maintenance; the same request may succeed later.', 'ProviderUnavailable', ('backoff', 'after_wait', ), ('5xx', ), 'transient'),
    'client_timeout': CategoryInfo('The client gave up before the answer came; the request may already have taken effect.', 'ClientTimeout', ('backoff', ), (), 'transient'),
    'unknown': CategoryInfo('The provider itself does not say what went wrong; treat as a failure and look at the details.', 'UnknownProviderFailure', ('backoff', 'never', 'after_fix', ), (), 'unknown'),
}

CATALOG_VERSION: Final[str] = '2026.11.26'
"""Date-based version of the catalog data (catalog/categories.yaml `version`), bumped when data changes."""

EXCEPTION_NAMES: Final[tuple[str, ...]] = ('AccountStateError', 'AuthError', 'ClientTimeout', 'DecryptionError', 'InstanceNotReady', 'InstanceUnlinked', 'InvalidRequest', 'MediaError', 'NotFound', 'PermissionDenied', 'PolicyViolation', 'ProviderUnavailable', 'QuotaExceeded', 'RateLimited', 'RecipientError', 'TemplateError', 'UnknownProviderFailure', 'Unsupported', )

REDACT: Final[tuple[tuple[str, str], ...]] = (('(?:\\\\*/|%2[Ff])waInstance\\d+(?:\\\\*/|%2[Ff])[A-Za-z]+(?:\\\\*/|%2[Ff])([A-Za-z0-9]+)', 'green-api', ), )
"""(regex whose group 1 is a secret, provider id): echoed credentials replaced before anything is shown."""
