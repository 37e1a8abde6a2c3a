"""Two cashiers settling at the same moment on SQLite (IMMEDIATE transactions): one balance is never overdrawn and
one idempotency key settles once. tests/e2e/test_postgres_money.py runs the same on PostgreSQL (row locks)."""

from __future__ import annotations

from tests.unit.money_races import (
    one_key_sent_twice_at_once,
    one_reversal_sent_twice_at_once,
    two_cashiers_on_one_balance,
)


def test_two_cashiers_on_one_balance(env, db_url) -> None:
    two_cashiers_on_one_balance(env, db_url)


def test_the_same_idempotency_key_sent_twice_at_once(env, db_url) -> None:
    one_key_sent_twice_at_once(env, db_url)


def test_the_same_reversal_sent_twice_at_once(env, db_url) -> None:
    one_reversal_sent_twice_at_once(env, db_url)
