"""Pages under load (DESIGN.md §7): `wrk` on loopback at 1, 10 and 50 connections against login, home, family and
e-card (logged in, with a session cookie), and against a bare NiceGUI page started in the same run.

Targets: with one connection p95 < 50 ms; at 50 connections at least 0.7 times the bare page's requests per second (on 2
cores absolute latencies at 50 connections are queueing, so the ratio is what holds). `BENCH_SECONDS` (default 8)
sets how long each wrk run lasts. Needs Debian's `wrk` and Chromium (to log in once, as a person would).

Same starting point for every page: a page that never opened its websocket (all that wrk makes) is kept for 30 s
(NiceGUI's default: a minute), so a server that has just served another page's runs carries their backlog. The bare
page gets a fresh process for its three runs, and so does each of our pages.

The bare page of the target is NiceGUI's hello page as NiceGUI ships it: the page DESIGN.md §7 describes ("roughly
100-300 requests/s on 2 cores"). The same page with our runtime tuning (app/web/speedups)
is measured too, for information, and each of our rows also gives its throughput against that one ("x tuned bare"):
how much of what the tuning saves our own pages' work takes back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, sync_playwright

from bench import Result
from tests.e2e.conftest import ROOT, Server, _free_port, launch_chromium, outside_pytest_env
from tests.e2e.test_journeys import log_in

PAGES = {"login": "/login", "home": "/", "family": "/family", "e-card": "/ecard"}
CONNECTIONS = (1, 10, 50)
SINGLE_TARGET_MS, THROUGHPUT_RATIO = 50.0, 0.7
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"p50": %f, "p95": %f, "p99": %f, "max": %f, "requests": %d, "duration_us": %d, '
    .. '"errors": %d}\\n', latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk(url: str, connections: int, seconds: int, script: Path, cookie: str | None, *,
        cores: str | None = None) -> dict[str, float]:
    """One wrk run (on `cores` if given); latencies in ms, throughput in requests/s."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if cores:
        command[:0] = ["taskset", "-c", cores]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(part for part in output.splitlines() if part.startswith("JSON "))
    raw = json.loads(line[5:])
    return {"p50": raw["p50"] / 1000, "p95": raw["p95"] / 1000, "p99": raw["p99"] / 1000, "max": raw["max"] / 1000,
            "rps": raw["requests"] / (raw["duration_us"] / 1e6), "requests": raw["requests"], "errors": raw["errors"]}


def session_cookie(server: Server) -> str:
    """Log the demo resident in through the browser, as a person would, and return the session cookie."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = logged_in_page(browser, server.url)
        cookie = next(c for c in page.context.cookies() if c["name"] == "session")
        browser.close()
    return f"session={cookie['value']}"


def logged_in_page(browser: Browser, url: str) -> Page:
    """A new browser page with the demo resident logged in, at home."""
    page = browser.new_context(base_url=url, locale="en-US").new_page()
    log_in(page, "13800138000", "Family-2026")
    page.wait_for_url(f"{url}/")
    return page


def bare_server(port: int, *, default_runtime: bool = False) -> subprocess.Popen[bytes]:
    env = outside_pytest_env()
    extra = ["default"] if default_runtime else []
    process = subprocess.Popen([sys.executable, "-m", "bench._bare_page", str(port), *extra], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the bare NiceGUI page did not start")


def bare_runs(seconds: int, script: Path, *, default_runtime: bool = False) -> dict[int, dict[str, float]]:
    port = _free_port()
    bare = bare_server(port, default_runtime=default_runtime)
    try:
        return {n: wrk(f"http://127.0.0.1:{port}/", n, seconds, script, None) for n in CONNECTIONS}
    finally:
        bare.kill()


def page_runs(tmp: Path, name: str, path: str, seconds: int, script: Path) -> dict[int, dict[str, float]]:
    """A fresh server, logged in once through the browser, then wrk at each number of connections."""
    server = Server(tmp / name)
    try:
        cookie = session_cookie(server) if name != "login" else None
        answer = httpx.get(server.url + path, headers={"Cookie": cookie} if cookie else {})
        assert answer.status_code == 200 and not answer.history, (name, answer.status_code)  # the page, not the login
        return {n: wrk(server.url + path, n, seconds, script, cookie) for n in CONNECTIONS}
    finally:
        server.stop()


def _row(name: str, numbers: dict[str, float], target: float | None = None, check: bool | None = None) -> Result:
    label = f"{name} ({numbers['rps']:.0f} req/s, p99 {numbers['p99']:.1f} ms, {numbers['errors']} errors)"
    return Result(label, int(numbers["requests"]), numbers["p50"], numbers["p95"], numbers["max"], target, check)


def run() -> list[Result]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench.pages needs wrk: apt-get install -y wrk")
    seconds = int(os.environ.get("BENCH_SECONDS", "8"))
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(LUA)
        bare = bare_runs(seconds, script, default_runtime=True)
        for n, numbers in bare.items():
            results.append(_row(f"bare NiceGUI page (as NiceGUI ships it), {n} conn", numbers))
        tuned = bare_runs(seconds, script)
        for n, numbers in tuned.items():
            results.append(_row(f"bare NiceGUI page with our runtime tuning, {n} conn", numbers))
        for name, path in PAGES.items():
            (Path(tmp) / name).mkdir()
            for n, numbers in page_runs(Path(tmp), name, path, seconds, script).items():
                ratio = numbers["rps"] / bare[n]["rps"]
                label = f"{name}, {n} conn, {ratio:.2f}x bare ({numbers['rps'] / tuned[n]['rps']:.2f}x tuned bare)"
                if n == 1:
                    results.append(_row(label, numbers, target=SINGLE_TARGET_MS))
                elif n == max(CONNECTIONS):
                    results.append(_row(label + f" (target >= {THROUGHPUT_RATIO}x)", numbers,
                                        check=ratio >= THROUGHPUT_RATIO and numbers["errors"] == 0))
                else:
                    results.append(_row(label, numbers))
    return results
