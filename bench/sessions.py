"""Sessions as people use them (DESIGN.md §7): simulated people (`bench/_people.py`: Socket.IO clients, each with
its own cookies, acting every 5 s +- 2: 60 % taps, 30 % page changes, 10 % records filters) join in steps of 25,
30 s each, until the action round trip's p95 reaches 150 ms twice or an action fails.

Capacity = the largest step with p95 < 150 ms and no errors. On a 2-core machine the server is pinned to one core and
the people to the other (`taskset`). Reported for NiceGUI as it ships (`STOCK_NICEGUI=1`) and with the app's
speed-ups, from one run; the tuned capacity has the target (>= 300 people on one core). Two instances behind nginx
are measured only where the machine has >= 4 cores (one core per instance, the rest for nginx and the people).

`BENCH_SESSION_SECONDS` (default 30) and `BENCH_PEOPLE_MAX` (default 600) shorten a trial run;
`BENCH_SESSION_MODES` (default "stock,tuned") picks the servers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench import Result
from tests.e2e.conftest import ROOT, Server, _free_port, outside_pytest_env

TARGET_PEOPLE, P95_LIMIT_MS, STEP, TWO_INSTANCES_GAIN = 300, 150.0, 25, 1.7
MODES = {"stock": {"STOCK_NICEGUI": "1"}, "tuned": {}}


def cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def server_and_people_cores() -> tuple[str, str]:
    """One core for the server, the others (or the same one on a single core) for the people, as `taskset` lists."""
    available = cores()
    return str(available[0]), ",".join(map(str, available[1:] or available))


def ramp(url: str, generator_cores: str, seconds: float, most: int, *, server_pid: int, step: int = STEP) -> list[dict]:
    """The people's steps against `url` (one dict per step, see bench/_people.py)."""
    env = outside_pytest_env()
    command = ["taskset", "-c", generator_cores, sys.executable, "-m", "bench._people", url, "--step", str(step),
               "--seconds", str(seconds), "--max", str(most), "--p95", str(P95_LIMIT_MS),
               "--server-pid", str(server_pid)]
    output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def capacity(steps: list[dict]) -> dict | None:
    passing = [s for s in steps if "actions" in s and not s["errors"] and s["actions"] and s["p95"] < P95_LIMIT_MS]
    return max(passing, key=lambda s: s["people"]) if passing else None


def result(name: str, steps: list[dict], *, target: int | None) -> Result:
    best = capacity(steps)
    people = best["people"] if best else 0
    trail = ", ".join(f"{s['people']}: {s['p95']:.0f} ({s['server_cpu'] * 100:.0f} % CPU"
                      + (f", {s['errors']} errors)" if s.get("errors") else ")")
                      for s in steps if "actions" in s)
    problems = [s.get("login_error") or "; ".join(s.get("first_errors", [])) for s in steps
                if s.get("login_error") or s.get("errors")]
    label = (f"sessions, {name}: capacity {people} people (each step: people: p95 ms (server CPU): {trail}"
             + (f"; first problem: {problems[0][:120]}" if problems else "")
             + (f"; target >= {target}" if target else "") + ")")
    kinds = best["kinds"] if best else {}
    if kinds:
        label += " [at capacity p95: " + ", ".join(f"{k} {v['p95']:.0f} ms (n={v['n']})"
                                                   for k, v in kinds.items()) + "]"
    return Result(label, best["actions"] if best else 0, best["p50"] if best else 0.0, best["p95"] if best else 0.0,
                  best["max"] if best else 0.0, None, check=(people >= target) if target else None)


def run() -> list[Result]:
    seconds = float(os.environ.get("BENCH_SESSION_SECONDS", "30"))
    most = int(os.environ.get("BENCH_PEOPLE_MAX", "600"))
    wanted = [mode for mode in os.environ.get("BENCH_SESSION_MODES", "stock,tuned").split(",") if mode]
    server_core, generator_cores = server_and_people_cores()
    results, tuned = [], None
    for mode in wanted:
        with tempfile.TemporaryDirectory(prefix=f"bench-sessions-{mode}-") as tmp:
            server = Server(Path(tmp), extra_env=MODES[mode], launcher=("taskset", "-c", server_core))
            try:
                steps = ramp(server.url, generator_cores, seconds, most, server_pid=server.process.pid)
            finally:
                server.stop()
        name = "NiceGUI as it ships (STOCK_NICEGUI=1)" if mode == "stock" else "with the app's speed-ups"
        results.append(result(f"one process on one core, {name}", steps,
                              target=TARGET_PEOPLE if mode == "tuned" else None))
        if mode == "tuned":
            tuned = capacity(steps)
    results.append(two_instances(cores(), seconds, most, tuned["people"] if tuned else None))
    return results


def two_instances(available: list[int], seconds: float, most: int, one: int | None) -> Result:
    """deploy/cluster.sh with two instances, one core each, behind nginx (PostgreSQL, Redis); the people on the other
    cores. Target: >= TWO_INSTANCES_GAIN times one instance's capacity. `BENCH_TWO_INSTANCES=1` runs it on fewer
    than 4 cores too (the figures then mean nothing: a check that the set-up works)."""
    if len(available) < 4 and not os.environ.get("BENCH_TWO_INSTANCES"):
        return Result(f"sessions, two instances behind nginx: skipped, {len(available)} cores here (needs >= 4: one "
                      "per instance, the rest for nginx, PostgreSQL, Redis and the people)", 0, 0, 0, 0, None)
    state = Path(tempfile.mkdtemp(prefix="bench-sessions-two-"))
    app_ports = [_free_port(), _free_port()]
    env = outside_pytest_env()
    env.pop("FIXED_NOW", None)
    env.update({"CLUSTER_PORT": str(_free_port()), "REDIS_PORT": str(_free_port()), "PG_PORT": str(_free_port()),
                "APP_PORTS": " ".join(map(str, app_ports)), "DEMO_MODE": "true",
                "APP_CPUS": " ".join(map(str, available[:2])), "CLUSTER_REAL_IP_FROM": "127.0.0.1",
                "CLUSTER_CONNECTIONS": "8192"})
    script = ["bash", str(ROOT / "deploy" / "cluster.sh")]
    people_cores = ",".join(map(str, available[2:] or available[1:]))
    try:
        with open(state / "start.log", "w") as out:  # a file, not a pipe: the daemons keep their descriptors
            subprocess.run([*script, "start", str(state)], env=env, stdout=out, stderr=subprocess.STDOUT, check=True,
                           timeout=180)
        first = int((state / f"app-{app_ports[0]}.pid").read_text())
        steps = ramp(f"http://127.0.0.1:{env['CLUSTER_PORT']}", people_cores, seconds, most, server_pid=first)
    finally:
        subprocess.run([*script, "stop", str(state)], env=env, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(state, ignore_errors=True)
    row = result("two instances behind nginx, one core each (the first one's CPU)", steps, target=None)
    two = capacity(steps)
    if one is None or two is None:
        return row
    gain = two["people"] / one
    return replace(row, name=f"{row.name}; {gain:.2f}x one instance (target >= {TWO_INSTANCES_GAIN}x)",
                   check=gain >= TWO_INSTANCES_GAIN)
