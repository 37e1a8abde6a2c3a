"""The signature pad test app and its server, the phone-size page fixture and the drawing helpers for the
signature pad tests (test_signature_pad_*.py): a tiny NiceGUI app with `signature_field` in its own process.

Self-contained: it starts its own small server and does not need the full app (it only borrows the session's
`browser` from tests/e2e/conftest.py, since one process can run only one sync Playwright).

The page fixture is named `pad_page_fixture` and registered with `name=`, so a test module can import it
(`# noqa: F401`) without the test arguments that request it shadowing the import.
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.e2e.conftest import outside_pytest_env, phone_context

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
TOO_SMALL = "Your signature is too small. Please sign your full name, larger, in the box."

APP = textwrap.dedent('''
    """Test app: one page with the signature field, styled like the real app (tokens + app.css)."""
    import io
    import sys

    from nicegui import app, ui
    from PIL import Image

    from app.components import tokens
    from app.components.signature_pad import signature_field
    from app.components.text import heading
    from app.config import ROOT

    MESSAGES = {
        "signature_empty": "Please sign in the box first.",
        "signature_too_small": "%(too_small)s",
        "signature_invalid": "The signature could not be read. Please clear it and sign again.",
    }

    app.add_static_files("/assets", ROOT / "assets")
    app.config.quasar_config["loadingBar"] = {"skipHijack": True}
    app.colors(primary=tokens.NORMAL["primary"], negative=tokens.NORMAL["error"], positive=tokens.NORMAL["success"])
    ui.add_head_html(f"<style>{tokens.css_variables()}</style>\\n"
                     '<link rel="stylesheet" href="/assets/app.css">\\n<script src="/assets/app.js"></script>',
                     shared=True)


    @ui.page("/")
    def index() -> None:
        ui.page_title("Signature pad test")
        ui.add_head_html('<script>document.documentElement.classList.add("fs-standard")</script>')
        # NiceGUI's page is a <main> landmark already; it gets the one h1.
        heading(1, "Sign the commitment letter")
        calls = []

        async def signed(png: bytes) -> None:
            image = Image.open(io.BytesIO(png))
            calls.append(image.size)
            result.text = f"signed: {image.width}x{image.height} ({image.format} {image.mode}) #{len(calls)}"

        signature_field(label="Signature pad", clear_label="Clear", ok_label="OK",
                        hint="Sign with your finger in the box", on_ok=signed, message_for=MESSAGES.__getitem__)
        result = ui.label("").props('role="status"')
        # Enough page below the pad that a finger dragging on the page would scroll it.
        ui.label("The rest of the page").style("min-height: 1600px")


    ui.run(host="127.0.0.1", port=int(sys.argv[1]), show=False, reload=False, storage_secret="x", tailwind=False,
           language="en-US", title="Signature pad test")
''') % {"too_small": TOO_SMALL}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pad_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("signature_pad")
    script = tmp / "signature_app.py"
    script.write_text(APP, encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = outside_pytest_env()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    log_path = tmp / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, str(script), str(port)], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(url, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("signature test app did not start:\n" + log_path.read_text())
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(name="pad_page")
def pad_page_fixture(browser: Browser, pad_url: str) -> Iterator[Page]:
    context = phone_context(browser, pad_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    expect(page.get_by_role("img", name="Signature pad", exact=True)).to_be_visible()
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


# ---- helpers -----------------------------------------------------------------------------------------------

def pad_box(page: Page) -> dict[str, float]:
    box = page.get_by_role("img", name="Signature pad", exact=True).bounding_box()
    assert box is not None
    return box


def zigzag(box: dict[str, float], *, teeth: int = 6, inset: float = 24) -> list[tuple[float, float]]:
    """Points of a zigzag across the pad, top to bottom and back, left to right."""
    points = []
    for i in range(2 * teeth + 1):
        x = box["x"] + inset + i * (box["width"] - 2 * inset) / (2 * teeth)
        y = box["y"] + (inset if i % 2 == 0 else box["height"] - inset)
        points.append((x, y))
    return points


def touch(cdp: CDPSession, points: list[tuple[float, float]], *, steps: int = 6) -> None:
    """One finger: touchStart at the first point, touchMoves along the lines through the others, touchEnd."""
    x, y = points[0]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        for k in range(1, steps + 1):
            point = {"x": xa + (xb - xa) * k / steps, "y": ya + (yb - ya) * k / steps}
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def canvas_state(page: Page) -> dict[str, float]:
    return page.evaluate("""() => {
        const c = document.querySelector('canvas[role="img"]');
        const r = c.getBoundingClientRect();
        return {width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height,
                inked: (() => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()};
    }""")


def assert_axe_clean(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    violations = Axe().run(page).response["violations"]
    details = "\n".join(f"- {v['id']}: {v['help']}: " + "; ".join(n["html"][:160] for n in v["nodes"][:3])
                        for v in violations)
    assert not violations, f"axe found {len(violations)} violation(s) on {name}:\n{details}"


def ok_button(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("button", name="OK", exact=True)


SIGNED = re.compile(r"signed: (\d+)x(\d+) \(PNG RGBA\) #(\d+)")


def signed_size(page: Page, count: int = 1) -> tuple[int, int]:
    status = page.get_by_role("status").filter(has_text="signed:")
    expect(status).to_have_text(re.compile(rf"#{count}$"))
    match = SIGNED.search(status.inner_text())
    assert match, status.inner_text()
    return int(match[1]), int(match[2])
