"""Generated per-provider enums and lookup tables (one module per catalog/*.yaml; see `make regen`).

Import a provider's enum directly, e.g. `from wa_errors.providers.green_api import GreenApiError`.
"""
