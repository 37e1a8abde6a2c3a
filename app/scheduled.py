"""Jobs the app runs by itself, first some minutes after start-up and then daily: the retention rule (DESIGN.md §5,
app/services/retention.py), releasing review assignments whose working day is over or whose staff member was
disabled (DESIGN.md §2.7, app/services/assignments.py; the queue and opening a request release them too), and ending
family mutual aid whose member's coverage lapsed (§2.9, app/services/mutual_aid.py; payments check it at once). Every
instance runs them; overlapping runs are safe by design (the services lock what they change), so no instance has to
be the one that runs them. `python -m app.cli purge` does the purge from cron."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from nicegui import app, run

from app.services import assignments, mutual_aid, retention
from app.services.env import Env

log = logging.getLogger("family_ecard.scheduled")
T = TypeVar("T")

# Not at start-up itself: starting stays quick, and the UI tests (which start the app for every test and are done in
# seconds) never meet a purge.
FIRST_PURGE_AFTER = timedelta(minutes=10)
PURGE_EVERY = timedelta(days=1)


async def _logged(job: Callable[[Env], T], env: Env, doing: str, done: str) -> T | None:
    """Run one job off the event loop. A failure is logged and the next run tries again; it never stops the app."""
    try:
        result = await run.io_bound(job, env)
    except Exception:
        log.exception("%s failed; the next run tries again", doing)
        return None
    log.info("%s: %s", done, result)
    return result


async def purge_once(env: Env) -> dict[str, int] | None:
    """One retention run (its batches are database transactions)."""
    return await _logged(retention.purge, env, "retention purge", "retention purge")


async def release_once(env: Env) -> int | None:
    """Release overdue review assignments."""
    return await _logged(assignments.release_overdue, env, "releasing review assignments",
                         "review assignments released")


async def end_mutual_aid_once(env: Env) -> int | None:
    """End family mutual aid that is no longer allowed (a lapse), both sides told (payments check it anyway, so a
    failure only delays the notice)."""
    return await _logged(mutual_aid.end_not_allowed, env, "ending lapsed mutual aid", "mutual aid ended")


async def daily(env: Env) -> None:
    """The daily jobs, one after the other; one failing does not keep the others from running."""
    await purge_once(env)
    await release_once(env)
    await end_mutual_aid_once(env)


def schedule_purge(env: Env, *, timer: Callable[..., Any] | None = None) -> None:
    make = timer or app.timer
    make(FIRST_PURGE_AFTER.total_seconds(), lambda: daily(env), once=True)
    make(PURGE_EVERY.total_seconds(), lambda: daily(env), immediate=False)
