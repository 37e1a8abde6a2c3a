"""What a first visit downloads: NiceGUI's scripts and styles and ours come Brotli-compressed to Chromium, and Quasar
is our build with only the components the app renders (app/web/speedups/quasar_build.py)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Server

pytestmark = pytest.mark.speedup  # tests a speed-up itself: skipped with STOCK_NICEGUI=1


def test_the_first_page_scripts_and_styles_come_brotli_compressed(page: Page, server: Server) -> None:
    page.route("**/*", lambda route: route.continue_())  # routing turns the browser's cache off: every load fetches
    encodings: dict[str, str | None] = {}
    page.on("response", lambda response: encodings.__setitem__(
        response.url.split("?")[0].rsplit("/", 1)[-1], response.header_value("content-encoding")))
    deadline = time.monotonic() + 30  # a fresh checkout compresses them in the background at start-up
    while True:
        encodings.clear()
        page.goto(server.url + "/login?lang=en")
        page.get_by_role("button", name="Log in", exact=True).wait_for()
        if encodings.get("quasar.prod.js") == "br" or time.monotonic() > deadline:
            break
        time.sleep(1)
    for name in ("quasar.prod.js", "vue.esm-browser.prod.js", "quasar.unimportant.prod.css", "socket.io.min.js",
                 "nicegui.js", "app.js", "app.css"):
        assert encodings.get(name) == "br", (name, encodings.get(name))
    assert encodings.get("login") in {"gzip", None}  # the page itself is made per request: gzip, as before
    assert "quasar.umd.prod.js" not in encodings  # NiceGUI's full build: 491 KiB, 127 KiB with Brotli
    sizes = dict(page.evaluate("""() => performance.getEntriesByType('resource')
        .map(r => [r.name.split('?')[0].split('/').pop(), [r.encodedBodySize, r.decodedBodySize]])"""))
    encoded, decoded = sizes["quasar.prod.js"]
    assert 0 < encoded < decoded * 0.3  # gzip -9 makes it 0.32 of the file, Brotli 0.29
    assert decoded < 200 * 1024
    total = sum(encoded for encoded, _ in sizes.values())
    assert total < 180 * 1024, total  # 163 KiB; about 250 with NiceGUI's Quasar
