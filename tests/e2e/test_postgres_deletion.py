"""Deletion and retention on PostgreSQL (a throwaway cluster, as tests/e2e/test_postgres.py starts it): a deleted
account's foreign keys hold, its id and its requests' ids never come back, the person registers again, and two
purges at the same moment (two instances) neither crash nor delete or count anything twice."""

from __future__ import annotations

import threading

from sqlalchemy import text
from sqlmodel import select

from app.cli import migrate
from app.models import Account, AuditEvent
from app.services import accounts, privacy, retention, review
from app.services.binding import drafts, lifecycle
from app.services.demo import load_demo_data
from app.services.env import Env, build_env
from app.services.sms import newest_dev_message
from tests.conftest import make_settings
from tests.e2e.test_postgres import postgres_url  # noqa: F401 - the cluster, one per module
from tests.unit.binding_helpers import (
    LI_XIULAN,
    STAFF_PHONE,
    WANG_FANG,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI_PHONE,
    ZHANG_ZIHAN,
    account_id,
    ready_request,
    request_row,
)
from tests.unit.ecard_helpers import approved_member

PASSWORD = "Family-2026"


def _env(url: str) -> Env:
    migrate(url)
    env = build_env(make_settings(url))
    load_demo_data(env)
    return env


def _rejected(env: Env, holder: int, staff: int, person: tuple[str, str], relationship: str) -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="pg")
    review.open_request(env, staff, view.id)
    review.decide(env, staff, view.id, approve=False, reason="documents")
    return view.id


def test_two_purges_at_once_on_postgres(postgres_url: str) -> None:  # noqa: F811
    env = _env(postgres_url)
    try:
        holder, staff = account_id(env, ZHANG_WEI_PHONE), account_id(env, STAFF_PHONE)
        for person, relationship in ((ZHANG_JIANGUO, "parent"), (LI_XIULAN, "parent"), (WANG_FANG, "spouse")):
            _rejected(env, holder, staff, person, relationship)
        env.clock.advance(days=91)
        results: list[dict[str, int]] = []
        errors: list[BaseException] = []
        together = threading.Barrier(2)

        def run() -> None:
            try:
                together.wait()
                results.append(retention.purge(env, batch_size=1))
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        assert errors == []
        assert sum(r["documents_deleted"] for r in results) == 9  # three requests' photo, signature and letter
        assert sum(r["requests_purged"] for r in results) == 3
        assert retention.purge(env) == {"drafts_expired": 0, "requests_purged": 0, "documents_deleted": 0}
        with env.db.engine.connect() as connection:
            assert connection.execute(text("select count(*) from document")).scalar_one() == 0
    finally:
        env.db.dispose()


def test_a_deleted_accounts_ids_are_never_given_again_on_postgres(postgres_url: str) -> None:  # noqa: F811
    env = _env(postgres_url)
    try:
        wf, zw = account_id(env, WANG_FANG_PHONE), account_id(env, ZHANG_WEI_PHONE)
        son = approved_member(env, wf, ZHANG_ZIHAN, "child")
        draft = drafts.open_draft(env, wf, client="pg")  # the newest request: its id would come back first

        privacy.delete_account(env, wf, PASSWORD, client="pg")  # every foreign key to the account holds

        accounts.send_register_code(env, WANG_FANG_PHONE, client="pg")
        with env.db.transaction() as session:
            code = newest_dev_message(session, WANG_FANG_PHONE).code
        accounts.register(env, consent=True, phone=WANG_FANG_PHONE, code=code, password="Sunny-Garden-88",
                          client="pg")
        other = drafts.open_draft(env, zw, client="pg")
        with env.db.transaction() as session:
            again = session.exec(select(Account).where(Account.phone == WANG_FANG_PHONE)).one()
            tombstone = session.get(Account, wf)
            last = session.exec(select(AuditEvent).where(AuditEvent.account_id == wf)
                                .order_by(AuditEvent.id.desc())).first()  # type: ignore[union-attr]
        assert again.id is not None and again.id > wf
        assert (tombstone.phone, tombstone.person_id, tombstone.deleted_at is not None) == (None, None, True)
        assert last is not None and last.action == "account_deleted"  # the audit trail names the old account
        assert other.id > draft.id and other.number != draft.number
        assert (request_row(env, son).status, request_row(env, son).holder_id) == ("unbound", wf)
    finally:
        env.db.dispose()


def test_0008_goes_down_and_up_with_a_tombstone_on_postgres(postgres_url: str) -> None:  # noqa: F811
    from alembic import command
    from alembic.config import Config

    from app.config import ROOT

    env = _env(postgres_url)
    try:
        privacy.delete_account(env, account_id(env, ZHANG_WEI_PHONE), PASSWORD, client="pg")
    finally:
        env.db.dispose()
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = postgres_url
    command.downgrade(config, "0007_claims")  # tombstones get a number no one can type
    command.upgrade(config, "head")
