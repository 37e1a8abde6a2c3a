"""JSON endpoints. The dev SMS inbox exists only in demo mode."""

from __future__ import annotations

from fastapi import HTTPException
from nicegui import app

from app.services import codes
from app.services.env import Env
from app.services.sms import newest_dev_message


def register(env: Env) -> None:
    @app.get("/api/dev/sms")
    def dev_sms(phone: str) -> dict[str, str | None]:
        """The newest code sent to `phone` (demo mode only; 404 otherwise)."""
        if not env.settings.demo_mode:
            raise HTTPException(status_code=404, detail="Not Found")
        with env.db.transaction() as session:
            message = newest_dev_message(session, codes.normalize_phone(phone))
        if message is None:
            raise HTTPException(status_code=404, detail="No message for this number")
        return {"phone": message.phone, "code": message.code, "sent_at": message.sent_at.isoformat()}

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}
