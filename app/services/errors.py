"""Domain errors. Pages turn them into words through the translation catalogue.

Each error has a `code` (a catalogue key under `error.`) and, where it belongs to one form field,
the `field` it is about, so the page can show it next to that field.
"""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    code = "generic"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: object) -> None:
        self.code = code or self.code
        self.field = field
        self.params = params
        super().__init__(self.code)


class ValidationFailed(DomainError):
    """Input that breaks a rule; `errors` maps each field to an error code."""

    code = "validation"

    def __init__(self, errors: dict[str, str], **params: object) -> None:
        super().__init__(self.code, **params)
        self.errors = errors


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, code: str | None = None, *, retry_at: datetime, now: datetime | None = None,
                 field: str | None = None) -> None:
        super().__init__(code, field=field, retry_at=retry_at, now=now)
        self.retry_at = retry_at


class AccountLocked(DomainError):
    code = "account_locked"

    def __init__(self, until: datetime, now: datetime | None = None) -> None:
        super().__init__(self.code, until=until, now=now)
        self.until = until


class NotAuthenticated(DomainError):
    code = "not_authenticated"
