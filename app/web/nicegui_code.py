"""What the pieces of `app/web` read of NiceGUI's own code to tell whether they still fit it."""

from __future__ import annotations

import hashlib
import inspect
from typing import Any


def source(obj: Any) -> str:
    """The source of a NiceGUI class or function, or "" when none is deployed (then nothing is replaced)."""
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def source_hash(cls: type[Any]) -> str | None:
    text = source(cls)
    return hashlib.sha256(text.encode()).hexdigest()[:12] if text else None


class StandIn:
    """Stands in for a module inside another module: everything is the real module's, except what a
    subclass defines."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)
