# Generated from catalog/categories.yaml, catalog/2chat.yaml, catalog/360dialog.yaml, catalog/green-api.yaml, catalog/meta-cloud-api.yaml, catalog/twilio.yaml by `make regen` (python -m generators regen). Do not edit.
"""Which providers exist, where their tables live, and the category vocabulary.

Small on purpose: importing wa_errors loads only this; a provider's tables load on first use.
"""

from __future__ import annotations

import enum
from typing import Final


class Provider(str, enum.Enum):
    """Provider ids; every wa_errors function accepts these, the id strings or common spellings."""

    TWO_CHAT = '2chat'
    DIALOG360 = '360dialog'
    GREEN_API = 'green-api'
    META_CLOUD_API = 'meta-cloud-api'
    TWILIO = 'twilio'


PROVIDERS: Final[dict[str, tuple[str, str, str, str | None]]] = {
    '2chat': ('2Chat', 'two_chat', 'TwoChatError', None),
    '360dialog': ('360dialog', 'dialog360', 'Dialog360Error', 'meta-cloud-api'),
    'green-api': ('GREEN-API', 'green_api', 'GreenApiError', None),
    'meta-cloud-api': ('Meta WhatsApp Cloud API', 'meta_cloud_api', 'MetaCloudApiError', None),
    'twilio': ('Twilio (WhatsApp)', 'twilio', 'TwilioError', None),
}
"""id -> (display name, module under wa_errors.providers, enum class, provider whose errors it passes through)."""

CATEGORIES: Final[dict[str, tuple[str, str | None, tuple[str, ...], tuple[str, ...]]]] = {
    'ok': ('The call succeeded or the message progressed normally; nothing to do.', None, ('not_needed', ), ('2xx', )),
    'accepted': ('The request was accepted for later processing; its outcome arrives later by webhook or polling.', None, ('not_needed', ), ()),
    'auth': ('The credentials (token, API key, instance id) are missing, wrong or expired.', 'AuthError', ('never', 'after_fix', ), ('401', )),
    'permission': ('The credentials are valid but lack a permission, or the endpoint is not enabled for the account.', 'PermissionDenied', ('never', 'after_fix', ), ('403', )),
    'instance_not_ready': ('The instance or number is starting, restarting, connecting or busy; it should recover by itself shortly.', 'InstanceNotReady', ('backoff', 'after_wait', 'after_fix', ), ()),
    'instance_unlinked': ('No WhatsApp account is linked to the instance or number (logged out, QR not scanned); a person must re-link it.', 'InstanceUnlinked', ('after_fix', 'never', ), ()),
    'account_state': ('The account, instance or number is expired, deleted, suspended, banned, unpaid or otherwise not allowed to send.', 'AccountStateError', ('never', 'after_fix', 'after_wait', ), ()),
    'quota': ('A plan or billing quota (monthly chats, method calls, credits) is used up; it resets with time or money, not with retries.', 'QuotaExceeded', ('after_fix', 'after_wait', 'never', ), ()),
    'rate_limited': ('Too many requests or messages in a short time; the same request succeeds later at a lower rate.', 'RateLimited', ('backoff', 'after_wait', ), ('429', )),
    'invalid_request': ('The request itself is malformed or has a wrong, missing or out-of-range parameter; fix it before sending again.', 'InvalidRequest', ('never', 'after_fix', ), ('4xx', )),
    'not_found': ('The thing named in the request (chat, message, template, number, path) does not exist.', 'NotFound', ('never', 'after_fix', ), ('404', )),
    'unsupported': ('The operation or message type is not supported for this resource or account type.', 'Unsupported', ('never', 'after_fix', ), ()),
    'recipient': ('The recipient cannot receive this message (no WhatsApp account, not in the group, blocked us, opted out, outside the service window).', 'RecipientError', ('never', 'after_fix', 'after_wait', ), ()),
    'policy': ('WhatsApp or the provider refused the message or account for a policy, spam or integrity reason.', 'PolicyViolation', ('never', 'after_fix', 'after_wait', ), ()),
    'template': ('A message template or Flow is missing, paused, disabled or does not match the parameters sent.', 'TemplateError', ('never', 'after_fix', ), ()),
    'media': ('A media file could not be uploaded, downloaded or accepted (size, type, reachability).', 'MediaError', ('never', 'after_fix', 'backoff', ), ()),
    'decryption': ('An incoming message could not be decrypted or fetched on the linked device; its content is missing.', 'DecryptionError', ('never', 'after_fix', ), ()),
    'provider_unavailable': ('The provider or WhatsApp is down, overloaded or in maintenance; the same request may succeed later.', 'ProviderUnavailable', ('backoff', 'after_wait', ), ('5xx', )),
    'client_timeout': ('The client gave up before the answer came; the request may already have taken effect.', 'ClientTimeout', ('backoff', ), ()),
    'unknown': ('The provider itself does not say what went wrong; treat as a failure and look at the details.', 'UnknownProviderFailure', ('backoff', 'never', 'after_fix', ), ()),
}
"""category -> (description, exception class name, allowed retry policies, statuses it is the fallback for)."""

EXCEPTION_NAMES: Final[tuple[str, ...]] = ('AccountStateError', 'AuthError', 'ClientTimeout', 'DecryptionError', 'InstanceNotReady', 'InstanceUnlinked', 'InvalidRequest', 'MediaError', 'NotFound', 'PermissionDenied', 'PolicyViolation', 'ProviderUnavailable', 'QuotaExceeded', 'RateLimited', 'RecipientError', 'TemplateError', 'UnknownProviderFailure', 'Unsupported', )

REDACT: Final[tuple[tuple[str, str], ...]] = (('(?:\\\\*/|%2[Ff])waInstance\\d+(?:\\\\*/|%2[Ff])[A-Za-z]+(?:\\\\*/|%2[Ff])([A-Za-z0-9]+)', 'green-api', ), )
"""(regex whose group 1 is a secret, provider id): echoed credentials replaced before anything is shown."""
