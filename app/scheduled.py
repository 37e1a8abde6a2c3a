"""Jobs the app runs by itself: the retention rule (DESIGN.md §5, app/services/retention.py), first some minutes
after start-up and then daily. Every instance runs it; overlapping runs are safe by design (the service locks what
each batch takes), so no instance has to be the one that purges. `python -m app.cli purge` does the same from cron."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from nicegui import app, run

from app.services import retention
from app.services.env import Env

log = logging.getLogger("family_ecard.scheduled")

# Not at start-up itself: starting stays quick, and the UI tests (which start the app for every test and are done in
# seconds) never meet a purge.
FIRST_PURGE_AFTER = timedelta(minutes=10)
PURGE_EVERY = timedelta(days=1)


async def purge_once(env: Env) -> dict[str, int] | None:
    """One run, off the event loop (its batches are database transactions). A failure is logged and the next run
    tries again; it never stops the app."""
    try:
        done = await run.io_bound(retention.purge, env)
    except Exception:
        log.exception("retention purge failed; the next run tries again")
        return None
    log.info("retention purge: %s", done)
    return done


def schedule_purge(env: Env, *, timer: Callable[..., Any] | None = None) -> None:
    make = timer or app.timer
    make(FIRST_PURGE_AFTER.total_seconds(), lambda: purge_once(env), once=True)
    make(PURGE_EVERY.total_seconds(), lambda: purge_once(env), immediate=False)
