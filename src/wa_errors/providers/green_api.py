# Generated from catalog/green-api.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""GreenApiError: one member per entry of green-api, in the manner of http.HTTPStatus.

A member's value is its entry id; `.entry` (and `.title`, `.category`, `.retry`, `.next_action`...)
reads the entry from the catalog data at first use. Short names (a marker, CODE_<n>, HTTP_<n>,
SIP_<n>) are aliases of the same members.
"""

from __future__ import annotations

from wa_errors._entry import CatalogEnum


class GreenApiError(CatalogEnum):
    """Entries of green-api; the value is the entry id."""

    OK = 'ok'  # Request accepted and answered
    OPTIONS_NO_CONTENT = 'options_no_content'  # Empty answer to an OPTIONS request
    BAD_REQUEST = 'bad_request'  # Request rejected (400)
    INSTANCE_STARTING = 'instance_starting'  # Instance is booting
    INSTANCE_NOT_AUTHORIZED = 'instance_not_authorized'  # No WhatsApp account linked to the instance
    INSTANCE_STARTING_OR_NOT_AUTHORIZED = 'instance_starting_or_not_authorized'  # Instance is starting or not linked (ambiguous)
    INSTANCE_EXPIRED = 'instance_expired'  # Paid period of the instance has ended
    BAD_REQUEST_DATA = 'bad_request_data'  # Request parameters are invalid
    INSTANCE_DELETED = 'instance_deleted'  # Instance no longer exists
    VALIDATION_FAILED = 'validation_failed'  # Request failed schema validation
    JSON_SYNTAX_ERROR = 'json_syntax_error'  # Request body is not valid JSON
    CHAT_LIMIT_EXHAUSTED_LEGACY = 'chat_limit_exhausted_legacy'  # Plan chat limit used up (old wording)
    UNAUTHORIZED = 'unauthorized'  # Wrong API token
    UNAUTHORIZED_IN_200_BODY = 'unauthorized_in_200_body'  # Wrong API token reported inside a 200 answer
    FORBIDDEN = 'forbidden'  # Wrong instance id or host
    METHOD_NOT_FOUND = 'method_not_found'  # Wrong HTTP verb or method path
    TOO_MANY_REQUESTS = 'too_many_requests'  # Per-method request rate exceeded
    QUOTA_EXCEEDED = 'quota_exceeded'  # Developer-plan monthly quota used up
    CLIENT_CLOSED_REQUEST = 'client_closed_request'  # Client hung up before the answer
    INTERNAL_SERVER_ERROR = 'internal_server_error'  # Server-side failure (500)
    FILE_TOO_LARGE = 'file_too_large'  # File at urlFile is over 100 MB
    BAD_GATEWAY = 'bad_gateway'  # Gateway got no answer from the backend
    VALIDATION_CHAT_ID_FORMAT = 'validation_chat_id_format'  # chatId has the wrong format
    VALIDATION_MESSAGE_TOO_LONG = 'validation_message_too_long'  # Text longer than the field's limit
    VALIDATION_MESSAGE_ID_TOO_SHORT = 'validation_message_id_too_short'  # Message id is too short
    VALIDATION_FIELD_NOT_ALLOWED = 'validation_field_not_allowed'  # Unknown field in the request body
    VALIDATION_FIELD_REQUIRED = 'validation_field_required'  # Required field missing
    VALIDATION_FIELD_EMPTY = 'validation_field_empty'  # Required field is empty
    VALIDATION_FIELD_WRONG_TYPE = 'validation_field_wrong_type'  # Field has the wrong JSON type
    CHAT_QUOTA_EXHAUSTED = 'chat_quota_exhausted'  # Monthly chat limit of the Developer plan reached
    METHOD_QUOTA_EXHAUSTED = 'method_quota_exhausted'  # Monthly call limit of one method reached
    METHOD_QUOTA_ALLOWED = 'method_quota_allowed'  # Method quota still available
    CHAT_QUOTA_EXHAUSTED_WEBHOOK = 'chat_quota_exhausted_webhook'  # Monthly chat limit reached (webhook)
    QUOTA_EXCEEDED_WEBHOOK = 'quota_exceeded_webhook'  # Plan limit notification
    INCOMING_BLOCK_WEBHOOK = 'incoming_block_webhook'  # A contact blocked the number
    MONTHLY_QUOTA_DESCRIPTION = 'monthly_quota_description'  # Human-readable quota text
    SWE001_FIRST_MESSAGE_NOT_DECRYPTED = 'swe001_first_message_not_decrypted'  # Incoming message arrived empty on the linked device
    SWE002_LARGE_FILE_NOT_DOWNLOADED = 'swe002_large_file_not_downloaded'  # Incoming file over 100 MB could not be fetched
    SWE003_AUTH_KEYS_STALE = 'swe003_auth_keys_stale'  # Messages cannot be decrypted, session keys are stale
    SWE004_GROUP_TOO_LARGE_LEGACY = 'swe004_group_too_large_legacy'  # Group too large (old marker form)
    SWE004_GROUP_TOO_LARGE = 'swe004_group_too_large'  # Send to an oversized group failed
    SWE999_MISSING_KEYS_UNVERIFIED = 'swe999_missing_keys_unverified'  # Incoming message without keys (unverified)
    MESSAGE_SENT = 'message_sent'  # Message sent
    MESSAGE_DELIVERED = 'message_delivered'  # Message delivered
    MESSAGE_READ = 'message_read'  # Message read
    MESSAGE_PENDING = 'message_pending'  # Message still being sent
    MESSAGE_FAILED = 'message_failed'  # Message could not be sent
    RECIPIENT_NO_ACCOUNT = 'recipient_no_account'  # Recipient has no WhatsApp account
    SENDER_NOT_IN_GROUP = 'sender_not_in_group'  # Instance is not a member of the group
    MESSAGE_YELLOW_CARD = 'message_yellow_card'  # Message blocked as suspected spam
    STATE_AUTHORIZED = 'state_authorized'  # Instance linked and working
    STATE_NOT_AUTHORIZED = 'state_not_authorized'  # Instance not linked to WhatsApp
    STATE_BLOCKED = 'state_blocked'  # WhatsApp banned the number
    STATE_SLEEP_MODE = 'state_sleep_mode'  # Phone switched off (old state)
    STATE_STARTING = 'state_starting'  # Instance is starting or in maintenance
    STATE_YELLOW_CARD = 'state_yellow_card'  # Sending suspended for suspected spam
    STATE_SUSPENDED = 'state_suspended'  # Account temporarily suspended
    SOCKET_ONLINE = 'socket_online'  # Instance socket connected
    SOCKET_OFFLINE = 'socket_offline'  # Instance socket disconnected
    CHECK_WHATSAPP_BAD_PHONE_NUMBER = 'check_whatsapp_bad_phone_number'  # Phone number has the wrong length
    CHECK_WHATSAPP_TIMEOUT = 'check_whatsapp_timeout'  # Number check timed out
    CHAT_ID_NOT_FOUND = 'chat_id_not_found'  # Chat unknown to the instance
    MESSAGE_ID_NOTFOUND = 'message_id_notfound'  # No message with that id
    MESSAGE_BY_ID_NOT_FOUND = 'message_by_id_not_found'  # Message to delete not found
    INTERFACE_CONVERSION_WRONG_TYPE = 'interface_conversion_wrong_type'  # Field of the wrong type crashed the handler
    ARCHIVE_CHAT_NO_LAST_MESSAGE = 'archive_chat_no_last_message'  # Chat cannot be (un)archived
    RECEIPT_ID_NOT_NUMBER = 'receipt_id_not_number'  # receiptId missing or not numeric
    ID_INSTANCE_NOT_INTEGER = 'id_instance_not_integer'  # idInstance in the URL is not a number
    API_TOKEN_NOT_DEFINED = 'api_token_not_defined'  # API token missing from the URL
    CLEAR_WEBHOOKS_QUEUE_TOO_OFTEN = 'clear_webhooks_queue_too_often'  # Webhook queue cleared too recently
    GET_AVATAR_TIMEOUT = 'get_avatar_timeout'  # Avatar lookup timed out
    RECEIVE_BLOCKED_BY_WEBHOOK_URL = 'receive_blocked_by_webhook_url'  # HTTP polling refused while a webhook URL is set
    ACCOUNT_SUSPENDED = 'account_suspended'  # Account suspended (403 text)
    CONTACT_INFO_LOOKUP_LIMIT = 'contact_info_lookup_limit'  # Number-lookup limit reached
    NOTIFICATION_ALREADY_DELETED = 'notification_already_deleted'  # Notification to delete no longer exists
    REQUEST_ENTITY_TOO_LARGE = 'request_entity_too_large'  # Request body too large
    JSON_TYPE_MISMATCH = 'json_type_mismatch'  # Field type does not match (decoder message)
    HTTP_200 = 'ok'
    HTTP_204 = 'options_no_content'
    HTTP_400 = 'bad_request'
    HTTP_401 = 'unauthorized'
    CODE_401 = 'unauthorized_in_200_body'
    HTTP_403 = 'forbidden'
    HTTP_404 = 'method_not_found'
    HTTP_429 = 'too_many_requests'
    HTTP_466 = 'quota_exceeded'
    HTTP_499 = 'client_closed_request'
    HTTP_500 = 'internal_server_error'
    HTTP_502 = 'bad_gateway'
    SWE001 = 'swe001_first_message_not_decrypted'
    SWE002 = 'swe002_large_file_not_downloaded'
    SWE003 = 'swe003_auth_keys_stale'
    SWE004 = 'swe004_group_too_large_legacy'
    SWE999 = 'swe999_missing_keys_unverified'


GreenApiError._provider_ = 'green-api'
