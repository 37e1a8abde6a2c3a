"""The migrations build exactly the schema the models describe; demo data and the operator command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, text
from sqlmodel import SQLModel, select

import app.models  # noqa: F401 - registers the tables on SQLModel.metadata
from app import cli
from app.config import ROOT, InsecureSettings, get_settings
from app.db import make_engine
from app.models import Account, BindingRequest, RegistryPerson
from app.services import auth, registry
from app.services.demo import load_demo_data
from app.services.errors import AccountLocked, ValidationFailed
from tests.unit.auth_helpers import bound

TABLES = {
    "account", "audit_event", "binding_request", "dev_sms", "document", "login_session", "notification",
    "rate_limit_hit", "registry_person", "verification_code",
    # e-card (0003_ecard)
    "ecard", "ecard_used_token",
    # records (0004_records)
    "contribution_record", "medical_expense",
    # counter service (0005_counter)
    "assist_session",
    # four eyes (0009_four_eyes)
    "request_helper",
    # proof at activation (0007_claims)
    "identity_claim",
    # family mutual aid (0012_mutual_aid)
    "mutual_aid",
    # resident premiums (0013_premium)
    "resident_premium",
    # money (0011_money)
    "institution", "institution_visit", "ledger_account", "ledger_movement", "settlement",
}
TRIGGERS = {"audit_event_no_update", "audit_event_no_delete"}


def _config(url: str) -> Config:
    config = Config(str(Path(ROOT) / "alembic.ini"))
    config.set_main_option("script_location", str(Path(ROOT) / "migrations"))
    config.attributes["database_url"] = url
    return config


def _diffs(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                    "compare_server_default": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def _schema(url: str) -> tuple[set[str], set[str], str | None]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
            triggers = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            version = None
            if inspect(connection).has_table("alembic_version"):
                version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return tables, triggers, version
    finally:
        engine.dispose()


@pytest.fixture
def fresh_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    cli.migrate(url)
    return url


def test_there_is_one_head():
    heads = ScriptDirectory.from_config(_config("sqlite://")).get_heads()
    assert len(heads) == 1


def test_migrations_match_the_models(fresh_url):
    assert _diffs(fresh_url) == []
    tables, triggers, version = _schema(fresh_url)
    assert tables == TABLES == set(SQLModel.metadata.tables)
    assert triggers == TRIGGERS
    assert version == ScriptDirectory.from_config(_config(fresh_url)).get_current_head()


def test_migrate_is_safe_to_run_again(fresh_url):
    cli.migrate(fresh_url)
    assert _diffs(fresh_url) == []


def test_downgrade_to_base_and_upgrade_again(fresh_url):
    config = _config(fresh_url)

    command.downgrade(config, "base")
    tables, triggers, version = _schema(fresh_url)
    assert (tables, triggers, version) == (set(), set(), None)

    command.upgrade(config, "head")
    assert _diffs(fresh_url) == []
    tables, triggers, _ = _schema(fresh_url)
    assert (tables, triggers) == (TABLES, TRIGGERS)


# --- demo data ---------------------------------------------------------------------------------------------------


def _counts(env) -> dict[str, int]:
    with env.db.transaction() as s:
        return {
            "persons": s.exec(select(func.count()).select_from(RegistryPerson)).one(),
            "accounts": s.exec(select(func.count()).select_from(Account)).one(),
        }


def _snapshot(env) -> list[tuple[object, ...]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Account).order_by(Account.id)).all()
        return [(a.id, a.phone, a.role, a.person_id, a.verified_at) for a in rows]


def test_demo_data_is_loaded_as_described(env):
    assert _counts(env) == {"persons": 11, "accounts": 6}
    with env.db.transaction() as s:
        zhang_wei = registry.match(s, env.crypto, "张伟", "110101198503120017")
        newborn = registry.find_by_id_number(s, env.crypto, "110101202605210020")
        assert zhang_wei is not None and newborn is not None
        assert newborn.mother_id == registry.find_by_id_number(s, env.crypto, "110101199002140022").id
        assert newborn.birth_certificate_index == env.crypto.blind_index("O110260521", registry.BIRTH_CERT_PURPOSE)
        lapsed = registry.find_by_id_number(s, env.crypto, "110101197001010016")
        assert lapsed.status == "lapsed"
        roles = {a.phone: (a.role, a.person_id, a.verified_at is not None) for a in s.exec(select(Account)).all()}
        zhao = registry.find_by_id_number(s, env.crypto, "110101194803150025")
        approved = select(BindingRequest).where(BindingRequest.member_person_id == zhao.id,
                                                BindingRequest.status == "approved")
        zhao_holders = {r.holder_id for r in s.exec(approved)}
    assert {phone: roles[phone] for phone in ("13800138000", "13700137000", "13900139000", "13900139001")} == {
        "13800138000": ("resident", zhang_wei.id, True),
        "13700137000": ("resident", zhang_wei.spouse_id, True),
        "13900139000": ("staff", None, False),
        "13900139001": ("staff", None, False),  # the second staff member (four eyes)
    }
    # 赵桂英 is already bound by two demo-only accounts (DESIGN.md §6).
    assert len(zhao_holders) == 2 and set(roles) == {"13800138000", "13700137000", "13900139000", "13900139001",
                                                      "13300000001", "13300000002"}


def test_loading_demo_data_twice_is_idempotent(env):
    before_counts, before_accounts = _counts(env), _snapshot(env)

    assert load_demo_data(env) == {"persons": 11, "accounts": 6}

    assert _counts(env) == before_counts
    assert _snapshot(env) == before_accounts
    with env.db.transaction() as s:
        assert registry.match(s, env.crypto, "陈喆", "310104198808080032") is not None
    assert auth.login_with_password(env, "13800138000", "Family-2026", client="c1")
    assert auth.login_with_password(env, "13900139000", "Counter-2026", client="c1")
    assert auth.login_with_password(env, "13900139001", "Counter-2026", client="c1")


def test_reloading_demo_data_unlocks_demo_accounts(env):
    for _ in range(auth.MAX_WRONG_PASSWORDS):
        with pytest.raises((ValidationFailed, AccountLocked)):
            auth.login_with_password(env, "13700137000", "wrong-password", client="c1")
    with pytest.raises(AccountLocked):
        auth.login_with_password(env, "13700137000", "Family-2026", client="c1")
    load_demo_data(env)
    assert auth.login_with_password(env, "13700137000", "Family-2026", client="c1")


# --- operator command line ---------------------------------------------------------------------------------------


@pytest.fixture
def cli_database(db_url, monkeypatch):
    """Point `python -m app.cli` (which reads its settings from the environment) at the test database."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("DEMO_MODE", raising=False)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_create_staff_from_the_command_line(env, cli_database, capsys):
    assert cli.main(["create-staff", "--phone", "13500135000", "--password", "Desk-Helper-77"]) == 0
    assert "13500135000" in capsys.readouterr().out

    token = bound(env, auth.login_with_password(env, "13500135000", "Desk-Helper-77", client="c1"))
    assert auth.current_session(env, token).role == "staff"

    assert cli.main(["create-staff", "--phone", "13500135000", "--password", "Desk-Helper-77"]) == 2
    assert "phone_taken" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("phone", "password", "message"),
    [("135001350", "Desk-Helper-77", "phone_invalid"), ("13500135000", "12345678", "password_common"),
     ("13500135000", "short", "password_short"), ("13800138000", "Desk-Helper-77", "phone_taken")],
)
def test_create_staff_refuses_bad_input(env, cli_database, capsys, phone, password, message):
    assert cli.main(["create-staff", "--phone", phone, "--password", password]) == 2
    assert message in capsys.readouterr().err
    with env.db.transaction() as s:
        assert s.exec(select(func.count()).select_from(Account)).one() == 6


