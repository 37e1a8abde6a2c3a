"""Parts made on first use (app/components/dialogs.py): made once, then the same one every time."""

from __future__ import annotations

from app.components.dialogs import made_once


def test_made_on_the_first_use_only_and_then_reused() -> None:
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return object()

    get = made_once(make)
    assert calls == []  # nothing is made before it is used
    first = get()
    assert get() is first and get() is first
    assert calls == [1]
