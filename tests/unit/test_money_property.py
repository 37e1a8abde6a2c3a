"""A property of the ledger (DESIGN.md §2.9): whatever random sequence of settlements (with mutual aid turned on
and off), replays, reversals, premiums paid (and paid again), account deletions and passing time happens, every
personal balance is the sum of its movements and never below zero, all balances add up to zero, and each
settlement's shares match its movements."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import cards, mutual_aid_seam, premiums, privacy, settlements
from app.services.binding.store import NotFound
from app.services.env import build_env
from app.services.errors import DomainError
from app.services.settlements_reverse import reverse
from tests.conftest import make_settings
from tests.unit.binding_helpers import (
    WANG_FANG_PHONE,
    ZHANG_WEI_PHONE,
    ZHANG_XIAOMAN,
    ZHANG_ZIHAN,
    account_id,
    insert_request,
)
from tests.unit.money_helpers import DEMO_KEY, assert_ledger_whole, bill, father_id
from tests.unit.mutual_aid_helpers import approved

PASSWORD = "Family-2026"
STEP = st.one_of(
    st.tuples(st.just("settle"), st.sampled_from(["father", "zhang_wei", "wang_fang"]), st.integers(1, 400_000),
              st.integers(0, 100), st.booleans()),
    st.tuples(st.just("replay"), st.integers(0, 30)),
    st.tuples(st.just("reverse"), st.integers(0, 30)),
    st.tuples(st.just("premium"), st.sampled_from(["son", "baby"])),
    st.tuples(st.just("delete"), st.sampled_from(["zhang_wei", "wang_fang"])),
    st.tuples(st.just("later"), st.integers(1, 16 * 60)),
)


def _visit(env, holder: int, request_id: int | None) -> str | None:
    try:
        token = cards.issue_card_token(env, holder, request_id).token
    except NotFound:
        return None
    return cards.verify_card_token(env, token, settlements.admit_call(env, DEMO_KEY, "verify")).visit


def _run(env, steps: list[tuple], payer: dict[str, int | None]) -> None:
    holders = {"zhang_wei": account_id(env, ZHANG_WEI_PHONE), "wang_fang": account_id(env, WANG_FANG_PHONE)}
    father_request = insert_request(env, holders["zhang_wei"], father_id(env), "approved")
    children = {"son": approved(env, holders["zhang_wei"], ZHANG_ZIHAN[1], "child"),  # 2027: ¥400.00
                "baby": approved(env, holders["zhang_wei"], ZHANG_XIAOMAN[1], "child")}  # born 2026: 2026 first
    sent: list[settlements.SettleRequest] = []
    done: list[str] = []
    for step in steps:
        try:
            if step[0] == "settle":
                _, who, total, fund_share, aid = step
                payer["id"] = holders["zhang_wei"] if aid else None
                holder = holders["zhang_wei" if who == "father" else who]
                visit = _visit(env, holder, father_request if who == "father" else None)
                if visit is None:
                    continue  # the holder's account was deleted: no card to show
                request = bill(visit, total, total * fund_share // 100)
                sent.append(request)
                result = settlements.settle(env, DEMO_KEY, request)
                assert result.own_fen + result.family_fen + result.cash_fen == request.self_pay_fen
                done.append(result.settlement_number)
            elif step[0] == "replay" and sent:
                settlements.settle(env, DEMO_KEY, sent[step[1] % len(sent)])
            elif step[0] == "reverse" and done:
                reverse(env, DEMO_KEY, done[step[1] % len(done)])
            elif step[0] == "premium":
                due = premiums.status(env, holders["zhang_wei"]).get(children[step[1]])
                if due is not None:
                    premiums.pay(env, holders["zhang_wei"], children[step[1]], year=due.year,
                                 amount_fen=due.amount_fen or 0, client="property")
            elif step[0] == "delete":
                privacy.delete_account(env, holders[step[1]], PASSWORD, client="property")
            elif step[0] == "later":
                env.clock.advance(minutes=step[1])
        except DomainError:  # a refusal (the reason is tested elsewhere), or an account deleted already
            pass
        assert_ledger_whole(env)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_random_money_histories_keep_the_ledger_whole(template_db: Path, tmp_path: Path, steps) -> None:
    path = tmp_path / "property.db"
    shutil.copy(template_db, path)
    env = build_env(make_settings(f"sqlite:///{path}"))
    payer: dict[str, int | None] = {"id": None}
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(mutual_aid_seam, "family_payer", lambda _s, _m, _t: payer["id"])
            _run(env, steps, payer)
    finally:
        env.db.dispose()
        path.unlink()
