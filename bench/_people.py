"""Simulated people for `bench/sessions.py`: each one a phone with its own cookies and address, logging in, loading
pages, connecting each page's websocket as the browser does (NiceGUI's Socket.IO, implicit handshake) and acting
every 5 s +- 2: 60 % a tap that changes the page, 30 % moving to another page, 10 % a records filter.

Run by `bench/sessions.py` in its own process (pinned to its own core):
    python -m bench._people URL --step 25 --seconds 30 --max 600
It prints one JSON line per step: {"people", "actions", "p50", "p95", "max", "errors", "kinds": {...}} (ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
import socketio

from bench import percentile

PHONE, PASSWORD = "13800138000", "Family-2026"  # the demo resident (DESIGN.md §6)
PAGES = ("/", "/family", "/ecard", "/records/expenses")
RECORDS = "/records/expenses"
MIX = (("tap", 0.6), ("page", 0.3), ("filter", 0.1))
THINK_S, THINK_SPREAD_S = 5.0, 2.0
TAPS = ("Text size", "Accessibility")  # header buttons on every page: each tap opens or closes its panel
ELEMENTS = re.compile(r"parseElements\(String\.raw`(.*?)`\)", re.S)
QUERY = re.compile(r"query: (\{.*?\}),\n")
TIMEOUT_S = 10.0


class Refused(RuntimeError):
    """The server did not answer as a browser would expect (a status, a page without elements, a refused socket)."""


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind, _ in MIX})
    errors: list[str] = field(default_factory=list)
    counting: bool = False

    def add(self, kind: str, ms: float) -> None:
        if self.counting:
            self.times[kind].append(ms)

    def fail(self, what: str) -> None:
        if self.counting:
            self.errors.append(what)


@dataclass
class Page:
    path: str
    client_id: str
    elements: dict[str, dict]
    socket: socketio.AsyncClient
    next_message_id: int = 0
    acked: int = 0
    waiter: asyncio.Future | None = None
    awaited: str = "update"  # the message that answers the event being sent
    navigated_to: str | None = None

    def find(self, *, label: str | None = None, aria: str | None = None) -> tuple[str, dict]:
        for element_id, element in self.elements.items():
            props = element.get("props", {})
            if (label and props.get("label") == label) or (aria and props.get("aria-label") == aria):
                return element_id, element
        raise Refused(f"{self.path}: no element {label or aria!r}")


def parse_page(path: str, html: str) -> tuple[dict[str, dict], dict]:
    elements, query = ELEMENTS.search(html), QUERY.search(html)
    if not elements or not query:
        raise Refused(f"{path}: not a page")
    options = json.loads(query.group(1).replace("'", '"').replace("True", "true").replace("False", "false"))
    return json.loads(elements.group(1)), options


class Person:
    def __init__(self, base: str, number: int, stats: Stats) -> None:
        self.base, self.stats = base, stats
        address = f"10.{number // 62500 % 256}.{number // 250 % 250}.{number % 250 + 1}"  # a phone of its own
        self.http = httpx.AsyncClient(base_url=base, headers={"X-Forwarded-For": address, "Accept-Language": "en"},
                                      timeout=TIMEOUT_S)
        self.address = address
        self.tab_id = str(uuid.uuid4())
        self.page: Page | None = None

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())

    async def open(self, path: str) -> Page:
        """Load `path` (following redirects as the browser does) and connect its websocket; the page it landed on.
        As in a browser, the page being left goes (`pagehide`, its connection closed) once the new one has come."""
        response = await self.http.get(path)
        while response.status_code in (302, 303, 307):
            path = response.headers["location"]
            response = await self.http.get(path)
        if response.status_code != 200:
            raise Refused(f"{path}: {response.status_code}")
        elements, options = parse_page(path, response.text)
        await self.leave()
        query = {**options, "document_id": str(uuid.uuid4()), "tab_id": self.tab_id, "old_tab_id": "",
                 "implicit_handshake": "true"}
        sio = socketio.AsyncClient(reconnection=False)
        page = Page(path, query["client_id"], elements, sio)
        sio.on("*", lambda event, data=None: self.received(page, event, data))
        await sio.connect(f"{self.base.replace('http', 'ws', 1)}?{urlencode(query)}", transports=["websocket"],
                          socketio_path="/_nicegui_ws/socket.io", wait_timeout=TIMEOUT_S,
                          headers={"Cookie": self.cookie_header(), "X-Forwarded-For": self.address})
        self.page = page
        return page

    def received(self, page: Page, event: str, data: object) -> None:
        if isinstance(data, dict) and isinstance(data.get("_id"), int):
            page.next_message_id = max(page.next_message_id, data["_id"] + 1)
        if event == "open" and isinstance(data, dict):
            page.navigated_to = data.get("path")
        if page.waiter and not page.waiter.done() and event == page.awaited:
            page.waiter.set_result(event)

    async def leave(self) -> None:
        page, self.page = self.page, None
        if page and page.socket.connected:
            await page.socket.emit("fec_leaving")  # as assets/app.js does on `pagehide`
            await asyncio.sleep(0.001)  # the word goes out before the connection closes, as in a browser
            await page.socket.disconnect()

    async def event(self, element_id: str, listener_id: str, args: list[object], answer: str | None) -> str:
        """Send one event as NiceGUI's page does and wait for the server's `answer` to it (e.g. "update": the page
        changed); None: the event has no answer (typing)."""
        page = self.page
        assert page is not None
        if page.acked < page.next_message_id:  # the browser acknowledges what it got every 3 s
            await page.socket.emit("ack", {"client_id": page.client_id, "next_message_id": page.next_message_id})
            page.acked = page.next_message_id
        page.waiter, page.awaited = asyncio.get_running_loop().create_future(), answer or ""
        await page.socket.emit("event", {"id": int(element_id), "client_id": page.client_id, "listener_id": listener_id,
                                         "args": [json.dumps(arg) for arg in args]})
        return await asyncio.wait_for(page.waiter, TIMEOUT_S) if answer else ""

    async def fire(self, element_id: str, element: dict, kind: str, args: list[object],
                   answer: str | None = "update") -> str:
        listener = next((e["listener_id"] for e in element.get("events", []) if e["type"] == kind), None)
        if listener is None:
            raise Refused(f"{self.page.path if self.page else '?'}: element {element_id} has no {kind}")
        return await self.event(element_id, listener, args, answer)

    async def log_in(self) -> None:
        page = await self.open("/login?lang=en")
        for aria, value in (("Mobile number", PHONE), ("Password", PASSWORD)):
            await self.fire(*page.find(aria=aria), "update:value", [value], None)  # typing: no answer
        await self.fire(*page.find(label="Log in"), "click", [], "open")  # navigates on
        deadline = time.monotonic() + TIMEOUT_S
        while page.navigated_to is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if not page.navigated_to or not page.navigated_to.startswith("/login/continue"):
            raise Refused(f"login did not go on (to {page.navigated_to!r})")
        landed = await self.open(page.navigated_to)
        if landed.path.startswith("/login"):
            raise Refused("login refused")

    async def tap(self) -> None:
        await self.fire(*self.page.find(label=random.choice(TAPS)), "click", [])

    async def move(self) -> None:
        here = self.page.path if self.page else None
        await self.open(random.choice([p for p in PAGES if p != here]))

    async def filter(self) -> None:
        """Choose another year on the records page (the same years stay on offer whatever is chosen)."""
        element_id, element = self.page.find(label="Year")
        props = element["props"]
        current = (props.get("model-value") or {}).get("value")
        choices = [option for option in props.get("options", []) if option.get("value") != current]
        if not choices:
            raise Refused("records: no other year to choose")
        props["model-value"] = choice = random.choice(choices)
        await self.fire(element_id, element, "update:modelValue", [choice])

    async def act(self, kind: str) -> None:
        if kind == "filter" and (not self.page or self.page.path != RECORDS):
            await self.timed("page", self.open(RECORDS))  # to the records page first, as a person would
            await asyncio.sleep(1.0)
        await self.timed(kind, {"tap": self.tap, "page": self.move, "filter": self.filter}[kind]())

    async def timed(self, kind: str, action) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            await action
        except Exception as exc:
            self.stats.fail(f"{kind}: {type(exc).__name__}: {exc}"[:200])
            return
        self.stats.add(kind, (time.perf_counter() - start) * 1000)

    async def live(self, stop: asyncio.Event, mix: tuple[tuple[str, float], ...] = MIX) -> None:
        kinds, weights = zip(*mix, strict=True)
        while not stop.is_set():
            await asyncio.sleep(max(0.1, random.uniform(THINK_S - THINK_SPREAD_S, THINK_S + THINK_SPREAD_S)))
            if not stop.is_set():
                await self.act(random.choices(kinds, weights)[0])


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of process `pid` so far (0 without one)."""
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(people: int, stats: Stats) -> dict:
    every = sorted(t for times in stats.times.values() for t in times)

    def pct(values: list[float], fraction: float) -> float:
        return percentile(values, fraction) if values else 0.0

    return {"people": people, "actions": len(every), "p50": pct(every, 0.5), "p95": pct(every, 0.95),
            "max": every[-1] if every else 0.0, "errors": len(stats.errors), "first_errors": stats.errors[:3],
            "kinds": {kind: {"n": len(times), "p95": pct(sorted(times), 0.95)} for kind, times in stats.times.items()}}


