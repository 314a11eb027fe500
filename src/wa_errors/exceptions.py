# Generated from catalog/categories.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""Exceptions, in the manner of psycopg's `errors`: one class per category, grouped by class of error.

ProviderError > TransientError / ClientError / AccountError / DeliveryError > one class per category
(RateLimited is a TransientError: `except wa_errors.TransientError` catches everything worth a retry).

CatalogError is the package's base. Lookups of unknown providers or keys raise UnknownProviderError
or UnknownErrorKey (both also LookupError). raise_for_response raises the ProviderError subclass
named by the answer's category, carrying `.entry`, `.status` and `.raw_body` (credentials redacted).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from wa_errors._entry import Delay, Entry
    from wa_errors._hints import ServerHints


class CatalogError(Exception):
    """Base of every exception this package raises."""


class UnknownProviderError(CatalogError, LookupError):
    """The provider id is not one the catalog knows; the message lists the closest ids."""


class UnknownErrorKey(CatalogError, LookupError):
    """The key (status, Error ID, marker, code, id) is not documented for the provider."""


class ProviderError(CatalogError):
    """An error answer from a provider, classified against the catalog."""

    category: ClassVar[str | None] = None

    def __init__(self, message: str, entry: Entry, status: int | None = None,
                 raw_body: str | None = None, headers: Mapping[str, str] | None = None,
                 method: str | None = None) -> None:
        super().__init__(message)
        self.entry: Entry = entry
        """The catalog entry the answer was classified as (a documented=False fallback when unknown)."""
        self.status = status
        self.raw_body = raw_body
        """The body as text, credentials redacted."""
        self.headers: dict[str, str] = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        """The response headers, names lower-cased (retry-after, x-business-use-case-usage...)."""
        self.method = method.upper() if isinstance(method, str) else None
        """The request's HTTP method when known (read from response.request, or passed): a retry
        helper needs it to tell a resend of a POST send from a harmless repeated GET."""

    @property
    def retry_after(self) -> str | None:
        """The server's Retry-After header, as sent, or None."""
        return self.headers.get("retry-after")

    @property
    def hints(self) -> ServerHints:
        """What the server said about retrying this answer (Retry-After, leftTime, usage header,
        is_transient), read by the provider's rules; computed once."""
        found: ServerHints | None = self.__dict__.get("_hints")
        if found is None:
            from wa_errors._hints import server_hints

            found = server_hints(self.entry.provider, self.headers, self.raw_body)
            self.__dict__["_hints"] = found
        return found

    def delay(self, attempt: int, *, cap: float | None = None) -> Delay | None:
        """The wait before retry `attempt` (1 = first) and which source decided it (a server hint
        or the catalog); None to stop."""
        return self.entry.retry.delay(attempt, cap=cap, hints=self.hints)

    def next_delay(self, attempt: int) -> float | None:
        """Seconds before retry `attempt` (1 = first), the server's hints included; None to stop."""
        found = self.delay(attempt)
        return None if found is None else found.seconds

    @property
    def next_action(self) -> str:
        """What to do next (the entry's next_action: send_template, relink_instance, reduce_rate...)."""
        return self.entry.next_action

    @property
    def scope(self) -> str:
        """What the error blocks (the entry's scope: request, recipient, sender, instance...)."""
        return self.entry.scope

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.entry, self.status, self.raw_body, self.headers, self.method))


class TransientError(ProviderError):
    __doc__ = 'Goes away by itself; the same request succeeds later, after a wait or at a lower rate.'

class ClientError(ProviderError):
    __doc__ = 'The request or the credentials are wrong; the developer has to change something before sending again.'

class AccountError(ProviderError):
    __doc__ = 'The account, instance or number cannot send right now; the operator has to act (re-link, pay, appeal, wait out a block).'

class DeliveryError(ProviderError):
    __doc__ = 'The request was fine but this message or this contact cannot be served (recipient, media, decryption).'

class AuthError(ClientError):
    __doc__ = 'The credentials (token, API key, instance id) are missing, wrong or expired.'
    category = 'auth'

class PermissionDenied(ClientError):
    __doc__ = 'The credentials are valid but lack a permission, or the endpoint is not enabled for the account.'
    category = 'permission'

class InstanceNotReady(TransientError):
    __doc__ = 'The instance or number is starting, restarting, connecting or busy; it should recover by itself shortly.'
    category = 'instance_not_ready'

class InstanceUnlinked(AccountError):
    __doc__ = 'No WhatsApp account is linked to the instance or number (logged out, QR not scanned); a person must re-link it.'
    category = 'instance_unlinked'

class AccountStateError(AccountError):
    __doc__ = 'The account, instance or number is expired, deleted, suspended, banned, unpaid or otherwise not allowed to send.'
    category = 'account_state'

class QuotaExceeded(AccountError):
    __doc__ = 'A plan or billing quota (monthly chats, method calls, credits) is used up; it resets with time or money, not with retries.'
    category = 'quota'

class RateLimited(TransientError):
    __doc__ = 'Too many requests or messages in a short time; the same request succeeds later at a lower rate.'
    category = 'rate_limited'

class InvalidRequest(ClientError):
    __doc__ = 'The request itself is malformed or has a wrong, missing or out-of-range parameter; fix it before sending again.'
    category = 'invalid_request'

class NotFound(ClientError):
    __doc__ = 'The thing named in the request (chat, message, template, number, path) does not exist.'
    category = 'not_found'

class Unsupported(ClientError):
    __doc__ = 'The operation or message type is not supported for this resource or account type.'
    category = 'unsupported'

class RecipientError(DeliveryError):
    __doc__ = 'The recipient cannot receive this message (no WhatsApp account, not in the group, blocked us, opted out, outside the service window).'
    category = 'recipient'

class PolicyViolation(AccountError):
    __doc__ = 'WhatsApp or the provider refused the message or account for a policy, spam or integrity reason.'
    category = 'policy'

class TemplateError(ClientError):
    __doc__ = 'A message template or Flow is missing, paused, disabled or does not match the parameters sent.'
    category = 'template'

class MediaError(DeliveryError):
    __doc__ = 'A media file could not be uploaded, downloaded or accepted (size, type, reachability).'
    category = 'media'

class DecryptionError(DeliveryError):
    __doc__ = 'An incoming message could not be decrypted or fetched on the linked device; its content is missing.'
    category = 'decryption'

class ProviderUnavailable(TransientError):
    __doc__ = 'The provider or WhatsApp is down, overloaded or in maintenance; the same request may succeed later.'
    category = 'provider_unavailable'

class ClientTimeout(TransientError):
    __doc__ = 'The client gave up before the answer came; the request may already have taken effect.'
    category = 'client_timeout'

class UnknownProviderFailure(ProviderError):
    __doc__ = 'The provider itself does not say what went wrong; treat as a failure and look at the details.'
    category = 'unknown'


EXCEPTION_BY_CATEGORY: dict[str, type[ProviderError]] = {
    'auth': AuthError,
    'permission': PermissionDenied,
    'instance_not_ready': InstanceNotReady,
    'instance_unlinked': InstanceUnlinked,
    'account_state': AccountStateError,
    'quota': QuotaExceeded,
    'rate_limited': RateLimited,
    'invalid_request': InvalidRequest,
    'not_found': NotFound,
    'unsupported': Unsupported,
    'recipient': RecipientError,
    'policy': PolicyViolation,
    'template': TemplateError,
    'media': MediaError,
    'decryption': DecryptionError,
    'provider_unavailable': ProviderUnavailable,
    'client_timeout': ClientTimeout,
    'unknown': UnknownProviderFailure,
}
