"""app/web/speedups/changes.py:
a change to an element's props, classes or style reaches the browser as before, for less:
its one handler is called directly, and nothing is queued for a page whose response is still to be built
(that response carries the whole page)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import Client, core, ui
from nicegui.classes import Classes
from nicegui.observables import ObservableCollection
from nicegui.outbox import Outbox
from nicegui.page import page
from nicegui.props import Props
from nicegui.style import Style

from app.web.nicegui_code import source
from app.web.speedups import changes

pytestmark = pytest.mark.speedup


def _as_nicegui_has_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """NiceGUI's own versions for this test (even if `app.web.install()` ran in this process), put back afterwards."""
    for owned in changes.OWNED:
        monkeypatch.setattr(owned, "_handle_change", ObservableCollection._handle_change)
    monkeypatch.setattr(Outbox, "enqueue_update", changes.NICEGUI_ENQUEUE_UPDATE)


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Both installed as `app.web.install()` installs them, undone afterwards."""
    _as_nicegui_has_them(monkeypatch)
    changes.install()
    yield


@pytest.fixture
def client(installed: None) -> Iterator[Client]:
    with Client(page("/changes-test"), request=None) as made:
        yield made
    made.delete()


def _responded(client: Client) -> None:
    """What `Client.build_response` does first (the test below checks that it still does)."""
    client._response_built = True
    client.outbox.updates.clear()


def test_nicegui_still_builds_responses_the_way_this_relies_on() -> None:
    built = source(Client.build_response)
    assert changes.RESPONSE_FORGETS_UPDATES in built and "self._response_built = True" in built
    assert changes.GENERAL_DISPATCH in source(ObservableCollection._handle_change)


def test_both_are_installed_with_this_nicegui(installed: None) -> None:
    assert all(getattr(owned.__dict__["_handle_change"], "direct", False) for owned in (Props, Classes, Style))
    assert getattr(Outbox.enqueue_update, "after_response", False)


def test_changes_while_the_page_is_made_queue_nothing_and_later_ones_are_queued(client: Client) -> None:
    label = ui.label("first").classes("a").props('role="status"').style("color: red")
    label.text = "second"
    assert dict(client.outbox.updates) == {}  # the response will carry the label as it is then
    _responded(client)

    for change in (lambda: label.set_text("third"), lambda: label.classes("b"), lambda: label.props("x=1"),
                   lambda: label.style("margin: 0")):
        client.outbox.updates.clear()
        change()
        assert dict(client.outbox.updates) == {label.id: label}
    made = ui.label("made later")
    assert made.id in client.outbox.updates


def test_another_handler_on_the_props_is_called_as_nicegui_calls_it(client: Client) -> None:
    _responded(client)
    label = ui.label("x")
    seen: list[object] = []
    label.props.on_change(lambda event: seen.append(event.sender))
    client.outbox.updates.clear()
    label.props["role"] = "status"
    assert seen == [label.props] and dict(client.outbox.updates) == {label.id: label}


def test_an_error_while_updating_goes_to_the_exception_handler(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _responded(client)
    label = ui.label("x")
    errors: list[Exception] = []
    monkeypatch.setattr(core.app, "handle_exception", errors.append)

    def broken() -> None:
        raise RuntimeError("lost")

    monkeypatch.setattr(label, "update", broken)
    label.props["role"] = "status"  # does not raise here
    assert [str(error) for error in errors] == ["lost"]


def test_installing_twice_wraps_once(installed: None) -> None:
    handler, enqueue = Props.__dict__["_handle_change"], Outbox.enqueue_update
    changes.install()
    assert Props.__dict__["_handle_change"] is handler and Outbox.enqueue_update is enqueue


def test_a_nicegui_that_dispatches_or_responds_otherwise_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    _as_nicegui_has_them(monkeypatch)
    monkeypatch.setattr(changes, "source", lambda _obj: "")
    changes.install()
    assert not getattr(Props._handle_change, "direct", False)
    assert not getattr(Outbox.enqueue_update, "after_response", False)