def test_create_staff_reads_the_password_from_stdin(env, cli_database, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Desk-Helper-77\n"))
    assert cli.main(["create-staff", "--phone", "13500135000"]) == 0
    with env.db.transaction() as s:
        account = s.exec(select(Account).where(Account.phone == "13500135000")).one()
    assert account.role == "staff" and account.password_hash.startswith("$argon2id$")


def test_disable_staff_from_the_command_line(env, cli_database):
    assert cli.main(["disable-staff", "--phone", "13900139000"]) == 0
    with pytest.raises(ValidationFailed):
        auth.login_with_password(env, "13900139000", "Counter-2026", client="c1")
    assert cli.main(["disable-staff", "--phone", "13800138000"]) == 2


def test_load_demo_works_from_the_command_line_in_demo_mode(env, cli_database, monkeypatch, capsys):
    monkeypatch.setenv("DEMO_MODE", "true")
    get_settings.cache_clear()
    assert cli.main(["load-demo"]) == 0
    assert "11 registry persons, 6 accounts" in capsys.readouterr().out
    assert _counts(env) == {"persons": 11, "accounts": 6}


def test_load_demo_refuses_outside_demo_mode(env, cli_database):
    with env.db.transaction() as s:
        s.delete(s.exec(select(Account).where(Account.phone == "13900139000")).one())
    try:
        code = cli.main(["load-demo"])
    except (InsecureSettings, SystemExit):
        code = 1
    assert code != 0
    with env.db.transaction() as s:
        assert s.exec(select(Account).where(Account.phone == "13900139000")).first() is None
