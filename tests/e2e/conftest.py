"""End-to-end tier: the real server in its own process, driven by Debian's Chromium through Playwright
at phone size (390x844, touch), with axe checking every page."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import delete

from app.models import RateLimitHit
from app.services.env import Env, build_env
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
ACCEPTED = "window.FEC && FEC.isAccepted()"  # the server has accepted the page's connection (assets/app.js)
SOCKET = re.compile(r"/_nicegui_ws/")  # the page's connection to the server
# Our Quasar build has only the components the app renders (quasar_build.py). A tag it lacks is left in the page as
# an unknown <q-...> element (Vue's production build says nothing), so every page of every test is watched for one.
WATCH_COMPONENTS = """
new MutationObserver((records) => {
  const note = (el) => {
    if (!el.tagName.startsWith("Q-")) return;
    const seen = new Set(JSON.parse(sessionStorage.getItem("unresolved-components") || "[]")).add(el.tagName);
    sessionStorage.setItem("unresolved-components", JSON.stringify([...seen]));
  };
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) [node, ...node.querySelectorAll("*")].forEach(note);
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


def outside_pytest_env() -> dict[str, str]:
    """This process's environment without pytest's variables, for a server it starts: the server must not think it
    runs under pytest (NiceGUI changes behaviour then)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_TEMPLATE: list[Path] = []


def _template(env: dict[str, str], base: Path) -> Path:
    """The database every server starts from, made once per test run the way an operator makes one (`app.cli
    migrate` and `load-demo`, in processes of their own); each server gets a copy."""
    if _TEMPLATE and not _TEMPLATE[0].exists():  # made under a folder since removed (a benchmark's)
        _TEMPLATE.clear()
    if not _TEMPLATE:
        (base / "e2e-template").mkdir(exist_ok=True)  # a benchmark's servers share /tmp as their base
        path = base / "e2e-template" / "template.db"
        for old in path.parent.glob("template.db*"):
            old.unlink()
        made = {**env, "DATABASE_URL": f"sqlite:///{path}"}
        for command in (["-m", "app.cli", "migrate"], ["-m", "app.cli", "load-demo"]):
            subprocess.run([sys.executable, *command], cwd=ROOT, env=made, check=True, capture_output=True)
        with contextlib.closing(sqlite3.connect(path)) as db:  # everything in the file itself, none left in a WAL
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA journal_mode=DELETE")
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


class Server:
    def __init__(self, tmp: Path, *, wait: bool = True, extra_env: dict[str, str] | None = None,
                 launcher: tuple[str, ...] = ()) -> None:
        """Start main.py on a copy of the demo database; `extra_env` adds settings, `launcher` goes before the
        command (e.g. `taskset -c 0`)."""
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = outside_pytest_env()
        env.update({
            "DATABASE_URL": f"sqlite:///{tmp / 'e2e.db'}", "DEMO_MODE": "true", "PORT": str(self.port),
            "HOST": "127.0.0.1", "STORAGE_SECRET": "e2e-storage-secret",
        })
        env.pop("FIXED_NOW", None)
        env.update(extra_env or {})
        self.env = env
        shutil.copy(_template(env, tmp.parent), tmp / "e2e.db")
        self.log_path = tmp / "server.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([*launcher, sys.executable, "main.py"], cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.started = time.monotonic()
        if wait:
            self.wait_until_up()

    def wait_until_up(self) -> None:
        """Up within 30 s of its start (a spare started long ago is asked at least once)."""
        deadline = self.started + 30
        while True:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start; see {self.log_path}")

    def sms_code(self, phone: str) -> str:
        response = httpx.get(f"{self.url}/api/dev/sms", params={"phone": phone}, timeout=5)
        response.raise_for_status()
        return response.json()["code"]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("server"))
    yield running
    running.stop()


_SPARE: list[Server] = []


def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Server:
    """A server of a module's own, on a fresh copy of the demo database, with the settings of the shared one. The
    next one is started meanwhile, so a module seldom waits for its server to start; stop it with `stop()`."""
    running = _SPARE.pop() if _SPARE else Server(tmp_path_factory.mktemp("server"), wait=False)
    _SPARE.append(Server(tmp_path_factory.mktemp("server"), wait=False))
    running.wait_until_up()
    return running


@pytest.fixture(scope="session", autouse=True)
def _spare_servers_stopped() -> Iterator[None]:
    yield
    while _SPARE:
        _SPARE.pop().stop()


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, without the background traffic this closed network would refuse."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--no-first-run", "--disable-sync"],
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain document photo, large enough to be accepted."""
    path = tmp_path_factory.mktemp("photos") / "document.jpg"
    Image.new("RGB", (1200, 900), (214, 196, 170)).save(path, "JPEG", quality=85)
    return path


def phone_context(browser: Browser, base_url: str, *, timeout_ms: int = 10_000) -> BrowserContext:
    """A phone as the tests use it: 390x844, touch, device pixel ratio 2, English."""
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2,
                              locale="en-US", base_url=base_url)
    ctx.set_default_timeout(timeout_ms)
    ctx.add_init_script(WATCH_COMPONENTS)
    return ctx


def unresolved_components(page: Page) -> list[str]:
    """Quasar tags this tab has shown that no component rendered (WATCH_COMPONENTS)."""
    return sorted(json.loads(page.evaluate("sessionStorage.getItem('unresolved-components') || '[]'")))


def assert_all_rendered(unresolved: list[str]) -> None:
    assert not unresolved, f"missing from assets/vendor/quasar.prod.js (scripts/quasar/entry.js): {unresolved}"


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    ctx = phone_context(browser, server.url)
    yield ctx
    seen = set()
    for each in ctx.pages:
        with contextlib.suppress(PlaywrightError):
            seen.update(unresolved_components(each))
    ctx.close()
    assert_all_rendered(sorted(seen))


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


_axe = Axe()


def check_a11y(page: Page, name: str) -> None:
    """Zero violations of axe's default rule set (WCAG A/AA and best practices), plus a screenshot."""
    page.wait_for_load_state("networkidle")
    # A page that is still being replaced by the next one has no h1 for a moment; measure the one that stays
    # (a page that never gets one is then reported by axe below).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("document.querySelector('main h1') !== null", timeout=5_000)
    # Closing menus and dialogs fade out; measure the page as it is once they are gone.
    page.wait_for_function("!document.querySelector('[class*=\"-leave-active\"], [class*=\"-enter-active\"]')")
    assert_all_rendered(unresolved_components(page))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    results = _axe.run(page)
    violations = results.response["violations"]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:200] for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found {len(violations)} violation(s) on {name}:\n{details}"


@contextlib.contextmanager
def logins_forgotten(server: Server) -> Iterator[Env]:
    """The server's database, with the login tries of this client forgotten before and after: every e2e login comes
    from 127.0.0.1, one client, so a module's logins do not count against the other modules' (the per-client limit
    itself is tested in the unit tier)."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))

    def forget() -> None:
        with env.db.transaction(immediate=True) as session:
            session.exec(delete(RateLimitHit).where(RateLimitHit.key.like("login:%")))  # type: ignore[call-overload,attr-defined]

    forget()
    try:
        yield env
    finally:
        forget()
        env.db.dispose()

