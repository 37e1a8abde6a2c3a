"""Money on PostgreSQL (DESIGN.md §2.9): the money migration and demo balances, and two cashiers at the same moment
never overdrawing one balance (row locks, `SELECT ... FOR UPDATE`), one idempotency key settling once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.cli import migrate
from app.services.demo import load_demo_data
from app.services.env import Env, build_env
from tests.conftest import make_settings
from tests.e2e.test_postgres import postgres_url  # noqa: F401 - the throwaway cluster
from tests.unit.money_helpers import assert_ledger_whole
from tests.unit.money_races import (
    one_key_sent_twice_at_once,
    one_reversal_sent_twice_at_once,
    two_cashiers_on_one_balance,
)


@pytest.fixture
def pg_env(postgres_url: str) -> Iterator[Env]:  # noqa: F811
    migrate(postgres_url)
    env = build_env(make_settings(postgres_url))
    load_demo_data(env)
    yield env
    with env.db.engine.begin() as connection:  # the next test starts from the demo again (accounts, balances)
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    env.db.dispose()


def test_demo_balances_on_postgres(pg_env: Env) -> None:
    with pg_env.db.engine.connect() as connection:
        balances = connection.execute(text("select balance_fen from ledger_account where kind = 'personal' "
                                           "order by balance_fen desc")).scalars().all()
    assert balances == [345678, 210000, 88000, 0, 0]
    assert_ledger_whole(pg_env)


def test_two_cashiers_on_one_balance_on_postgres(pg_env: Env, postgres_url: str) -> None:  # noqa: F811
    two_cashiers_on_one_balance(pg_env, postgres_url, rounds=8)


def test_the_same_idempotency_key_at_once_on_postgres(pg_env: Env, postgres_url: str) -> None:  # noqa: F811
    one_key_sent_twice_at_once(pg_env, postgres_url)


def test_the_same_reversal_at_once_on_postgres(pg_env: Env, postgres_url: str) -> None:  # noqa: F811
    one_reversal_sent_twice_at_once(pg_env, postgres_url)
