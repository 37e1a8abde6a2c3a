"""`app.web.install`: on the pinned NiceGUI every piece installs and none is skipped; a piece that no longer fits is
reported and logged (a warning each); `STOCK_NICEGUI=1` leaves every speed-up out and keeps the fixes;
`STATIC_FROM_NGINX=true` (behind deploy/'s nginx) leaves out the Brotli files only."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from app import web
from app.config import ROOT, Settings
from app.web import fixes, speedups
from app.web.fixes import name
from app.web.speedups import brotli_static, handler_signatures, page_escaping


def test_no_piece_is_skipped_on_the_pinned_nicegui() -> None:
    """In a process of its own, as main.py installs them (the pieces change NiceGUI for the whole process)."""
    script = ("import json; from app import web; report = web.install(); "
              "print(json.dumps([report.installed, report.skipped, report.off]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False,
                          env={**os.environ, "DEMO_MODE": "true"})
    assert done.returncode == 0, done.stderr
    installed, skipped, off = json.loads(done.stdout.splitlines()[-1])
    assert skipped == {}, f"NiceGUI no longer fits: {skipped}"
    assert installed == [name(piece) for piece in (*fixes.FIXES, *speedups.SPEEDUPS)]
    assert off == {}


def test_a_piece_that_no_longer_fits_is_reported_and_logged(monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fixes, "install", lambda: ["event_guard"])
    monkeypatch.setattr(speedups, "install",
                        lambda **_: {handler_signatures: "NiceGUI changed", page_escaping: None})
    report = web.install()
    assert report.skipped == {"handler_signatures": "NiceGUI changed"}
    assert report.installed == ["event_guard", "page_escaping"]
    with caplog.at_level(logging.INFO, logger="family_ecard.web"):
        report.log()
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == ["NiceGUI speed-up handler_signatures skipped: NiceGUI changed"]
    (summary,) = [record.getMessage() for record in caplog.records if record.levelno == logging.INFO]
    assert "skipped: handler_signatures" in summary and "event_guard" in summary


def test_stock_keeps_the_fixes_and_leaves_every_speedup_out(monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(speedups, "install", lambda *_: pytest.fail("a speed-up was installed on stock"))
    report = web.install(stock=True)
    assert report.installed == [name(fix) for fix in fixes.FIXES]
    assert report.off == {name(piece): "STOCK_NICEGUI" for piece in speedups.SPEEDUPS} and report.skipped == {}
    with caplog.at_level(logging.INFO, logger="family_ecard.web"):
        report.log()
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert "off (STOCK_NICEGUI): handler_signatures" in caplog.text


def test_behind_nginx_the_brotli_files_are_left_out_and_said_so(monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """nginx sends the first page's files from its own compressed copies (deploy/), so the app's piece is not put in:
    reported off, not skipped (no warning)."""
    monkeypatch.setattr(brotli_static, "install", lambda **_: pytest.fail("brotli_static was installed"))
    assert speedups.install((brotli_static,), static_from_nginx=True) == {brotli_static: speedups.OFF}

    def fake_install(*, static_from_nginx: bool, left_out: object = ()) -> dict[object, str | None]:
        assert static_from_nginx
        return {page_escaping: None, brotli_static: speedups.OFF}

    monkeypatch.setattr(fixes, "install", lambda: ["event_guard"])
    monkeypatch.setattr(speedups, "install", fake_install)
    report = web.install(static_from_nginx=True)
    assert report.installed == ["event_guard", "page_escaping"]
    assert report.off == {"brotli_static": "STATIC_FROM_NGINX"} and report.skipped == {}
    with caplog.at_level(logging.INFO, logger="family_ecard.web"):
        report.log()
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert "off (STATIC_FROM_NGINX): brotli_static" in caplog.text


def test_the_nginx_switch_is_a_setting_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).static_from_nginx is False  # type: ignore[call-arg]
    monkeypatch.setenv("STATIC_FROM_NGINX", "true")
    assert Settings(_env_file=None).static_from_nginx is True  # type: ignore[call-arg]


def test_the_stock_switch_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).stock_nicegui is False  # type: ignore[call-arg]
    monkeypatch.setenv("STOCK_NICEGUI", "1")
    assert Settings(_env_file=None).stock_nicegui is True  # type: ignore[call-arg]


def test_speedups_can_be_left_out_by_name_to_measure_each(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """SPEEDUPS_OFF: what `make bench` uses to measure what each speed-up brings; a name that is none is said."""
    monkeypatch.setattr(page_escaping, "install", lambda: pytest.fail("page_escaping was installed"))
    assert speedups.install((page_escaping,), left_out={"page_escaping"}) == {page_escaping: speedups.OFF}
    monkeypatch.setattr(fixes, "install", lambda: ["event_guard"])

    def fake_install(*, static_from_nginx: bool, left_out: frozenset[str]) -> dict[object, str | None]:
        assert left_out == {"page_escaping"}
        return {page_escaping: speedups.OFF, brotli_static: None}

    monkeypatch.setattr(speedups, "install", fake_install)
    report = web.install(left_out="page_escaping, no_such_piece")
    assert report.installed == ["event_guard", "brotli_static"]
    assert report.off == {"page_escaping": "SPEEDUPS_OFF"}
    assert report.skipped == {"no_such_piece": "SPEEDUPS_OFF names no such speed-up"}
    with caplog.at_level(logging.INFO, logger="family_ecard.web"):
        report.log()
    assert "off (SPEEDUPS_OFF): page_escaping" in caplog.text
    monkeypatch.setenv("SPEEDUPS_OFF", "collector")
    assert Settings(_env_file=None).speedups_off == "collector"  # type: ignore[call-arg]


def test_pieces_left_out_by_two_settings_are_each_said_with_their_own(monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fixes, "install", lambda: ["event_guard"])
    monkeypatch.setattr(speedups, "install", lambda **_: {page_escaping: speedups.OFF, brotli_static: speedups.OFF})
    report = web.install(static_from_nginx=True, left_out="page_escaping")
    assert report.off == {"page_escaping": "SPEEDUPS_OFF", "brotli_static": "STATIC_FROM_NGINX"}
    with caplog.at_level(logging.INFO, logger="family_ecard.web"):
        report.log()
    assert "off (SPEEDUPS_OFF): page_escaping; off (STATIC_FROM_NGINX): brotli_static" in caplog.text
