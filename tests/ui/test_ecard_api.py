"""The scanner endpoints (DESIGN.md §2.4): `POST /api/verify` answers validity, masked name, region and
insurance status and refuses reuse; bad input gets a reason, never a traceback; `GET /api/keys`."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from app.services import cards
from tests.ui.helpers import account_id, service_env
from tests.unit.binding_helpers import ZHANG_JIANGUO
from tests.unit.ecard_helpers import approved_member, flipped


def issue(member: bool = False) -> str:
    with service_env() as env:
        holder = account_id("13800138000")
        request_id = approved_member(env, holder) if member else None
        return cards.issue_card_token(env, holder, request_id).token


async def test_a_member_code_verifies_once(user: User) -> None:
    token = issue(member=True)
    first = await user.http_client.post("/api/verify", json={"token": token})
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    assert first.json() == {"valid": True, "message": "电子凭证有效", "name": "张*国", "region": "北京市东城区",
                            "region_code": "110101", "insurance_type": "resident", "insurance_status": "insured"}
    assert ZHANG_JIANGUO[1] not in first.text and "张建国" not in first.text

    again = await user.http_client.post("/api/verify?lang=en", json={"token": token})
    assert again.status_code == 200
    assert again.json() == {"valid": False, "reason": "already_used", "message": "This e-card code has already been "
                            "used. Ask for the code on the screen to be refreshed."}


async def test_refusals_carry_a_reason_and_no_personal_data(user: User) -> None:
    token = issue()
    for sent, reason in ((flipped(token, 12), "invalid_signature"), ("HELLO", "malformed"),
                         (flipped(token, 1), "unknown_key")):
        response = await user.http_client.post("/api/verify", json={"token": sent},
                                               headers={"Accept-Language": "en-US"})
        body = response.json()
        assert response.status_code == 200 and body["valid"] is False and body["reason"] == reason, sent
        assert body["message"] and "name" not in body


@pytest.mark.parametrize(("content", "status", "reason"), [
    (b"{not json", 400, "bad_request"),
    (b"\xff\xfe", 400, "bad_request"),
    (b"", 400, "bad_request"),
    (b'["token"]', 400, "bad_request"),
    (b'"just a string"', 400, "bad_request"),
    (b"{}", 422, "token_missing"),
    (b'{"token": null}', 422, "token_missing"),
    (b'{"token": 12345}', 422, "token_missing"),
    (b'{"token": ["A"]}', 422, "token_missing"),
    (b'{"token": "   "}', 422, "token_missing"),
    (b'{"token": "' + b"A" * 5000 + b'"}', 413, "bad_request"),
])
async def test_bad_input_gets_a_reason_never_a_traceback(user: User, content: bytes, status: int, reason: str) -> None:
    response = await user.http_client.post("/api/verify?lang=en", content=content,
                                           headers={"Content-Type": "application/json"})
    assert response.status_code == status
    body = response.json()
    assert body["valid"] is False and body["reason"] == reason and body["message"]
    assert "Traceback" not in response.text


async def test_a_huge_body_is_refused_without_being_read(user: User) -> None:
    taken = 0

    async def flood():  # 16 MB in pieces of 8 KB, as a client might keep sending
        nonlocal taken
        for _ in range(2000):
            taken += 1
            yield b"x" * 8192

    headers = {"Content-Type": "application/json"}
    response = await user.http_client.post("/api/verify?lang=en", content=flood(), headers=headers)
    assert response.status_code == 413 and response.json()["reason"] == "bad_request"
    assert taken == 1  # reading stopped once past 4 KB

    taken = 0
    said = await user.http_client.post("/api/verify?lang=en", content=flood(), headers=headers | {
        "Content-Length": str(2000 * 8192)})
    assert said.status_code == 413 and said.json()["reason"] == "bad_request"
    assert taken == 0  # the length it declared was enough


async def test_keys_are_published(user: User) -> None:
    response = await user.http_client.get("/api/keys")
    assert response.status_code == 200
    body = response.json()
    assert [(k["kid"], k["crv"], k["signing"]) for k in body["keys"]] == [("1", "Ed25519", True)]
    assert body["token"]["bytes"] == 90 and body["token"]["lifetime_seconds"] == 60
    assert all(set(k) == {"kid", "key_id", "kty", "crv", "alg", "use", "x", "signing"} for k in body["keys"])
