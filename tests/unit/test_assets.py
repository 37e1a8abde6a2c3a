"""Our static files are named with their content's version (app/components/assets.py), so a phone that kept an
older copy fetches the new one as soon as a new release serves pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.components import assets


@pytest.fixture
def assets_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(assets, "ASSETS", tmp_path)
    assets.url.cache_clear()
    yield tmp_path
    assets.url.cache_clear()


def test_the_address_carries_the_contents_digest(assets_in: Path) -> None:
    (assets_in / "ecard.js").write_text("one")
    assert assets.url("ecard.js") == f"/assets/ecard.js?v={hashlib.sha256(b'one').hexdigest()[:12]}"


def test_a_new_release_is_a_new_address(assets_in: Path) -> None:
    (assets_in / "ecard.js").write_text("one")
    before = assets.url("ecard.js")
    (assets_in / "ecard.js").write_text("two")
    assets.url.cache_clear()  # a new release is a new process
    assert assets.url("ecard.js") != before


def test_the_e_card_and_records_pages_name_their_files_with_versions() -> None:
    from app.pages import ecard, records_view

    assert ecard.HEAD.count("?v=") == 3 and "?v=" in records_view.CSS
