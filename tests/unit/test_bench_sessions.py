"""bench/sessions.py and bench/_people.py: the capacity rule of DESIGN.md §7 and how a simulated person reads a page."""

from __future__ import annotations

import json

import pytest

from bench import _people, sessions


def _step(people: int, p95: float, errors: int = 0, actions: int = 100) -> dict:
    kinds = {"tap": {"n": 60, "p95": p95}, "page": {"n": 30, "p95": p95}, "filter": {"n": 10, "p95": p95}}
    return {"people": people, "actions": actions, "p50": 5.0, "p95": p95, "max": p95 * 2, "errors": errors,
            "first_errors": ["tap: TimeoutError"] if errors else [], "kinds": kinds, "server_cpu": 0.5}


def test_capacity_is_the_largest_step_under_the_limit_without_errors() -> None:
    steps = [_step(25, 20), _step(50, 40), _step(75, 149.9), _step(100, 160), _step(125, 90, errors=1)]
    assert sessions.capacity(steps)["people"] == 75
    assert sessions.capacity([_step(25, 150)]) is None  # p95 must be below 150 ms
    assert sessions.capacity([{"people": 0, "login_error": "TimeoutError"}]) is None


def test_the_row_says_the_capacity_and_checks_the_target() -> None:
    steps = [_step(275, 100), _step(300, 120), _step(325, 200)]
    row = sessions.result("tuned", steps, target=300)
    assert "capacity 300 people" in row.name and row.passed and row.p95_ms == 120
    assert not sessions.result("tuned", steps[:1], target=300).passed
    stock = sessions.result("stock", [_step(25, 20), _step(50, 300, errors=2)], target=None)
    assert "capacity 25 people" in stock.name and "2 errors" in stock.name and stock.verdict == "info"


def test_a_person_reads_the_elements_and_the_connection_query_of_a_page() -> None:
    elements = {"0": {"tag": "q-btn", "props": {"label": "Log in"}, "events": [{"listener_id": "L", "type": "click"}]}}
    html = (f"createApp(parseElements(String.raw`{json.dumps(elements)}`), {{\n"
            "        query: {'client_id': 'abc', 'next_message_id': 0, 'implicit_handshake': True},\n")
    parsed, query = _people.parse_page("/login", html)
    assert parsed == elements and query == {"client_id": "abc", "next_message_id": 0, "implicit_handshake": True}
    with pytest.raises(_people.Refused):
        _people.parse_page("/login", "<html>Too many requests</html>")
