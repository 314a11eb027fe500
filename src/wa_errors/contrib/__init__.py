"""Integrations of the catalog's retry advice with retry libraries: tenacity, stamina, backoff,
urllib3's Retry and an httpx transport.

Each module imports its library, so each needs the matching extra (`pip install
wa-error-catalog[tenacity]`, `[stamina]`, `[backoff]`, `[urllib3]`, `[httpx]`). This package
imports nothing, and `import wa_errors` never imports it: the catalog stays standard-library only
for users who do not retry through a library.

All of them answer the same two questions from the catalog instead of from guesses: whether an
answer is worth sending again (`entry.retry.retryable`), how long to wait (`entry.retry.delay`,
the server's Retry-After honoured within the catalog's ceiling), and one question retry
libraries do not ask at all: whether a resend could deliver a WhatsApp message twice
(`entry.retry.may_have_taken_effect` on a POST). See docs/retry-libraries.md.
"""
