"""What a first visit downloads: NiceGUI's scripts and styles and ours come Brotli-compressed to Chromium, and Quasar
is our build with only the components the app renders (app/web/speedups/quasar_build.py). The records page draws its
chart without a chart library, and no page with a drop-down loads the icon font for its arrow."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Server
from tests.e2e.test_journeys import log_in


@pytest.mark.speedup  # tests a speed-up itself: skipped with STOCK_NICEGUI=1
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


def test_records_and_e_card_load_no_chart_library_and_no_icon_font(page: Page, server: Server) -> None:
    """ECharts was 360 KiB with Brotli on the records page (Lighthouse 73); the Material Icons font, 126 KiB, came
    for the drop-down arrow of "Year" and "Whose card" alone (app/components/icons.py)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.split("?")[0]))
    log_in(page, "13800138000", "Family-2026")
    page.wait_for_url(f"{server.url}/")
    for path, ready in (("/records/expenses?year=2025&lang=en", page.get_by_role("img", name="Bar chart", exact=False)),
                        ("/ecard?lang=en", page.get_by_role("img", name="E-card QR code", exact=True))):
        requested.clear()
        page.goto(server.url + path)
        ready.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.locator(".q-select__dropdown-icon svg").count() >= 1  # the arrow is drawn, as an inline SVG
        assert not [url for url in requested if "echart" in url or "/esm/" in url], requested
        assert not [url for url in requested if url.endswith((".woff2", ".woff", ".ttf"))], requested
