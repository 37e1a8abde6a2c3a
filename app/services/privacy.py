"""A person's rights over their data: download everything stored about the account, or delete it."""

from __future__ import annotations

import json
from datetime import timedelta

from app.models import Account
from app.services import audit, data_export, deletion, passwords, ratelimit
from app.services.audit import Actor
from app.services.auth import require_account
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed


def export_account_data(env: Env, account_id: int, *, client: str | None) -> bytes:
    """Everything stored about the account (app/services/data_export.py), as readable JSON (UTF-8). The download
    is audited."""
    with env.db.transaction(immediate=True) as session:
        account = session.get(Account, account_id)
        if account is None or account.deleted_at is not None:
            return b"{}"
        data = data_export.gather(env, session, account)
        audit.record(session, "data_downloaded", now=env.clock.now(), account_id=account_id,
                     actor=Actor(account_id, account.role, client))
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
