# Generated from catalog/360dialog.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""Dialog360Error: one member per entry of 360dialog, in the manner of http.HTTPStatus.

A member's value is its entry id; `.entry` (and `.title`, `.category`, `.retry`, `.next_action`...)
reads the entry from the catalog data at first use. Short names (a marker, CODE_<n>, HTTP_<n>,
SIP_<n>) are aliases of the same members.
"""

from __future__ import annotations

from wa_errors._entry import CatalogEnum


class Dialog360Error(CatalogEnum):
    """Entries of 360dialog; the value is the entry id."""

    API_DISABLED = 'api_disabled'  # WhatsApp API access switched off for this number
    ENDPOINT_RATE_LIMIT = 'endpoint_rate_limit'  # 360dialog endpoint rate limit exceeded
    LACK_OF_PAYMENT = 'lack_of_payment'  # Sending blocked for unpaid 360dialog invoices
    INVALID_API_KEY = 'invalid_api_key'  # D360-API-KEY missing or not valid
    ENDPOINT_BLOCKED = 'endpoint_blocked'  # Endpoint not enabled for this account
    INTERNAL_SERVER_ERROR = 'internal_server_error'  # 360dialog internal failure
    API_NOT_AVAILABLE = 'api_not_available'  # WhatsApp API behind 360dialog unreachable
    PARTNER_PERMISSION_DENIED = 'partner_permission_denied'  # Partner token lacks access to this Partner Hub
    SERVER_RESTARTING = 'server_restarting'  # 360dialog server restarting
    SERVICE_TEMPORARILY_UNAVAILABLE = 'service_temporarily_unavailable'  # 360dialog front end temporarily unavailable
    HTTP_555 = 'server_restarting'
    HTTP_503 = 'service_temporarily_unavailable'


Dialog360Error._provider_ = '360dialog'
