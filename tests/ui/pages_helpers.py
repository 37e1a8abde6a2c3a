"""Shared reading helper for the account page tests (test_pages_*.py)."""

from __future__ import annotations

from nicegui.testing import User


def _h1(user: User) -> str:
    assert user.client is not None
    headings = [e for e in user.client.layout.descendants() if e.tag == "h1"]
    assert len(headings) == 1, f"expected one h1, found {len(headings)}"
    return headings[0].text  # type: ignore[attr-defined]
