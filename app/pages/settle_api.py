"""The institution API for paying with the e-card (DESIGN.md §2.9): `POST /api/settle` and
`POST /api/settle/{number}/reverse`, with the institution's key in `Authorization: Bearer <key>`.

Bodies are read up to a limit and checked here with the Pydantic models below, so a bad body gets a JSON answer
with a `reason` (never FastAPI's own 422 layout, never a traceback); the same models document the endpoints in
FastAPI's OpenAPI schema (`/openapi.json`, served in demo mode; `app.openapi()` otherwise)."""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import Request
from fastapi.responses import JSONResponse
from nicegui import app, run
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.i18n import parse_language, pick_language, translate
from app.pages.bodies import read_limited
from app.services import settlements, settlements_reverse
from app.services.env import Env

MAX_BODY_BYTES = 4096
NO_STORE = {"Cache-Control": "no-store"}
STATUS = {"invalid_key": 401, "bad_request": 400, "invalid_amount": 422, "wrong_institution": 403, "expired": 410,
          "already_used": 409, "not_insured": 409, "duplicate_receipt": 409, "idempotency_conflict": 409,
          "rate_limited": 429, "not_found": 404, "other_institution": 403, "not_same_day": 409}
AMOUNTS = ("total_fen", "fund_fen", "self_pay_fen")


class SettleBody(BaseModel):
    """A bill as the insurance core system worked it out, for the visit a verification opened."""

    model_config = ConfigDict(strict=True, extra="forbid")
    visit: str = Field(description="the `visit` token `POST /api/verify` answered this institution (30 minutes)")
    receipt_number: str = Field(max_length=40, description="the institution's receipt number, unique per institution")
    total_fen: int = Field(description="the bill's total in fen (whole, > 0)")
    fund_fen: int = Field(description="what the pooled fund pays, in fen")
    self_pay_fen: int = Field(description="the person's own share in fen; fund_fen + self_pay_fen = total_fen")
    idempotency_key: str = Field(max_length=64, description="per institution: the same key and fields answer the "
                                                            "first result; the same key with other fields is refused")


class SettleAnswer(BaseModel):
    settlement_number: str = Field(description="S-<yyyymmdd>-<random>, for the reversal")
    own_fen: int = Field(description="paid from the patient's own personal account")
    family_fen: int = Field(description="paid from the holder's personal account through family mutual aid")
    cash_fen: int = Field(description="the rest of the own share, to be paid in cash")


class ReverseAnswer(SettleAnswer):
    reversed: bool = True
    reversed_at: datetime


class Refusal(BaseModel):
    reason: str = Field(description="invalid_key, bad_request, invalid_amount, wrong_institution, expired, "
                                    "already_used, not_insured, duplicate_receipt, idempotency_conflict, rate_limited;"
                                    " reverse: not_found, other_institution, not_same_day")
    message: str


def _language(request: Request) -> str:
    return parse_language(request.query_params.get("lang")) or pick_language(request.headers.get("accept-language"))


def bearer_key(request: Request) -> str | None:
    """The key of `Authorization: Bearer <key>`; "" when the header is there but is not a bearer key."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def refused(language: str, reason: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "message": translate(language, f"settle.{reason}")},
                        status_code=STATUS.get(reason, 400), headers=NO_STORE)


def _reason(error: Exception) -> str:
    """invalid_amount when only amounts are wrong (a fraction, a string, a boolean), else bad_request."""
    if not isinstance(error, ValidationError):
        return "bad_request"
    wrong = {str(e["loc"][0]) if e["loc"] else "" for e in error.errors()}
    return "invalid_amount" if wrong <= set(AMOUNTS) else "bad_request"


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


REFUSALS = {status: {"model": Refusal} for status in sorted(set(STATUS.values()))}
SETTLE_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": SettleBody.model_json_schema()}}}}


def register(env: Env) -> None:
    @app.post("/api/settle", response_model=SettleAnswer, responses=REFUSALS, openapi_extra=SETTLE_BODY,
              tags=["institutions"])
    async def settle(request: Request) -> JSONResponse:
        """Settle one bill with the e-card: the own share from the patient's personal account, then the holder's
        through mutual aid, the rest in cash (never refused for a low balance)."""
        language, key = _language(request), bearer_key(request)
        if not key:
            return refused(language, "invalid_key")
        raw = await read_limited(request, MAX_BODY_BYTES)
        try:
            body = SettleBody.model_validate(json.loads(raw)) if raw is not None else None
        except (ValueError, UnicodeDecodeError) as error:
            return refused(language, _reason(error))
        if body is None:
            return refused(language, "bad_request")
        try:
            wanted = settlements.SettleRequest(**body.model_dump())
            done = await run.io_bound(settlements.settle, env, key, wanted, client=_client(request))
        except settlements.Refused as refusal:
            return refused(language, refusal.code)
        return JSONResponse(SettleAnswer(**done.__dict__).model_dump(), headers=NO_STORE)

    @app.post("/api/settle/{number}/reverse", response_model=ReverseAnswer, responses=REFUSALS,
              tags=["institutions"])
    async def reverse(number: str, request: Request) -> JSONResponse:
        """Reverse a settlement: only the institution that settled it, the same day (Asia/Shanghai); a retry answers
        the first reversal."""
        language, key = _language(request), bearer_key(request)
        if not key:
            return refused(language, "invalid_key")
        try:
            done = await run.io_bound(settlements_reverse.reverse, env, key, number, client=_client(request))
        except settlements.Refused as refusal:
            return refused(language, refusal.code)
        return JSONResponse(ReverseAnswer(**done.__dict__).model_dump(mode="json"), headers=NO_STORE)
