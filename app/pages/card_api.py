"""The e-card endpoints for scanners: `POST /api/verify` checks a scanned code once, `GET /api/keys`
publishes the public keys so a scanner can check signatures offline (it cannot see reuse that way).
Bad input gets a JSON answer with a reason code, never a traceback."""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import JSONResponse
from nicegui import app, run

from app.i18n import parse_language, pick_language, translate
from app.pages import settle_api
from app.pages.bodies import read_limited
from app.pages.settle_api import bearer_key
from app.services import card_tokens, cards, settlements
from app.services.env import Env

MAX_BODY_BYTES = 4096
NO_STORE = {"Cache-Control": "no-store"}


def _language(request: Request) -> str:
    return parse_language(request.query_params.get("lang")) or pick_language(request.headers.get("accept-language"))


def _refused(language: str, reason: str, status: int) -> JSONResponse:
    return JSONResponse({"valid": False, "reason": reason, "message": translate(language, f"verify.{reason}")},
                        status_code=status, headers=NO_STORE)


def answer(language: str, result: cards.Verification) -> dict[str, object]:
    """The JSON of a verification: reason and message always, personal fields (masked) where known."""
    body: dict[str, object] = {"valid": result.valid}
    if result.reason:
        body["reason"] = result.reason
    body["message"] = translate(language, f"verify.{result.reason or 'valid'}")
    if result.name is not None:
        body.update(name=result.name, region=translate(language, f"region.{result.region_code}"),
                    region_code=result.region_code, insurance_type=result.insurance_type,
                    insurance_status=result.insurance_status)
    return body


VERIFY_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["token"], "properties": {"token": {"type": "string", "description": "the scanned "
    "e-card code; with `Authorization: Bearer <institution key>` a valid code also answers a `visit` token"}}}}}}}


def register(env: Env) -> None:
    @app.post("/api/verify", openapi_extra=VERIFY_BODY)
    async def verify(request: Request) -> JSONResponse:
        """Check a scanned e-card code: {"token": "..."} -> validity, masked name, region, insurance status."""
        language = _language(request)
        raw = await read_limited(request, MAX_BODY_BYTES)
        if raw is None:
            return _refused(language, "bad_request", 413)
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _refused(language, "bad_request", 400)
        if not isinstance(data, dict):
            return _refused(language, "bad_request", 400)
        token = data.get("token")
        if not isinstance(token, str) or not token.strip():
            return _refused(language, "token_missing", 422)
        institution_id = None
        if (key := bearer_key(request)) is not None:  # an institution's cashier system: a visit for settling (§2.9)
            try:
                institution_id = await run.io_bound(settlements.admit_call, env, key, "verify",
                                                    client=request.client.host if request.client else None)
            except settlements.Refused as refusal:
                return settle_api.refused(language, refusal.code)
        result = await run.io_bound(cards.verify_card_token, env, token, institution_id)
        body = answer(language, result)
        if result.visit is not None:
            body["visit"] = result.visit
        return JSONResponse(body, headers=NO_STORE)

    @app.get("/api/keys")
    def keys() -> JSONResponse:
        """The public keys that verify e-card codes (JSON Web Keys), and the token layout."""
        return JSONResponse({
            "keys": cards.public_keys(env),
            "token": {
                "version": card_tokens.VERSION, "encoding": "base32 (RFC 4648) without padding",
                "bytes": card_tokens.TOKEN_BYTES, "lifetime_seconds": int(cards.LIFETIME.total_seconds()),
                "layout": ["version:1", "key_id:1", "card_ref:8", "issued_at:4", "expires_at:4", "nonce:8",
                           "ed25519_signature:64"],
                "signed": "the 26 bytes before the signature",
            },
        }, headers={"Cache-Control": "public, max-age=300"})
