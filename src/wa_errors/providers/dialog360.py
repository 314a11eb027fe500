# Generated from catalog/360dialog.yaml by `make regen` (python -m wa_errors_build regen). Do not edit.
"""Errors documented for provider 360dialog: the Dialog360Error enum and the lookup tables.

Each member of Dialog360Error is an entry id and carries its Entry (`.entry`, `.category`,
`.retry`, `.is_retryable`, `.docs_url`). The tables below are plain literals indexed by the runtime
(wa_errors.lookup / classify / scan_webhook); their keys are normalised once, here.
"""

from __future__ import annotations

from typing import Final

from wa_errors._entry import CatalogEnum, Entry, RetryAdvice, Source, Surface

PROVIDER: Final[str] = '360dialog'
NAME: Final[str] = '360dialog'
DOCS_URL: Final[str] = 'https://docs.360dialog.com/'
PASSES_THROUGH: Final[str | None] = 'meta-cloud-api'
ERROR_ID_FIELDS: Final[tuple[str, ...]] = ('meta.developer_message', 'meta.developerMessage', 'error.message', 'detail.error.message', 'error', '$text', )
CODE_FIELDS: Final[tuple[str, ...]] = ('error.code', 'detail.error.code', )
SUBCODE_FIELDS: Final[tuple[str, ...]] = ('error.error_subcode', 'detail.error.error_subcode', )
DETAILS_FIELDS: Final[tuple[str, ...]] = ('error.error_data.details', 'detail.error.error_data.details', )
TRACE_FIELDS: Final[tuple[str, ...]] = ('error.fbtrace_id', 'detail.error.fbtrace_id', )
ERROR_OBJECT_KEYS: Final[tuple[str, ...]] = ('message', 'type', 'error_data', 'fbtrace_id', 'title', 'error_subcode', 'href', )
CODE_IN_TEXT: Final[tuple[str, ...]] = ('\\(#(\\d+)\\)', '^#?(\\d+):', '\\bAPI error (\\d+)', '\\\\?"code\\\\?"\\s*:\\s*(\\d{1,7})\\b', '\\b[Ee]rror(?: [Cc]ode)?[ :=#(]{1,3}(\\d{3,7})\\b', '#(\\d{3,7})\\b', )
RELAY_CODE_KEYS: Final[tuple[str, ...]] = ('errorCode', 'error_code', 'failedCode', 'failed_code', 'whatsappErrorCode', 'reasonCode', )
WEBHOOK_TYPE_FIELD: Final[str | None] = None
ERROR_CONTAINERS: Final[tuple[str, ...]] = ('errors', )
WEBHOOK_CODE_FIELDS: Final[tuple[str, ...]] = ('code', )

