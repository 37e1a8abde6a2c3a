"""The institution API over HTTP (DESIGN.md §2.9): verify with a key answers a visit, settle and reverse answer
their JSON, bad bodies and keys get their reason (never a traceback, never FastAPI's own 422 layout), and the
endpoints are in FastAPI's OpenAPI schema."""

from __future__ import annotations

import pytest
from nicegui import app
from nicegui.testing import User

from app.services import cards
from tests.ui.helpers import account_id, service_env
from tests.unit.ecard_helpers import approved_member

KEY = {"Authorization": "Bearer demo-kangning-key"}


def father_token() -> str:
    with service_env() as env:
        holder = account_id("13800138000")
        choices = cards.member_choices(env, holder)  # the father, approved once per test
        request_id = choices[0].request_id if choices else approved_member(env, holder)
        return cards.issue_card_token(env, holder, request_id).token


async def _visit(user: User) -> str:
    response = await user.http_client.post("/api/verify", json={"token": father_token()}, headers=KEY)
    assert response.status_code == 200 and response.json()["valid"] is True
    return response.json()["visit"]


def _bill(visit: str, **changes: object) -> dict[str, object]:
    return {"visit": visit, "receipt_number": "R-0001", "total_fen": 12000, "fund_fen": 8450, "self_pay_fen": 3550,
            "idempotency_key": "k-1", **changes}


async def test_verify_with_a_key_answers_a_visit_and_without_one_it_is_unchanged(user: User) -> None:
    anonymous = await user.http_client.post("/api/verify", json={"token": father_token()})
    assert anonymous.status_code == 200 and "visit" not in anonymous.json()
    visit = await _visit(user)
    assert visit.startswith("v_")
    wrong = await user.http_client.post("/api/verify?lang=en", json={"token": father_token()},
                                        headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["reason"] == "invalid_key"


async def test_settle_and_reverse_over_http(user: User) -> None:
    visit = await _visit(user)
    settled = await user.http_client.post("/api/settle", json=_bill(visit), headers=KEY)
    assert settled.status_code == 200 and settled.headers["cache-control"] == "no-store"
    body = settled.json()
    assert set(body) == {"settlement_number", "own_fen", "family_fen", "cash_fen"}
    assert (body["own_fen"], body["family_fen"], body["cash_fen"]) == (0, 0, 3550)  # no mutual aid yet: cash
    assert "张" not in settled.text and "345678" not in settled.text  # never a name or a balance
    again = await user.http_client.post("/api/settle", json=_bill(visit), headers=KEY)
    assert again.json() == body  # a replay answers the first result
    conflict = await user.http_client.post("/api/settle", json=_bill(visit, total_fen=13000, fund_fen=9450),
                                           headers=KEY)
    assert conflict.status_code == 409 and conflict.json()["reason"] == "idempotency_conflict"
    number = body["settlement_number"]
    reversed_ = await user.http_client.post(f"/api/settle/{number}/reverse", headers=KEY)
    assert reversed_.status_code == 200 and reversed_.json()["reversed"] is True
    retry = await user.http_client.post(f"/api/settle/{number}/reverse", headers=KEY)
    assert retry.json() == reversed_.json()
    missing = await user.http_client.post("/api/settle/S-NOPE/reverse?lang=en", headers=KEY)
    assert missing.status_code == 404 and missing.json() == {
        "reason": "not_found", "message": "There is no settlement with this number."}


@pytest.mark.parametrize(("content", "status", "reason"), [
    (b"{not json", 400, "bad_request"),
    (b"", 400, "bad_request"),
    (b'["visit"]', 400, "bad_request"),
    (b"{}", 400, "bad_request"),
    (b"x" * 5000, 400, "bad_request"),
])
async def test_bad_bodies_get_a_reason(user: User, content: bytes, status: int, reason: str) -> None:
    response = await user.http_client.post("/api/settle", content=content, headers=KEY)
    assert (response.status_code, response.json()["reason"]) == (status, reason)
    assert response.json()["message"]


@pytest.mark.parametrize("changes", [{"total_fen": 120.5}, {"total_fen": "12000"}, {"fund_fen": None},
                                     {"self_pay_fen": True}, {"total_fen": -1, "fund_fen": -1, "self_pay_fen": 0},
                                     {"total_fen": 10**30}, {"self_pay_fen": 100}])
async def test_bad_amounts_over_http(user: User, changes: dict[str, object]) -> None:
    visit = await _visit(user)
    response = await user.http_client.post("/api/settle", json=_bill(visit, **changes), headers=KEY)
    assert (response.status_code, response.json()["reason"]) == (422, "invalid_amount")


@pytest.mark.parametrize("header", [None, "Bearer", "Basic ZGVtbw==", "Bearer wrong"])
async def test_no_or_a_wrong_key_is_401(user: User, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = await user.http_client.post("/api/settle", json=_bill("v_x"), headers=headers)
    assert (response.status_code, response.json()["reason"]) == (401, "invalid_key")


async def test_the_endpoints_are_in_the_openapi_schema(user: User) -> None:
    await user.open("/login")
    schema = app.openapi()
    settle = schema["paths"]["/api/settle"]["post"]
    assert {"visit", "receipt_number", "total_fen", "fund_fen", "self_pay_fen", "idempotency_key"} <= set(
        settle["requestBody"]["content"]["application/json"]["schema"]["properties"])
    assert {"200", "401", "409", "422"} <= set(settle["responses"])
    assert "/api/settle/{number}/reverse" in schema["paths"] and "/api/verify" in schema["paths"]
    assert {"SettleAnswer", "ReverseAnswer", "Refusal"} <= set(schema["components"]["schemas"])
