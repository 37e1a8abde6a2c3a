"""Two cashiers at the same moment (DESIGN.md §2.9), for SQLite (tests/unit) and PostgreSQL (tests/e2e): each in a
thread with its own Env (its own connections), as two app instances would be."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.services import settlements
from app.services.env import build_env
from app.services.settlements import SettleRequest
from app.services.settlements_reverse import reverse
from tests.conftest import make_settings
from tests.unit.binding_helpers import CHEN_ZHE, add_verified_account
from tests.unit.money_helpers import DEMO_KEY, assert_ledger_whole, balance_of, bill, visit_for

CHEN_OPENING = 88000


def race(db_url: str, requests: list[SettleRequest]) -> list[object]:
    """Send each request from its own thread at once; what each was answered (a Settled or a reason)."""
    barrier = threading.Barrier(len(requests))
    outcomes: list[object] = [None] * len(requests)

    def send(index: int, request: SettleRequest) -> None:
        own = build_env(make_settings(db_url))
        try:
            barrier.wait(timeout=10)
            outcomes[index] = settlements.settle(own, DEMO_KEY, request)
        except settlements.Refused as refused:
            outcomes[index] = refused.code
        except Exception as other:
            outcomes[index] = repr(other)
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def two_cashiers_on_one_balance(env, db_url: str, rounds: int = 5) -> None:
    """陈喆 (¥880.00) is served at two counters at once, twice ¥600.00 of own share each round: the account pays
    ¥880.00 in all, never more, and the rest is cash."""
    chen = add_verified_account(env, "13600136000", CHEN_ZHE)
    paid = 0
    for _ in range(rounds):
        outcomes = race(db_url, [bill(visit_for(env, chen), 100000, 40000) for _ in range(2)])
        assert all(isinstance(o, settlements.Settled) for o in outcomes), outcomes
        paid += sum(o.own_fen for o in outcomes)  # type: ignore[union-attr]
        assert all(o.own_fen + o.cash_fen == 60000 for o in outcomes)  # type: ignore[union-attr]
        assert balance_of(env, CHEN_ZHE[1]) == CHEN_OPENING - paid >= 0
    assert paid == CHEN_OPENING
    assert_ledger_whole(env)


def one_key_sent_twice_at_once(env, db_url: str, make_visit: Callable[[], str] | None = None) -> None:
    """The same request (same idempotency key) from two threads at once settles once; both get the same answer."""
    chen = add_verified_account(env, "13600136000", CHEN_ZHE)
    request = bill(make_visit() if make_visit else visit_for(env, chen), 30000, 10000)
    first, second = race(db_url, [request, request])
    assert isinstance(first, settlements.Settled) and first == second, (first, second)
    assert balance_of(env, CHEN_ZHE[1]) == CHEN_OPENING - 20000
    assert_ledger_whole(env)


def one_reversal_sent_twice_at_once(env, db_url: str) -> None:
    """The same reversal from two threads at once gives the money back once; both get the first reversal."""
    chen = add_verified_account(env, "13600136000", CHEN_ZHE)
    number = settlements.settle(env, DEMO_KEY, bill(visit_for(env, chen), 30000, 10000)).settlement_number
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def send(index: int) -> None:
        own = build_env(make_settings(db_url))
        try:
            barrier.wait(timeout=10)
            outcomes[index] = reverse(own, DEMO_KEY, number)
        except Exception as other:
            outcomes[index] = repr(other)
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes[0] == outcomes[1] and not isinstance(outcomes[0], str), outcomes
    assert balance_of(env, CHEN_ZHE[1]) == CHEN_OPENING
    assert_ledger_whole(env)
