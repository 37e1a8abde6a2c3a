"""How the one server process keeps page views cheap and its pauses short under load (DESIGN.md §7).

Every page view builds a tree of elements full of reference cycles, so CPython's cycle collector
does the cleaning. With its defaults (a collection every 700 new objects, and a full collection,
which looks at every object, whenever the old generation has grown by a quarter) a busy server stops
for 100-300 ms at a time: measured with `wrk` on a bare NiceGUI page, single-connection p95 went from
3 ms to 190 ms.

- `gc.freeze()` once start-up is done moves the modules, settings and catalogues (hundreds of
  thousands of objects that live as long as the process) out of the collector's sight.
- A larger first-generation threshold collects young garbage in fewer, still small, passes.
- The full collection runs on a clock instead (every `FULL_COLLECTION_SECONDS`): a page lives at
  least as long as its browser stays connected (and 30 s after), so its memory is always freed by a
  full collection; on the clock that happens often enough to keep memory flat over 1,000 page views,
  and never several times a second under load.

Element creation: NiceGUI 3.18 asks `inspect.signature` whether a change handler takes arguments
three times for every element it makes (its props, classes and style each register the element's own
bound method). That was 40-60 % of the cost of a label or a div. The answer depends only on the
function behind the bound method, so it is remembered per function (a bounded set: methods defined
in classes); any other callable is still inspected each time.

The bare page that `make bench` measures against uses the same tuning, so the comparison stays fair.
"""

from __future__ import annotations

import gc
import inspect
from collections.abc import Callable
from typing import Any

from nicegui import app, helpers

# young objects between collections; the middle generation every 20 of those; the oldest only on the clock
GC_THRESHOLDS = (10_000, 20, 1_000_000)
FULL_COLLECTION_SECONDS = 10.0


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def _collect_all() -> None:
    gc.collect()


def tune_garbage_collection() -> None:
    """Call before `ui.run`: sets the thresholds now, freezes what start-up built, and starts the clock
    for full collections."""
    gc.set_threshold(*GC_THRESHOLDS)
    app.on_startup(_freeze)
    app.timer(FULL_COLLECTION_SECONDS, _collect_all)


def _remembering(inspect_handler: Callable[[Callable[..., Any]], bool]) -> Callable[[Callable[..., Any]], bool]:
    answers: dict[Callable[..., Any], bool] = {}

    def expects_arguments(func: Callable[..., Any]) -> bool:
        if not inspect.ismethod(func):
            return inspect_handler(func)
        answer = answers.get(func.__func__)
        if answer is None:
            answer = answers[func.__func__] = inspect_handler(func)
        return answer

    expects_arguments.remembers = True  # type: ignore[attr-defined]
    return expects_arguments


def remember_handler_signatures() -> None:
    """Install the per-function answer for `helpers.expects_arguments` (idempotent)."""
    if not getattr(helpers.expects_arguments, "remembers", False):
        helpers.expects_arguments = _remembering(helpers.expects_arguments)  # type: ignore[assignment]


def tune() -> None:
    """Everything above, for `main.py` and the bare page alike; call before `ui.run`."""
    remember_handler_signatures()
    tune_garbage_collection()
