""""Pay premium for <name>" (DESIGN.md §2.9): an employee holder pays an approved, proven close relative's resident
premium for next year in the window (1 September to 31 December, China time), or a newborn's birth year at any time
of it; once per member and year, at the seed's amount, never below zero, as one double entry with the member's
contribution record, audited and told."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.models import LedgerMovement, ResidentPremium
from app.services import ledger, personal_account, premiums
from app.services.audit import Actor
from app.services.binding import lifecycle
from app.services.binding.store import NotFound
from app.services.demo import load_demo_data
from app.services.env import build_env
from app.services.errors import DomainError
from tests.conftest import make_settings
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401 - fixtures
from tests.unit.binding_helpers import (
    LIU_YANG,
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_XIAOMAN,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
    person_id,
)
from tests.unit.counter_helpers import events as audit_events
from tests.unit.money_helpers import ZHANG_WEI_OPENING, assert_ledger_whole, balance_of
from tests.unit.mutual_aid_helpers import approved, notifications, set_person
from tests.unit.premium_helpers import BEIJING_2027, SHANGHAI_2027, at, pay, premium_movements, premium_records


def _refused(env, holder: int, request_id: int, **kw: object) -> str:
    before = balance_of(env, ZHANG_WEI[1])
    with pytest.raises(DomainError) as caught:
        pay(env, holder, request_id, **kw)
    assert balance_of(env, ZHANG_WEI[1]) == before
    assert_ledger_whole(env)
    return caught.value.code


def test_zhang_wei_pays_his_sons_2027_premium_from_his_personal_account(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    assert premiums.status(env, zw) == {son: premiums.PremiumState(son, 2027, BEIJING_2027, None)}

    paid = pay(env, zw, son)

    assert paid == premiums.Paid(2027, BEIJING_2027, "张子涵")
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - BEIJING_2027
    [movement] = premium_movements(env)
    assert (movement.amount_fen, movement.premium_year, movement.at) == (BEIJING_2027, 2027, env.clock.now())
    with env.db.transaction() as s:
        assert movement.patient_person_id == person_id(env, ZHANG_ZIHAN[1])
        target = s.get(ledger.LedgerAccount, movement.to_account_id)
        assert (target.kind, target.code) == ("system", "premiums")
    [record] = premium_records(env, ZHANG_ZIHAN[1])
    assert (record.reference, record.year, record.month, record.kind, record.paid_fen, record.subsidy_fen,
            record.region_code, record.paid_on) == (f"PREMIUM-{record.person_id}-2027", 2027, 1, "resident",
                                                    BEIJING_2027, 0, "110101", date(2026, 11, 23))
    assert_ledger_whole(env)
    [event] = audit_events(env, zw, "premium_paid")
    assert (event["actor_id"], event["client"], event["detail"]["year"], event["detail"]["amount_fen"]) == (
        zw, "phone", "2027", "40000")
    state = premiums.status(env, zw)[son]
    assert (state.year, state.problem) == (2027, premiums.PAID)


def test_paying_twice_pays_once(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    pay(env, zw, son)
    assert _refused(env, zw, son) == premiums.PAID
    assert len(premium_records(env, ZHANG_ZIHAN[1])) == len(premium_movements(env)) == 1


def test_a_year_paid_otherwise_counts_as_paid(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")  # the seed holds his 2024 to 2026 premiums
    at(env, 2025, 10, 1)  # 2026 already paid (seed record DEMO-C-zhang_jianguo-2026-01)
    assert premiums.status(env, zw)[father].problem == premiums.PAID
    assert _refused(env, zw, father, year=2026) == premiums.PAID


@pytest.mark.parametrize(("moment", "year", "problem"), [
    ((2026, 8, 31, 23, 59, 59), 2027, premiums.NOT_OPEN),  # the last second before the window, in Beijing
    ((2026, 9, 1, 0, 0, 0), 2027, None),  # its first second
    ((2026, 12, 31, 23, 59, 59), 2027, None),  # its last second
    ((2027, 1, 1, 0, 0, 0), 2028, premiums.NOT_OPEN),  # closed again: next window for 2028
])
def test_the_window_is_in_china_time(env, zw, moment, year, problem) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    at(env, *moment)
    state = premiums.status(env, zw)[son]
    assert (state.year, state.problem) == (year, problem)
    if problem is None:
        assert pay(env, zw, son, year=year).year == year
    else:
        assert state.opens == date(moment[0], 9, 1)
        assert _refused(env, zw, son, year=year) == problem


def test_the_window_edges_in_utc(env, zw) -> None:
    """31 August 16:00 UTC is already 1 September in Beijing; 31 December 16:00 UTC is already 1 January."""
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    at(env, 2026, 9, 1, 0, 0, 0)
    assert env.clock.now().day == 31 and env.clock.now().month == 8  # UTC
    assert premiums.status(env, zw)[son].problem is None
    at(env, 2027, 1, 1, 0, 0, 0)
    assert env.clock.now().year == 2026  # UTC
    assert premiums.status(env, zw)[son].problem == premiums.NOT_OPEN


def test_a_newborn_pays_the_birth_year_at_any_time_of_it_then_next_year_in_the_window(env, zw) -> None:
    baby = approved(env, zw, ZHANG_XIAOMAN[1], "child")  # born 2026-05-21
    at(env, 2026, 6, 1)
    assert premiums.status(env, zw)[baby] == premiums.PremiumState(baby, 2026, 40000, None)
    pay(env, zw, baby, year=2026)
    assert premiums.status(env, zw)[baby].problem == premiums.PAID  # outside the window: nothing more
    at(env, 2026, 9, 1)
    assert premiums.status(env, zw)[baby] == premiums.PremiumState(baby, 2027, 40000, None)
    pay(env, zw, baby, year=2027)
    assert [r.year for r in premium_records(env, ZHANG_XIAOMAN[1])] == [2026, 2027]
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - 80000


def test_a_child_born_last_year_waits_for_the_window(env, zw) -> None:
    son = approved(env, zw, ZHANG_XIAOMAN[1], "child")
    at(env, 2027, 3, 1)
    state = premiums.status(env, zw)[son]
    assert (state.year, state.problem, state.opens) == (2028, premiums.NOT_OPEN, date(2027, 9, 1))


def test_the_amount_is_the_seeds_for_the_members_region(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    set_person(env, ZHANG_ZIHAN[1], region_code="310104")
    assert premiums.status(env, zw)[son].amount_fen == SHANGHAI_2027
    pay(env, zw, son, amount_fen=SHANGHAI_2027)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - SHANGHAI_2027


def test_a_region_or_year_without_an_amount_is_refused(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    set_person(env, ZHANG_ZIHAN[1], region_code="440305")
    state = premiums.status(env, zw)[son]
    assert (state.amount_fen, state.problem) == (None, premiums.NO_AMOUNT)
    assert _refused(env, zw, son) == premiums.NO_AMOUNT
    set_person(env, ZHANG_ZIHAN[1], region_code="110101")
    at(env, 2027, 9, 1)  # 2028: not in the seed
    assert premiums.status(env, zw)[son].problem == premiums.NO_AMOUNT
    assert _refused(env, zw, son, year=2028) == premiums.NO_AMOUNT


def test_never_below_zero(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    with env.db.transaction(immediate=True) as s:  # ¥399.99 left: a cent short
        account = ledger.personal_account(s, person_id(env, ZHANG_WEI[1]))
        paid_to = ledger.system_account(s, ledger.INSTITUTIONS, env.clock.now())
        ledger.move(s, kind="settlement", source=account, target=paid_to, amount_fen=ZHANG_WEI_OPENING - 39999,
                    now=env.clock.now())
    assert _refused(env, zw, son) == premiums.NOT_ENOUGH
    assert premium_records(env, ZHANG_ZIHAN[1]) == [] and premium_movements(env) == []


def test_each_refusal(env, zw) -> None:
    lapsed = approved(env, zw, LIU_YANG[1], "sibling")  # not a sibling by the registry: not proven
    other = approved(env, zw, ZHAO_GUIYING[1], "other")
    wife = approved(env, zw, WANG_FANG[1], "spouse")  # employee insured: no premium here
    states = premiums.status(env, zw)
    assert states[lapsed].problem == premiums.NOT_PROVEN
    assert states[other].problem == premiums.NOT_CLOSE_RELATIVE
    assert wife not in states
    assert _refused(env, zw, lapsed) == premiums.NOT_PROVEN
    assert _refused(env, zw, other) == premiums.NOT_CLOSE_RELATIVE
    assert _refused(env, zw, wife) == premiums.NOT_RESIDENT


def test_the_year_or_amount_must_be_what_the_confirmation_showed(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    assert _refused(env, zw, son, amount_fen=30000) == premiums.CHANGED
    assert _refused(env, zw, son, year=2026) == premiums.CHANGED


def test_a_holder_who_is_not_an_employee_pays_nothing(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    set_person(env, ZHANG_WEI[1], insurance_type="resident")
    assert premiums.status(env, zw) == {}
    assert _refused(env, zw, son) == premiums.NOT_EMPLOYEE


def test_unbound_pays_nothing(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    lifecycle.unbind(env, zw, son, client="other tab")
    assert _refused(env, zw, son) == premiums.NOT_MEMBER


def test_only_the_holder_pays(env, zw, wf, staff) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    with pytest.raises(NotFound):
        pay(env, wf, son)  # another holder's binding
    with pytest.raises(NotFound):
        pay(env, zw, son, actor=Actor(staff, "staff", "counter"))  # staff assisting move no money
    assert premium_movements(env) == []


def test_a_member_with_an_account_is_told_and_sees_it_in_account_activity(env, zw, wf) -> None:
    set_person(env, WANG_FANG[1], insurance_type="resident")
    wife = approved(env, zw, WANG_FANG[1], "spouse")
    pay(env, zw, wife)
    assert notifications(env, wf) == [("premium_paid", {"year": "2027", "amount": "400.00", "holder": "张*"})]
    [event] = audit_events(env, wf, "premium_paid_for_me")
    assert event["actor_id"] == zw


def test_two_taps_at_the_same_moment_pay_once(env, zw, db_url) -> None:
    """Two phones (two app instances, each with its own connections) press "Pay ¥400.00" at once."""
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def tap(index: int) -> None:
        own = build_env(make_settings(db_url))
        try:
            barrier.wait(timeout=10)
            outcomes[index] = pay(own, zw, son).year
        except DomainError as refused:
            outcomes[index] = refused.code
        except Exception as other:
            outcomes[index] = repr(other)
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)) == ["2027", premiums.PAID], outcomes
    assert len(premium_records(env, ZHANG_ZIHAN[1])) == len(premium_movements(env)) == 1
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - BEIJING_2027
    assert_ledger_whole(env)


def test_the_personal_account_lists_the_premium_naming_the_member(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    pay(env, zw, son)
    found = personal_account.view(env, zw)
    assert found is not None and found.balance_fen == ZHANG_WEI_OPENING - BEIJING_2027
    newest = found.movements[0]
    assert (newest.kind, newest.amount_fen, newest.patient, newest.premium_year) == ("premium", -BEIJING_2027,
                                                                                    "张子涵", 2027)


def test_the_seeds_premiums_are_loaded_once(env) -> None:
    load_demo_data(env)
    load_demo_data(env)
    with env.db.transaction() as s:
        rows = s.exec(select(ResidentPremium).order_by(ResidentPremium.region_code, ResidentPremium.year)).all()
        assert [(r.region_code, r.year, r.amount_fen) for r in rows] == [
            ("110101", 2026, 40000), ("110101", 2027, 40000), ("310104", 2026, 38000), ("310104", 2027, 38000)]


def test_the_database_refuses_a_kind_of_movement_it_does_not_know(env) -> None:
    with pytest.raises(IntegrityError), env.db.transaction(immediate=True) as s:
        s.add(LedgerMovement(at=env.clock.now(), kind="gift", from_account_id=1, to_account_id=2, amount_fen=1))
        s.flush()