ENTRIES: Final[tuple[Entry, ...]] = (
    Entry(
        provider='360dialog',
        id='api_disabled',
        kind='error_id',
        title='WhatsApp API access switched off for this number',
        cause='360dialog has disabled API access for the channel; older docs name cancellation and payment problems among the possible reasons.',
        remediation='Stop sending on this number and alert the account owner; if the number should be live, they must contact 360dialog support to have it re-enabled.',
        category='account_state',
        actor='operator',
        retry=RetryAdvice(policy='after_fix', max_attempts=None, delay_seconds=None, max_delay_seconds=None, respect_retry_after=False, may_have_taken_effect=False, documented=False, note='Nothing changes until 360dialog re-enables the channel.'),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Key spelling of the older doc revisions.'), ),
        http_status=400,
        literal='Your WhatsApp for Business API has been disabled',
        aliases=('Your WhatsApp for Business API has been disabled. If you believe this is a mistake, please contact our support team.', ),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), Source('https://docs.360dialog.com/partner/help-and-support/error-messages', '2026-11-25', 'provider_docs', 'Older page with the full sentence in meta.developerMessage and HTTP 400.'), Source('https://docs.360dialog.com/docs/useful/api-error-message-list', '2026-11-25', 'provider_docs', 'Table variant titles it "WhatsApp Business API has been disabled".'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes="The current table shows the sentence without its second half; the older example body shows the full sentence. The pattern covers both and the table variant's shorter wording.",
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='endpoint_rate_limit',
        kind='error_id',
        title='360dialog endpoint rate limit exceeded',
        cause="Too many calls reached one 360dialog endpoint in too short a time. This is 360dialog's own throttle, separate from Meta's throughput limits, and it answers with HTTP 400 rather than 429.",
        remediation='Throttle calls per endpoint client side and retry the rejected call with exponential backoff; make sure your retry logic keys on this message, not only on status 429. Contact 360dialog if the limit is too low for the traffic you need.',
        category='rate_limited',
        actor='developer',
        retry=RetryAdvice(policy='backoff', max_attempts=5, delay_seconds=1, max_delay_seconds=60, respect_retry_after=True, may_have_taken_effect=False, documented=True, note='360dialog recommends throttling or exponential backoff; the attempt count and delays are ours. The old message names the window ("1 request every N seconds"), which is a good first delay when present.'),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Key spelling of the older doc revisions.'), ),
        http_status=400,
        literal='You have exceeded the endpoint rate limit.',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), Source('https://docs.360dialog.com/partner/help-and-support/error-messages', '2026-11-25', 'provider_docs', 'Older "Usage Limit" body with the templated "limit of 1 request every * seconds" message, HTTP 400.'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes='The asterisk in the documented old message stands for the number of seconds. The old table variant calls this "Endpoint calls limits has been exceeded" (a description, not a returned message).',
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='lack_of_payment',
        kind='error_id',
        title='Sending blocked for unpaid 360dialog invoices',
        cause='The account has overdue invoices with 360dialog, so message sending is suspended until they are paid.',
        remediation='Stop sending and alert the account owner; they must settle the invoices through their integration partner or 360dialog billing support. Sending can resume after payment.',
        category='account_state',
        actor='operator',
        retry=RetryAdvice(policy='after_fix', max_attempts=None, delay_seconds=None, max_delay_seconds=None, respect_retry_after=False, may_have_taken_effect=False, documented=False, note='Resume once billing confirms the invoices are settled.'),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), ),
        http_status=400,
        literal='Could not send message due to lack of payment. Messaging can resume once overdue invoices towards 360Dialog are settled. Please reach out to our integration partner.',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', 'Brand written 360Dialog.'), Source('https://docs.360dialog.com/partner/support-and-updates/help-and-troubleshooting/error-messages', '2026-11-25', 'provider_docs', 'Brand written 360dialog.'), ),
        since='ecr-v1',
        until=None,
        legacy=False,
        notes="The two revisions differ only in the brand's capitalisation (360dialog in ecr-v1, 360Dialog in ecr-v2). Literal matching ignores case, so one literal covers both; the pattern's examples record both spellings.",
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='invalid_api_key',
        kind='error_id',
        title='D360-API-KEY missing or not valid',
        cause='The API key sent in the D360-API-KEY header is missing, mistyped, expired or belongs to a different number.',
        remediation='Check that the key sent is the one issued for this phone number and that it travels in the D360-API-KEY header; generate a new key in the 360dialog hub if needed. Retrying with the same key will not help.',
        category='auth',
        actor='operator',
        retry=RetryAdvice(policy='never', max_attempts=None, delay_seconds=None, max_delay_seconds=None, respect_retry_after=False, may_have_taken_effect=False, documented=False, note=''),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Old example body, with the message "Invalid api_key or token expired".'), Surface('sync_response', 'error', '', 'Marketing Messages API answers a wrong key with {"error": "Invalid api token."}.'), ),
        http_status=401,
        literal='Invalid API key',
        aliases=('Invalid api_key', 'Invalid api_key or token expired', 'Invalid api token.', ),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', 'Current spelling "Invalid API key", HTTP 401.'), Source('https://docs.360dialog.com/partner/~/changes/1051/support-and-updates/help-and-troubleshooting/error-messages', '2026-11-25', 'provider_docs_mirror', 'Older spelling "Invalid api_key".'), Source('https://docs.360dialog.com/partner/help-and-support/error-messages', '2026-11-25', 'provider_docs', 'Heading says 401 but the example body has meta.httpCode 404 and "Invalid api_key or token expired".'), Source('https://docs.360dialog.com/docs/resources/marketing-messages/expected-errors-and-programming-languages', '2026-11-25', 'provider_docs', 'MM API body {"error": "Invalid api token."}; HTTP status not stated.'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes='The old example\'s 404 in meta.httpCode is recorded in http_status_seen; whether the real HTTP status was 401 or 404 is not clear from the page. The old table variant writes "Invalid API Key" (same as the literal when case is ignored).',
        http_status_seen=((404, 'legacy-payloads', ), ),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='endpoint_blocked',
        kind='error_id',
        title='Endpoint not enabled for this account',
        cause='360dialog blocks this API path for the account; some endpoints are only opened on request.',
        remediation='Do not retry. If the feature is needed, the account owner should ask 360dialog support to enable the endpoint, describing the use case.',
        category='permission',
        actor='operator',
        retry=RetryAdvice(policy='after_fix', max_attempts=None, delay_seconds=None, max_delay_seconds=None, respect_retry_after=False, may_have_taken_effect=False, documented=False, note='Works only after 360dialog has unblocked the path.'),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Old example body, with the path in place of the asterisks.'), ),
        http_status=403,
        literal='The endpoint is blocked',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), Source('https://docs.360dialog.com/partner/help-and-support/error-messages', '2026-11-25', 'provider_docs', 'Older "The Path is Blocked" body with a templated "This URL *** is blocked" message, HTTP 403.'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes='',
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='internal_server_error',
        kind='error_id',
        title='360dialog internal failure',
        cause='Something failed inside 360dialog; the current docs give no single reason. Older docs tie it to scheduled restarts of the hosted WhatsApp stack (On-Premises era), which lasted up to 10 minutes.',
        remediation='Retry with growing delays; for send calls, check webhooks for the message before resending, since it may have gone out. If it lasts more than about 10 minutes, contact 360dialog support.',
        category='provider_unavailable',
        actor='provider',
        retry=RetryAdvice(policy='backoff', max_attempts=5, delay_seconds=5, max_delay_seconds=120, respect_retry_after=True, may_have_taken_effect=True, documented=False, note='Our advice; older docs only say to contact support when it persists beyond 10 minutes. A send that fails this way may already have been handed to WhatsApp.'),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Key spelling of the older doc revisions.'), ),
        http_status=500,
        literal='Internal server error',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), Source('https://docs.360dialog.com/partner/help-and-support/error-messages', '2026-11-25', 'provider_docs', 'Old body with meta.httpCode 500 and the restart explanation.'), Source('https://docs.360dialog.com/docs/~/revisions/syoLocQFO08QYJ1hYSkE/useful/api-error-message-list', '2026-11-25', 'provider_docs_mirror', 'Alternative body with snake_case meta.http_code 555 and meta.developer_message.'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes='',
        http_status_seen=((555, 'legacy-payloads-555', ), ),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='api_not_available',
        kind='error_id',
        title='WhatsApp API behind 360dialog unreachable',
        cause='360dialog could not reach the WhatsApp API for this number; older docs explain that the integration is missing or its WhatsApp stack is not running.',
        remediation='Retry later with growing delays; if it persists, contact 360dialog support, since only they can bring the integration back.',
        category='provider_unavailable',
        actor='provider',
        retry=RetryAdvice(policy='backoff', max_attempts=5, delay_seconds=10, max_delay_seconds=300, respect_retry_after=True, may_have_taken_effect=False, documented=False, note=''),
        surface=(Surface('sync_response', 'meta.developer_message', '', ''), Surface('sync_response', 'meta.developerMessage', '', 'Key spelling of the older doc revisions.'), ),
        http_status=502,
        literal='WhatsApp for Business API not available',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), Source('https://docs.360dialog.com/docs/useful/api-error-message-list', '2026-11-25', 'provider_docs', 'Older explanation (integration missing or stack not running).'), ),
        since='legacy-payloads',
        until=None,
        legacy=False,
        notes='',
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='partner_permission_denied',
        kind='error_id',
        title='Partner token lacks access to this Partner Hub',
        cause="The Partner API call's auth token is not valid, or the user behind it has no rights on the partner (Partner Hub) named in the message.",
        remediation="Check the token in the Partner API auth header and the user's permissions on that Partner Hub; contact 360dialog support if both look right.",
        category='permission',
        actor='operator',
        retry=RetryAdvice(policy='after_fix', max_attempts=None, delay_seconds=None, max_delay_seconds=None, respect_retry_after=False, may_have_taken_effect=False, documented=False, note=''),
        surface=(Surface('sync_response', '', '', 'Partner API; the body field is not documented, so the text is matched wherever it appears.'), ),
        http_status=403,
        literal='Permission denied for partner x',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/support/api-error-message-list', '2026-11-25', 'provider_docs', ''), ),
        since='ecr-v1',
        until=None,
        legacy=False,
        notes='The docs print the message with a placeholder ("partner x"); the literal copies the documented text as is, and the pattern matches real messages that carry an actual partner id.',
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='server_restarting',
        kind='http_status',
        title='360dialog server restarting',
        cause='A 360dialog default server was restarting; older docs say this can happen several times a day.',
        remediation='Retry with growing delays; contact 360dialog support if it happens more than three times within 24 hours.',
        category='provider_unavailable',
        actor='provider',
        retry=RetryAdvice(policy='backoff', max_attempts=5, delay_seconds=10, max_delay_seconds=300, respect_retry_after=True, may_have_taken_effect=False, documented=False, note='Our advice; the docs only set the support threshold (more than three times in 24 hours).'),
        surface=(Surface('sync_response', '', '', 'Body {"meta": {"success": false, "http_code": 555, "developer_message": "Internal server error"}}.'), ),
        http_status=555,
        literal='Internal server error',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/useful/api-error-message-list', '2026-11-25', 'provider_docs', 'Table row 555 Internal server error.'), Source('https://docs.360dialog.com/docs/~/revisions/syoLocQFO08QYJ1hYSkE/useful/api-error-message-list', '2026-11-25', 'provider_docs_mirror', 'Example body with http_code 555.'), ),
        since='legacy-table',
        until=None,
        legacy=True,
        notes='555 is not a standard HTTP status; the literal is the phrase 360dialog lists with it. Not in the current Error Code Reference.',
        http_status_seen=(),
        maps_to=(),
    ),
    Entry(
        provider='360dialog',
        id='service_temporarily_unavailable',
        kind='http_status',
        title='360dialog front end temporarily unavailable',
        cause='The web server in front of the 360dialog API answered with its own error page, typically while the service behind it was restarting or overloaded.',
        remediation='Retry with growing delays; do not try to parse the body as JSON. Contact 360dialog support if it persists.',
        category='provider_unavailable',
        actor='provider',
        retry=RetryAdvice(policy='backoff', max_attempts=5, delay_seconds=5, max_delay_seconds=120, respect_retry_after=True, may_have_taken_effect=False, documented=False, note=''),
        surface=(Surface('sync_response', '', '', 'Plain nginx HTML page, e.g. <title>503 Service Temporarily Unavailable</title>; read through $text.'), ),
        http_status=503,
        literal='Service Temporarily Unavailable',
        aliases=(),
        code=None,
        code_range=None,
        sip_status=None,
        subcode=None,
        provider_title=None,
        sources=(Source('https://docs.360dialog.com/docs/~/revisions/syoLocQFO08QYJ1hYSkE/useful/api-error-message-list', '2026-11-25', 'provider_docs_mirror', 'Listed among the possible bodies of the Internal Server Error section.'), ),
        since='legacy-payloads-555',
        until=None,
        legacy=True,
        notes='Literal is nginx\'s phrase as shown in the documented HTML page (the standard phrase is "Service Unavailable").',
        http_status_seen=(),
        maps_to=(),
    ),
)


