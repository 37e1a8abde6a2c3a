"""Whose e-cards a holder may show and what verification says about them (DESIGN.md §2.4, §2.6, §5):
own card and approved members only, unbound and lapsed members, replay refused across instances,
and card displays in the account activity of the holder and of the member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from app.models import Account, ECardUsedToken
from app.services import cards, registry
from app.services.binding import lifecycle
from app.services.binding.store import NotFound
from app.services.env import build_env
from app.services.errors import DomainError
from tests.conftest import FIXED_NOW, make_settings
from tests.unit.binding_fixtures import wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    LIU_YANG,
    STAFF_PHONE,
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_ZIHAN,
    account_id,
    audit_events,
)
from tests.unit.ecard_helpers import approved_member, raw, submitted_member


def _set_status(env, id_number: str, status: str) -> None:
    with env.db.transaction() as s:
        person = registry.find_by_id_number(s, env.crypto, id_number)
        person.status = status
        s.add(person)


def _used_tokens(env) -> int:
    with env.db.transaction() as s:
        return s.exec(select(func.count()).select_from(ECardUsedToken)).one()


# --- whose card ----------------------------------------------------------------------------------------------------

def test_whose_card_lists_the_holder_then_approved_members_only(env, zw):
    father = approved_member(env, zw)
    submitted_member(env, zw, ZHANG_ZIHAN, "child")  # under review: no card yet

    choices = cards.open_card(env, zw, None, client="test").choices

    assert [(c.request_id, c.name, c.relationship) for c in choices] == [(None, "张伟", None),
                                                                         (father, "张建国", "parent")]


def test_own_and_member_cards_show_full_name_and_masked_id(env, zw):
    father = approved_member(env, zw)
    own = cards.open_card(env, zw, None, client="test").card
    member = cards.open_card(env, zw, father, client="test").card

    assert (own.name, own.id_masked, own.insured) == ("张伟", "110101********0017", True)
    assert (member.name, member.id_masked, member.region_code, member.insurance_type) == (
        "张建国", "110101********0039", "110101", "resident")
    result = cards.verify_card_token(env, cards.issue_card_token(env, zw, father).token)
    assert (result.valid, result.name, result.insurance_status) == (True, "张*国", "insured")


@pytest.mark.parametrize("state", ["submitted", "in_review", "withdrawn", "rejected"])
def test_a_member_who_is_not_approved_has_no_card(env, zw, state):
    request_id = submitted_member(env, zw)
    staff = account_id(env, STAFF_PHONE)
    if state == "in_review":
        lifecycle.open_review(env, staff, request_id)
    elif state == "withdrawn":
        lifecycle.withdraw(env, zw, request_id, client="test")
    elif state == "rejected":
        lifecycle.open_review(env, staff, request_id)
        lifecycle.decide(env, staff, request_id, approve=False, reason="documents")
    for attempt in (lambda: cards.open_card(env, zw, request_id, client="test").card,
                    lambda: cards.issue_card_token(env, zw, request_id)):
        with pytest.raises(NotFound):
            attempt()
    assert [c.request_id for c in cards.open_card(env, zw, None, client="test").choices] == [None]


def test_another_familys_member_is_not_found(env, zw, wf):
    son = approved_member(env, wf, ZHANG_ZIHAN, "child")  # 王芳's binding, not 张伟's
    with pytest.raises(NotFound):
        cards.open_card(env, zw, son, client="test")
    with pytest.raises(NotFound):
        cards.issue_card_token(env, zw, son)
    with pytest.raises(NotFound):
        cards.issue_card_token(env, zw, 999_999)
    assert audit_events(env, zw, "ecard_member_shown") == []


def test_an_unbound_members_codes_are_refused(env, zw):
    father = approved_member(env, zw)
    code = cards.issue_card_token(env, zw, father)

    lifecycle.unbind(env, zw, father, client="test")

    assert cards.verify_card_token(env, code.token) == cards.Verification(valid=False, reason="unbound")
    with pytest.raises(NotFound):
        cards.issue_card_token(env, zw, father)
    assert [c.request_id for c in cards.open_card(env, zw, None, client="test").choices] == [None]


def test_a_lapsed_member_shows_not_insured_and_gets_no_code(env, zw):
    liu = approved_member(env, zw, LIU_YANG, "sibling")  # 刘洋's coverage has lapsed (demo registry)

    card = cards.open_card(env, zw, liu, client="test").card
    assert (card.status, card.insured) == ("lapsed", False)
    with pytest.raises(DomainError) as refused:
        cards.issue_card_token(env, zw, liu)
    assert refused.value.code == "card_not_insured"


def test_coverage_that_lapses_after_the_code_was_shown_is_refused(env, zw):
    father = approved_member(env, zw)
    code = cards.issue_card_token(env, zw, father)
    _set_status(env, ZHANG_JIANGUO[1], "lapsed")

    result = cards.verify_card_token(env, code.token)

    assert (result.valid, result.reason, result.name, result.insurance_status) == (False, "not_insured", "张*国",
                                                                                   "lapsed")
    assert _used_tokens(env) == 0  # a refused code is not used up


def test_an_own_card_whose_account_no_longer_holds_the_person_is_refused(env, zw):
    code = cards.issue_card_token(env, zw)
    with env.db.transaction() as s:
        account = s.get(Account, zw)
        account.person_id = None
        s.add(account)
    assert cards.verify_card_token(env, code.token).reason == "revoked"


def test_an_account_id_that_now_holds_another_person_gets_another_card(env, zw):
    """As after a deletion, when SQLite hands the same account id to someone new."""
    old = cards.issue_card_token(env, zw)
    with env.db.transaction() as s:
        account = s.get(Account, zw)
        account.person_id = registry.find_by_id_number(s, env.crypto, CHEN_ZHE[1]).id
        s.add(account)

    new = cards.issue_card_token(env, zw)

    assert raw(new.token)[2:10] != raw(old.token)[2:10]
    assert cards.verify_card_token(env, old.token).reason == "revoked"
    result = cards.verify_card_token(env, new.token)
    assert (result.valid, result.name, result.region_code) == (True, "陈*", "310104")


# --- replay --------------------------------------------------------------------------------------------------------

def test_a_code_is_accepted_once(env, zw):
    token = cards.issue_card_token(env, zw).token
    assert cards.verify_card_token(env, token).valid
    assert cards.verify_card_token(env, token) == cards.Verification(valid=False, reason="already_used")
    assert cards.verify_card_token(env, cards.issue_card_token(env, zw).token).valid  # a new code works


def test_reuse_is_refused_by_another_instance_on_the_same_database(env, zw, db_url):
    token = cards.issue_card_token(env, zw).token
    other = build_env(make_settings(db_url))
    try:
        assert cards.verify_card_token(other, token).valid
        assert cards.verify_card_token(env, token).reason == "already_used"
    finally:
        other.db.dispose()


def test_used_nonces_are_dropped_a_margin_after_their_codes_expired(env, zw):
    cards.verify_card_token(env, cards.issue_card_token(env, zw).token)
    env.clock.advance(seconds=30)
    cards.verify_card_token(env, cards.issue_card_token(env, zw).token)
    assert _used_tokens(env) == 2
    env.clock.advance(seconds=31 + cards.SWEEP_MARGIN.total_seconds())
    with env.db.transaction() as s:
        cards.forget_expired_nonces(s, env.clock.now())
    assert _used_tokens(env) == 1  # the first code expired just over the margin ago, the second one not yet


def _sweep(env) -> None:
    with env.db.transaction(immediate=True) as s:
        cards.forget_expired_nonces(s, env.clock.now())


def test_used_nonces_are_kept_five_minutes_past_their_expiry(env, zw):
    cards.verify_card_token(env, cards.issue_card_token(env, zw).token)  # the code expires at 10:01:00
    env.clock.advance(minutes=2)  # expired a minute ago
    _sweep(env)
    assert _used_tokens(env) == 1
    env.clock.advance(minutes=5)  # expired six minutes ago
    _sweep(env)
    assert _used_tokens(env) == 0


def test_an_instance_whose_clock_runs_ahead_does_not_forget_a_code_another_still_accepts(env, zw, db_url):
    token = cards.issue_card_token(env, zw).token
    assert cards.verify_card_token(env, token).valid
    ahead = build_env(make_settings(db_url, fixed_now=FIXED_NOW + timedelta(minutes=3)))
    try:
        _sweep(ahead)  # by its clock, the code expired two minutes ago
    finally:
        ahead.db.dispose()
    env.clock.advance(seconds=30)  # by this instance's clock, the code is still within its 60 s
    assert cards.verify_card_token(env, token) == cards.Verification(valid=False, reason="already_used")


def test_verifications_sweep_expired_nonces_now_and_then(env, zw):
    cards.verify_card_token(env, cards.issue_card_token(env, zw).token)
    env.clock.advance(seconds=61 + cards.SWEEP_MARGIN.total_seconds())
    tokens = (cards.issue_card_token(env, zw).token for _ in range(5000))
    keeps = next(t for t in tokens if raw(t)[18] >= cards.SWEEP_SHARE)  # the nonce starts at byte 18
    sweeps = next(t for t in tokens if raw(t)[18] < cards.SWEEP_SHARE)  # about one in 32
    assert cards.verify_card_token(env, keeps).valid
    assert _used_tokens(env) == 2
    assert cards.verify_card_token(env, sweeps).valid
    with env.db.transaction() as s:
        oldest = s.exec(select(func.min(ECardUsedToken.used_at))).one()
    assert _used_tokens(env) == 2 and oldest > FIXED_NOW


# --- audit ---------------------------------------------------------------------------------------------------------

def test_card_displays_are_in_the_account_activity(env, zw, wf):
    cards.open_card(env, zw, None, client="c1")
    wife = approved_member(env, zw, WANG_FANG, "spouse")  # 王芳 has an account of her own
    cards.open_card(env, zw, wife, client="c1")

    assert [e["action"] for e in audit_events(env, zw) if e["action"].startswith("ecard")] == [
        "ecard_shown", "ecard_member_shown"]
    shown_to_her = audit_events(env, wf, "ecard_shown_by_holder")
    assert len(shown_to_her) == 1 and shown_to_her[0]["actor_role"] == "resident"
    cards.issue_card_token(env, zw, wife)  # refreshing a code is not another display
    assert len(audit_events(env, wf, "ecard_shown_by_holder")) == 1


def test_a_verified_code_is_in_the_holders_activity(env, zw):
    cards.verify_card_token(env, cards.issue_card_token(env, zw).token)
    assert [e["actor_role"] for e in audit_events(env, zw, "ecard_verified")] == ["system"]
