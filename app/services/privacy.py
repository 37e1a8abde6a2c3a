"""A person's rights over their data: download of everything stored about their account."""

from __future__ import annotations

import json

from app.models import Account
from app.services import audit, registry
from app.services.audit import Actor
from app.services.env import Env


def export_account_data(env: Env, account_id: int, *, client: str | None) -> bytes:
    """Everything stored about the account, as readable JSON (UTF-8). The download is audited."""
    with env.db.transaction() as session:
        account = session.get(Account, account_id)
        if account is None:
            return b"{}"
        person = registry.get(session, account.person_id) if account.person_id else None
        view = registry.view(env.crypto, person) if person else None
        events = audit.activity(session, account_id, limit=10_000)
        data = {
            "account": {
                "mobile_number": account.phone,
                "created_at": account.created_at.isoformat(),
                "real_name_verified_at": account.verified_at.isoformat() if account.verified_at else None,
                "preferences": {"text_size": account.text_size, "high_contrast": account.high_contrast,
                                "read_aloud": account.read_aloud, "language": account.language},
            },
            "own_e_voucher": None if view is None else {
                "name": view.name, "id_number": view.id_number, "sex": view.sex,
                "birth_date": view.birth_date.isoformat(), "region_code": view.region_code,
                "insurance_type": view.insurance_type, "status": view.status,
            },
            "account_activity": [
                {"at": e.at.isoformat(), "action": e.action, "by": e.actor_role, "detail": e.detail} for e in events
            ],
        }
        audit.record(session, "data_downloaded", now=env.clock.now(), account_id=account_id,
                     actor=Actor(account_id, client=client))
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
