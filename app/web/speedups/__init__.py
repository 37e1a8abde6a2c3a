"""Changes to NiceGUI for speed only (switchable: `STOCK_NICEGUI=1` leaves them all out). Each `install()` is
idempotent and returns why NiceGUI's code is not what it was written for (then it changes nothing)."""

from __future__ import annotations

from collections.abc import Collection

from app.web.fixes import name
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
    quasar_build,
)

# What keeps page views cheap under load (also on the bare page `make bench` measures against).
RUNTIME = (handler_signatures, changes, page_escaping, collector, outbox_on_connect, leaving,
           plain_middlewares, event_loop)
# What the first page ships.
FIRST_PAGE = (quasar_build, brotli_static)
SPEEDUPS = RUNTIME + FIRST_PAGE


# What `install` reports for a piece a setting leaves out on purpose (not a reason it does not fit).
OFF = "off"


def install(pieces: tuple[object, ...] = SPEEDUPS, *, static_from_nginx: bool = False,
            left_out: Collection[str] = ()) -> dict[object, str | None]:
    """Install `pieces` in order; each one's reason for not fitting, None when it is installed, or `OFF` when a
    setting leaves it out: `static_from_nginx` (STATIC_FROM_NGINX) leaves out `brotli_static`, since nginx sends
    those files from its own compressed copies (deploy/nginx/fec-locations.conf); `left_out` (SPEEDUPS_OFF) names
    pieces to leave out, to measure what each one brings."""
    results: dict[object, str | None] = {}
    for piece in pieces:
        if (piece is brotli_static and static_from_nginx) or name(piece) in left_out:
            results[piece] = OFF
        elif piece is brotli_static:  # NiceGUI's Quasar build is compressed too when pages load it
            results[piece] = brotli_static.install(nicegui_quasar=not quasar_build.installed())
        else:
            results[piece] = piece.install()  # type: ignore[attr-defined]
    return results


def names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The speed-ups a comma-separated SPEEDUPS_OFF names, and the names in it that are none of them."""
    wanted = frozenset(part.strip() for part in text.split(",") if part.strip())
    known = {name(piece) for piece in SPEEDUPS}
    return wanted & known, wanted - known
