"""The fixes to NiceGUI (app/web/fixes) install on the pinned NiceGUI, refuse to be skipped, and the event guard
lets an event through only while the page's check says so."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from nicegui import events

from app.web import fixes
from app.web.fixes import early_taps, event_guard


class FakePage:
    """What the guard needs of a NiceGUI Client: its own attributes and its context."""

    def __enter__(self) -> FakePage:
        return self

    def __exit__(self, *_: object) -> None:
        return None


class FakeElement:
    parent_slot = contextlib.nullcontext()


def _arguments(page: Any) -> events.UiEventArguments:
    arguments = events.UiEventArguments.__new__(events.UiEventArguments)
    object.__setattr__(arguments, "client", page)
    object.__setattr__(arguments, "sender", FakeElement())
    return arguments


def test_every_fix_installs_on_the_pinned_nicegui() -> None:
    assert fixes.install() == ["event_guard", "early_taps", "prefix_redirect"]
    assert fixes.install() == ["event_guard", "early_taps", "prefix_redirect"]  # idempotent
    assert getattr(events.handle_event, "guards", False)


def test_a_guard_that_says_no_stops_the_handler() -> None:
    fixes.install()
    page, calls, answers = FakePage(), [], [True, False]
    event_guard.guard(page, lambda: answers.pop(0))  # type: ignore[arg-type]
    handler = lambda: calls.append("ran")  # noqa: E731
    events.handle_event(handler, _arguments(page))
    events.handle_event(handler, _arguments(page))
    assert calls == ["ran"]


def test_a_page_without_a_guard_and_events_of_no_page_run_as_before() -> None:
    fixes.install()
    calls: list[str] = []
    events.handle_event(lambda: calls.append("page"), _arguments(FakePage()))
    events.handle_event(lambda: calls.append("value"), events.ObservableChangeEventArguments(sender=None))
    assert calls == ["page", "value"]


def test_a_nicegui_that_no_longer_fits_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "handle_event", lambda sender, *rest: None)
    with pytest.raises(fixes.DoesNotFit, match="event_guard"):
        fixes.install()


def test_early_taps_say_when_nicegui_page_script_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(early_taps, "RELIED_ON", ("window.socket = io(", "window.someone_else"))
    assert "window.someone_else" in (early_taps.install() or "")
    with pytest.raises(fixes.DoesNotFit, match="early_taps"):
        fixes.install()