async def ramp(base: str, step: int, seconds: float, most: int, *, p95_limit: float, server_pid: int | None,
               mix: tuple[tuple[str, float], ...] = MIX) -> None:
    stats, stop, people, tasks, over = Stats(), asyncio.Event(), [], [], 0
    while len(people) < most:
        stats.counting = False
        joining = [Person(base, len(people) + i, stats) for i in range(step)]
        for person in joining:  # log in a few at a time, as people arrive; not measured
            try:
                await person.log_in()
            except Exception as exc:
                print(json.dumps({"people": len(people), "login_error": f"{type(exc).__name__}: {exc}"}), flush=True)
                return
        people += joining
        tasks += [asyncio.create_task(person.live(stop, mix)) for person in joining]
        await asyncio.sleep(THINK_S)  # the newcomers' first actions spread out
        stats.times, stats.errors, stats.counting = {kind: [] for kind, _ in MIX}, [], True
        cpu_before = cpu_seconds(server_pid)
        await asyncio.sleep(seconds)
        stats.counting = False
        result = summary(len(people), stats)
        result["server_cpu"] = (cpu_seconds(server_pid) - cpu_before) / seconds  # share of one core
        result["cookie"] = people[0].cookie_header()  # one person's login, for wrk
        print(json.dumps(result), flush=True)
        over = over + 1 if result["p95"] >= p95_limit else 0
        if result["errors"] or over == 2 or result["p95"] >= p95_limit * 2:  # past the knee: stop
            break
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.gather(*(person.leave() for person in people), return_exceptions=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--step", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max", type=int, default=600)
    parser.add_argument("--p95", type=float, default=150)
    parser.add_argument("--server-pid", type=int, default=None)
    parser.add_argument("--only", choices=[kind for kind, _ in MIX], help="one kind of action (to profile it)")
    args = parser.parse_args(argv)
    mix = tuple((kind, 1.0 if kind == args.only else 0.0) for kind, _ in MIX) if args.only else MIX
    asyncio.run(ramp(args.url, args.step, args.seconds, args.max, p95_limit=args.p95, server_pid=args.server_pid,
                     mix=mix))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
