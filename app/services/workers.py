"""Running CPU-bound service functions in worker processes without losing their domain errors.

NiceGUI's process pool turns any exception raised in a worker into a generic one, so the worker
returns a domain error instead of raising it, and the caller raises it again in the server process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.services.errors import DomainError


def returning_domain_errors(function: Callable[..., Any], *args: Any) -> Any:
    """Call `function`; a DomainError comes back as the return value (it pickles with its details)."""
    try:
        return function(*args)
    except DomainError as exc:
        return exc
