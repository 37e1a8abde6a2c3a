"""A bare NiceGUI hello page served the way main.py serves the app (same NiceGUI, no Tailwind, no reload): the
yardstick that bench/pages.py measures our pages against. With "default" it runs as NiceGUI ships it (the target's
bare page); without, with our runtime tuning and event loop (app/web/speedups), for information. The leading
underscore keeps `python -m bench` from running it.

Usage: python -m bench._bare_page PORT [default]
"""

from __future__ import annotations

import sys

from nicegui import ui

from app.web import fixes, speedups
from app.web.speedups import event_loop


@ui.page("/")
def hello() -> None:
    ui.label("Hello")


if __name__ in {"__main__", "__mp_main__"}:
    options = {}
    if sys.argv[2:] != ["default"]:
        fixes.install()
        speedups.install(speedups.RUNTIME)
        options.update(event_loop.run_options())
    ui.run(host="127.0.0.1", port=int(sys.argv[1]), tailwind=False, show=False, reload=False, title="bare", **options)
