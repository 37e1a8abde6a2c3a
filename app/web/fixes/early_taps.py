"""What a person does before the page is connected goes out in the order it was done: `assets/app.js` puts
accessors on `window.socket` and `window.did_handshake` that hold such events and send them in order."""

from __future__ import annotations

from pathlib import Path

import nicegui

SCRIPT = Path(nicegui.__file__).resolve().parent / "static" / "nicegui.js"
# What the accessors rely on in NiceGUI's page script: it makes the socket and marks the handshake on `window`,
# and an event made before the handshake waits for `did_handshake` and is then emitted on `window.socket`.
RELIED_ON = ("window.socket = io(", "window.did_handshake = false;", "window.did_handshake = true;",
             "if (window.did_handshake) emitter();", 'window.socket?.emit("event"')


def install() -> str | None:
    """Nothing to change on the server (the accessors are in `assets/app.js`); returns why they do not fit."""
    try:
        script = SCRIPT.read_text(encoding="utf-8")
    except OSError:
        return f"NiceGUI no longer ships {SCRIPT.name}"
    missing = [text for text in RELIED_ON if text not in script]
    return f"NiceGUI's {SCRIPT.name} no longer has {', '.join(missing)}" if missing else None
