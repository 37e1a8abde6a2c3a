"""assets/app.js keeps what a person does before the page is connected in order by standing between
NiceGUI's browser code and its socket. It relies on three lines of NiceGUI's nicegui.js; a NiceGUI upgrade
that changes them fails here, before the ordering silently stops (tests/e2e/test_early_taps.py shows it)."""

from __future__ import annotations

from pathlib import Path

import nicegui

NICEGUI_JS = (Path(nicegui.__file__).parent / "static" / "nicegui.js").read_text()


def test_nicegui_sets_the_socket_and_the_handshake_on_window() -> None:
    assert "window.socket = io(" in NICEGUI_JS
    assert "window.did_handshake = false;" in NICEGUI_JS
    assert "window.did_handshake = true;" in NICEGUI_JS


def test_nicegui_emits_only_through_the_window_socket_once_did_handshake_says_so() -> None:
    assert "if (window.did_handshake) emitter();" in NICEGUI_JS
    assert 'window.socket?.emit("event"' in NICEGUI_JS
    assert 'window.socket.emit("handshake"' in NICEGUI_JS

