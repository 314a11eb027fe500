# Generated from catalog/2chat.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""TwoChatError: one member per entry of 2chat, in the manner of http.HTTPStatus.

A member's value is its entry id; `.entry` (and `.title`, `.category`, `.retry`, `.next_action`...)
reads the entry from the catalog data at first use. Short names (a marker, CODE_<n>, HTTP_<n>,
SIP_<n>) are aliases of the same members.
"""

from __future__ import annotations

from wa_errors._entry import CatalogEnum


class TwoChatError(CatalogEnum):
    """Entries of 2chat; the value is the entry id."""

    OK = 'ok'  # Request succeeded
    CREATED = 'created'  # Resource created
    ACCEPTED = 'accepted'  # Request accepted for background processing
    BAD_REQUEST = 'bad_request'  # Request body has the wrong structure
    UNAUTHORIZED = 'unauthorized'  # API key missing or not valid
    PAYMENT_REQUIRED = 'payment_required'  # Trial ended or API credits used up
    FORBIDDEN = 'forbidden'  # Operation not allowed
    NOT_FOUND = 'not_found'  # Referenced object not found
    NOT_ACCEPTABLE = 'not_acceptable'  # Operation not supported by this resource
    NUMBER_BOOTING = 'number_booting'  # Number is starting up after a restart
    NUMBER_CONNECTING = 'number_connecting'  # Number is connecting or disconnecting
    UNPROCESSABLE = 'unprocessable'  # Invalid request, often a badly formatted phone number
    TOO_MANY_REQUESTS = 'too_many_requests'  # Request rate limit exceeded
    NUMBER_BUSY = 'number_busy'  # Number is busy with an earlier request
    SERVICE_UNAVAILABLE = 'service_unavailable'  # A 2Chat service is temporarily down
    GATEWAY_TIMEOUT = 'gateway_timeout'  # 2Chat API may be down
    NUMBER_READY = 'number_ready'  # Number connected and ready
    NUMBER_LOADING = 'number_loading'  # Number session loading
    NUMBER_INITIALIZING = 'number_initializing'  # Number session initialising
    NUMBER_QR_RECEIVED = 'number_qr_received'  # Waiting for a QR code scan
    NUMBER_DISCONNECTED = 'number_disconnected'  # Number disconnected from WhatsApp
    CONNECTION_CONNECTED = 'connection_connected'  # Number connected
    CONNECTION_DISCONNECTED = 'connection_disconnected'  # Number disconnected
    CONNECTION_FAILURE = 'connection_failure'  # Number in a failure state
    RECEIPT_SENT = 'receipt_sent'  # Outgoing message on its way
    RECEIPT_RECEIVED = 'receipt_received'  # Outgoing message delivered
    RECEIPT_READ = 'receipt_read'  # Outgoing message read
    WABA_RECEIPT_SENT = 'waba_receipt_sent'  # WABA message handed to WhatsApp
    WABA_RECEIPT_RECEIVED = 'waba_receipt_received'  # WABA message delivered
    HTTP_200 = 'ok'
    HTTP_201 = 'created'
    HTTP_202 = 'accepted'
    HTTP_400 = 'bad_request'
    HTTP_401 = 'unauthorized'
    HTTP_402 = 'payment_required'
    HTTP_403 = 'forbidden'
    HTTP_404 = 'not_found'
    HTTP_406 = 'not_acceptable'
    HTTP_409 = 'number_booting'
    HTTP_410 = 'number_connecting'
    HTTP_422 = 'unprocessable'
    HTTP_429 = 'too_many_requests'
    HTTP_486 = 'number_busy'
    HTTP_503 = 'service_unavailable'
    HTTP_504 = 'gateway_timeout'


TwoChatError._provider_ = '2chat'
