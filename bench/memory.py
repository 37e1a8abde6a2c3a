"""Server memory with real browser clients (DESIGN.md §7): < 1 MB per connected client, and no growth over 1,000
page views. Separate from the wrk runs (bench/pages.py), because NiceGUI keeps a never-connected client for a while.

- **per connected client**: what 40 more Chromium pages connected to the login page add to the server's resident
  memory (VmRSS), divided by 40, with 40 connected already (so one-time costs such as imports and caches are not
  counted). All 80 stay connected: memory of pages that were let go would be reused by the new ones and hide
  their cost;
- **1,000 page views**: 4 logged-in browser tabs each open home, family, e-card and My in turn, 1,000 views in all;
  RSS is sampled every 100 views. The growth from the second to the last sample must stay under 8 MB (the first
  100 views warm caches up).

`BENCH_CLIENTS` and `BENCH_VIEWS` change the numbers (for a quick look).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from bench import Result
from bench.pages import logged_in_page
from tests.e2e.conftest import ACCEPTED, Server, launch_chromium

PER_CLIENT_TARGET_MB, GROWTH_TARGET_MB = 1.0, 8.0
PAGES = ("/", "/family", "/ecard", "/my")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _connected_pages(browser: Browser, url: str, count: int) -> list[Page]:
    pages = []
    for _ in range(count):
        page = browser.new_context(base_url=url).new_page()
        page.goto("/login?lang=en")
        page.wait_for_function(ACCEPTED)
        pages.append(page)
    return pages


def _close(pages: list[Page]) -> None:
    for page in pages:
        page.context.close()


def run() -> list[Result]:
    clients = int(os.environ.get("BENCH_CLIENTS", "40"))
    views = int(os.environ.get("BENCH_VIEWS", "1000"))
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp, sync_playwright() as playwright:
        server = Server(Path(tmp))
        browser = launch_chromium(playwright)
        try:
            pid = server.process.pid
            first = _connected_pages(browser, server.url, clients)  # one-time costs first
            before = rss_mb(pid)
            more = _connected_pages(browser, server.url, clients)
            per_client = (rss_mb(pid) - before) / clients
            _close(first + more)

            tabs = [logged_in_page(browser, server.url) for _ in range(4)]
            samples = []
            for view in range(views):
                tab = tabs[view % len(tabs)]
                tab.goto(PAGES[(view // len(tabs)) % len(PAGES)])
                tab.wait_for_function(ACCEPTED)
                if (view + 1) % 100 == 0:
                    samples.append(rss_mb(pid))
            growth = samples[-1] - samples[min(1, len(samples) - 1)]
        finally:
            browser.close()
            server.stop()
    trail = ", ".join(f"{s:.0f}" for s in samples)
    return [
        Result(f"server MB per connected client ({clients} clients; target < {PER_CLIENT_TARGET_MB:.0f} MB)", clients,
               per_client, per_client, per_client, None, check=per_client < PER_CLIENT_TARGET_MB),
        Result(f"RSS growth MB over {views} page views (RSS every 100: {trail}; target < {GROWTH_TARGET_MB:.0f})",
               views, growth, growth, max(samples), None, check=growth < GROWTH_TARGET_MB),
    ]
