"""A person's rights over their data: download everything stored about the account, or delete it."""

from __future__ import annotations

import json
from datetime import timedelta

from app.models import Account
from app.services import audit, deletion, passwords, ratelimit, registry
from app.services.audit import Actor
from app.services.auth import require_account
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed


def export_account_data(env: Env, account_id: int, *, client: str | None) -> bytes:
    """Everything stored about the account, as readable JSON (UTF-8). The download is audited."""
    with env.db.transaction(immediate=True) as session:
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


DELETE_TRIES = 5
DELETE_WINDOW = timedelta(minutes=15)


def delete_account(env: Env, account_id: int, password: str, *, client: str | None) -> None:
    """Delete the account after checking its password again (app/services/deletion.py says what that does). The
    registry record (the insurance system's) and the audit trail (append-only) stay. Slow on purpose (argon2):
    call it off the event loop."""
    if not password:
        raise ValidationFailed({"password": "password_empty"})
    key = f"delete:account:{account_id}"
    with env.db.transaction() as session:  # only reads: the password is checked outside any transaction
        now = env.clock.now()
        password_hash = require_account(session, account_id).password_hash
        ratelimit.check(session, key, limit=DELETE_TRIES, window=DELETE_WINDOW, now=now, field="password")
    right = password_hash is not None and passwords.verify_password(password_hash, password)
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        requests = deletion.lock_open_requests(session, account_id)
        account = require_account(session, account_id, for_update=True)  # PostgreSQL: one try at a time
        ratelimit.check(session, key, limit=DELETE_TRIES, window=DELETE_WINDOW, now=now, field="password")
        if not right or account.password_hash != password_hash:  # wrong, or changed meanwhile
            ratelimit.record(session, key, now)
            failure: DomainError = ValidationFailed({"password": "password_incorrect"})
        else:
            deletion.erase(env, session, account, requests, actor=Actor(account_id, account.role, client))
            return
    raise failure  # the counted wrong try is committed first
