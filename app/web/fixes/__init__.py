"""Fixes to NiceGUI that correctness or security need (always on). Each `install()` is idempotent and returns why
NiceGUI's code is not what the fix was written for; `install` then raises `DoesNotFit`, so an upgrade cannot drop
one silently."""

from __future__ import annotations

from app.web.fixes import early_taps, event_guard, prefix_redirect

FIXES = (event_guard, early_taps, prefix_redirect)


class DoesNotFit(RuntimeError):
    """NiceGUI's code is not what a fix was written for."""


def name(piece: object) -> str:
    return getattr(piece, "__name__", str(piece)).rsplit(".", 1)[-1]


def install() -> list[str]:
    """Install every fix; returns their names."""
    installed = []
    for fix in FIXES:
        problem = fix.install()
        if problem:
            raise DoesNotFit(f"{name(fix)}: {problem}")
        installed.append(name(fix))
    return installed
