"""Serves on asyncio's own event loop instead of uvloop, which took one waiting connection per turn of the loop:
at 50 connections opened at once, some requests waited seconds."""

from __future__ import annotations

from typing import Any

SERVER_LOOP = "asyncio"  # for ui.run(loop=...)
_installed = False


def install() -> str | None:
    """From now on `run_options` names asyncio's loop (nothing of NiceGUI is changed)."""
    global _installed  # noqa: PLW0603 - one switch per process, like NiceGUI's own patches
    _installed = True
    return None


def run_options() -> dict[str, Any]:
    """What `ui.run` gets for its event loop: asyncio's once installed, uvicorn's choice ("auto") otherwise."""
    return {"loop": SERVER_LOOP} if _installed else {}
