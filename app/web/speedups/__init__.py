"""Changes to NiceGUI for speed only (switchable: `STOCK_NICEGUI=1` leaves them all out). Each `install()` is
idempotent and returns why NiceGUI's code is not what it was written for (then it changes nothing)."""

from __future__ import annotations

from app.web.speedups import (
    brotli_static,
    changes,
    collector,
    event_loop,
    handler_signatures,
    leaving,
    outbox_on_connect,
    page_escaping,
    plain_middlewares,
    props_parsing,
    quasar_build,
)

# What keeps page views cheap under load (also on the bare page `make bench` measures against).
RUNTIME = (handler_signatures, props_parsing, changes, page_escaping, collector, outbox_on_connect, leaving,
           plain_middlewares, event_loop)
# What the first page ships.
FIRST_PAGE = (quasar_build, brotli_static)
SPEEDUPS = RUNTIME + FIRST_PAGE


def install(pieces: tuple[object, ...] = SPEEDUPS) -> dict[object, str | None]:
    """Install `pieces` in order; each one's reason for not fitting, or None when it is installed."""
    results: dict[object, str | None] = {}
    for piece in pieces:
        if piece is brotli_static:  # NiceGUI's Quasar build is compressed too when pages load it
            results[piece] = brotli_static.install(nicegui_quasar=not quasar_build.installed())
        else:
            results[piece] = piece.install()  # type: ignore[attr-defined]
    return results
