"""Fixes to NiceGUI that correctness or security need (always on). Each `install()` is idempotent and raises
`DoesNotFit` when NiceGUI's code is not what the fix was written for, so an upgrade cannot drop one silently."""

from __future__ import annotations

import logging

from app.web.fixes import event_guard

log = logging.getLogger("family_ecard.web")


class DoesNotFit(RuntimeError):
    """NiceGUI's code is not what a fix was written for."""


def install() -> list[str]:
    """Install every fix; returns their names (logged at start-up)."""
    installed = []
    for fix in (event_guard,):
        problem = fix.install()
        if problem:
            raise DoesNotFit(f"{fix.__name__}: {problem}")
        installed.append(fix.__name__.rsplit(".", 1)[-1])
    log.info("NiceGUI fixes installed: %s", ", ".join(installed))
    return installed
