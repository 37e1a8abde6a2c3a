"""JSON endpoints. The dev SMS inbox and the count of pages held exist only in demo mode."""

from __future__ import annotations

from fastapi import HTTPException
from nicegui import Client, app

from app.services import codes
from app.services.env import Env
from app.services.sms import newest_dev_message


def register(env: Env) -> None:
    def demo_only() -> None:
        """The dev endpoints are not there outside demo mode."""
        if not env.settings.demo_mode:
            raise HTTPException(status_code=404, detail="Not Found")

    @app.get("/api/dev/sms")
    def dev_sms(phone: str) -> dict[str, str | None]:
        """The newest code sent to `phone` (demo mode only; 404 otherwise)."""
        demo_only()
        with env.db.transaction() as session:
            message = newest_dev_message(session, codes.normalize_phone(phone))
        if message is None:
            raise HTTPException(status_code=404, detail="No message for this number")
        return {"phone": message.phone, "code": message.code, "sent_at": message.sent_at.isoformat()}

    @app.get("/api/dev/pages")
    def dev_pages() -> dict[str, int]:
        """How many pages the server holds, and for how many a browser is connected (demo mode only; 404
        otherwise): a page the browser has left goes at once (speedups/leaving.py), one that lost its connection is
        kept for a while."""
        demo_only()
        held = list(Client.instances.values())
        return {"pages": len(held), "connected": sum(client.has_socket_connection for client in held)}

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}