class Dialog360Error(CatalogEnum):
    """Entries of 360dialog; the value is the entry id."""

    API_DISABLED = 'api_disabled'
    ENDPOINT_RATE_LIMIT = 'endpoint_rate_limit'
    LACK_OF_PAYMENT = 'lack_of_payment'
    INVALID_API_KEY = 'invalid_api_key'
    ENDPOINT_BLOCKED = 'endpoint_blocked'
    INTERNAL_SERVER_ERROR = 'internal_server_error'
    API_NOT_AVAILABLE = 'api_not_available'
    PARTNER_PERMISSION_DENIED = 'partner_permission_denied'
    SERVER_RESTARTING = 'server_restarting'
    SERVICE_TEMPORARILY_UNAVAILABLE = 'service_temporarily_unavailable'
    HTTP_555 = 'server_restarting'
    HTTP_503 = 'service_temporarily_unavailable'


Dialog360Error._entries_ = {e.id: e for e in ENTRIES}

BY_ID: Final[dict[str, int]] = {'api_disabled': 0, 'endpoint_rate_limit': 1, 'lack_of_payment': 2, 'invalid_api_key': 3, 'endpoint_blocked': 4, 'internal_server_error': 5, 'api_not_available': 6, 'partner_permission_denied': 7, 'server_restarting': 8, 'service_temporarily_unavailable': 9}
BY_STATUS: Final[dict[int, int]] = {555: 8, 503: 9}
BY_TEXT: Final[dict[str, int]] = {'your whatsapp for business api has been disabled': 0, 'your whatsapp for business api has been disabled. if you believe this is a mistake, please contact our support team.': 0, 'you have exceeded the endpoint rate limit.': 1, 'could not send message due to lack of payment. messaging can resume once overdue invoices towards 360dialog are settled. please reach out to our integration partner.': 2, 'invalid api key': 3, 'invalid api_key': 3, 'invalid api_key or token expired': 3, 'invalid api token.': 3, 'the endpoint is blocked': 4, 'internal server error': 5, 'whatsapp for business api not available': 6, 'permission denied for partner x': 7, 'service temporarily unavailable': 9}
BY_TEXT_STATUS: Final[dict[str, int]] = {'400 your whatsapp for business api has been disabled': 0, '400 your whatsapp for business api has been disabled. if you believe this is a mistake, please contact our support team.': 0, '400 you have exceeded the endpoint rate limit.': 1, '400 could not send message due to lack of payment. messaging can resume once overdue invoices towards 360dialog are settled. please reach out to our integration partner.': 2, '401 invalid api key': 3, '401 invalid api_key': 3, '401 invalid api_key or token expired': 3, '401 invalid api token.': 3, '403 the endpoint is blocked': 4, '500 internal server error': 5, '502 whatsapp for business api not available': 6, '403 permission denied for partner x': 7, '555 internal server error': 8, '503 service temporarily unavailable': 9}
BY_MARKER: Final[dict[str, int]] = {}
BY_CODE: Final[dict[int, int]] = {}
BY_SUBCODE: Final[dict[str, int]] = {}
BY_HOOK_LITERAL: Final[dict[str, int]] = {}
BY_SIP: Final[dict[int, int]] = {}
HOOK_FIELDS: Final[dict[str, dict[str, dict[str, int]]]] = {}
CODE_RANGES: Final[tuple[tuple[int, int, int], ...]] = ()
SYNC_PATTERNS: Final[tuple[tuple[str, int], ...]] = (('WhatsApp (?:for )?Business API has been disabled', 0, ), ('You have exceeded the endpoint rate limit', 1, ), ('You have exceeded the limit of \\d+ requests? every \\S+ seconds?', 1, ), ('Could not send message due to lack of payment', 2, ), ('This URL \\S+ is blocked', 4, ), ('Permission denied for partner \\S+', 7, ), )
ANY_PATTERNS: Final[tuple[tuple[str, int], ...]] = (('WhatsApp (?:for )?Business API has been disabled', 0, ), ('You have exceeded the endpoint rate limit', 1, ), ('You have exceeded the limit of \\d+ requests? every \\S+ seconds?', 1, ), ('Could not send message due to lack of payment', 2, ), ('This URL \\S+ is blocked', 4, ), ('Permission denied for partner \\S+', 7, ), )
SYNC_CONTAINS: Final[tuple[tuple[str, int], ...]] = (('could not send message due to lack of payment. messaging can resume once overdue invoices towards 360dialog are settled. please reach out to our integration partner.', 2, ), ('your whatsapp for business api has been disabled. if you believe this is a mistake, please contact our support team.', 0, ), ('your whatsapp for business api has been disabled', 0, ), ('you have exceeded the endpoint rate limit.', 1, ), ('whatsapp for business api not available', 6, ), ('invalid api_key or token expired', 3, ), ('permission denied for partner x', 7, ), ('the endpoint is blocked', 4, ), ('internal server error', 5, ), ('invalid api token.', 3, ), ('invalid api key', 3, ), ('invalid api_key', 3, ), )
MARKER_RE: Final[str] = ''
TITLES: Final[tuple[tuple[str, int], ...]] = (('your whatsapp for business api has been disabled if you believe this is a mistake please contact our support team', 0, ), ('invalid api key or token expired', 3, ), ('invalid api token', 3, ), ('invalid api key', 3, ), )
