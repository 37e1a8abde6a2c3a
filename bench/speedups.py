"""What each speed-up of app/web/speedups brings (DESIGN.md §7: a speed-up stays only while a benchmark shows it pays).

For NiceGUI as it ships (STOCK_NICEGUI=1), all speed-ups, and all but one (SPEEDUPS_OFF=<name>), each on a fresh
server pinned to one core (the load on the other):
- **wrk**: the home page (logged in) at 10 connections, `BENCH_SECONDS` (default 8): requests/s and p95. wrk never
  connects a page's websocket, so it also measures what pages nobody opens cost;
- **sessions**: `BENCH_EACH_PEOPLE` (default 150) simulated people (bench/_people.py) acting for
  `BENCH_SESSION_SECONDS` (default 30): the server's CPU per action and the round trip's p95.

The rows are information; bench/README.md says which speed-up each row kept or removed. `BENCH_EACH` (comma-separated
names, or "stock", "all") picks the variants for a shorter run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.web import speedups
from app.web.fixes import name
from bench import Result
from bench.pages import LUA, wrk
from bench.sessions import ramp, server_and_people_cores
from tests.e2e.conftest import Server

PAGE = "/"


def variants() -> dict[str, dict[str, str]]:
    """All speed-ups (first and last, to see the run's noise), NiceGUI as it ships, and all but one of those that
    keep page views cheap (`speedups.RUNTIME`; Lighthouse measures the first page's, `speedups.FIRST_PAGE`)."""
    every = {"all": {}, "stock": {"STOCK_NICEGUI": "1"}}
    every |= {f"without {name(piece)}": {"SPEEDUPS_OFF": name(piece)} for piece in speedups.RUNTIME}
    every["all, again"] = {}
    wanted = [part.strip() for part in os.environ.get("BENCH_EACH", "").split(",") if part.strip()]
    return {label: env for label, env in every.items()
            if not wanted or label in wanted or label.removeprefix("without ") in wanted}


def measure(tmp: Path, label: str, extra_env: dict[str, str], script: Path) -> Result:
    seconds = float(os.environ.get("BENCH_SESSION_SECONDS", "30"))
    people = int(os.environ.get("BENCH_EACH_PEOPLE", "150"))
    server_core, load_cores = server_and_people_cores()
    folder = tmp / label.replace(" ", "-")
    folder.mkdir()
    server = Server(folder, extra_env=extra_env, launcher=("taskset", "-c", server_core))
    try:
        step = ramp(server.url, load_cores, seconds, people, server_pid=server.process.pid, step=people)[0]
        cookie = step.get("cookie")
        page = wrk(server.url + PAGE, 10, int(os.environ.get("BENCH_SECONDS", "8")), script, cookie,
                   cores=load_cores)
    finally:
        server.stop()
    if "actions" not in step:
        return Result(f"speed-ups, {label}: no step ({step})", 0, 0, 0, 0, None)
    cpu_ms = step["server_cpu"] * seconds * 1000 / max(1, step["actions"])
    row = (f"speed-ups, {label}: sessions {people} people: server CPU {cpu_ms:.2f} ms per action, "
           f"{step['server_cpu'] * 100:.0f} % of the core, {step['errors']} errors; wrk home at 10 conn: "
           f"{page['rps']:.0f} req/s, p95 {page['p95']:.1f} ms")
    return Result(row, step["actions"], step["p50"], step["p95"], step["max"], None)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-speedups-") as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(LUA)
        return [measure(Path(tmp), label, env, script) for label, env in variants().items()]
