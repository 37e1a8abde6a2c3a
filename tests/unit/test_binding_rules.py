"""The pure rules of who may be bound online and the request state machine (DESIGN.md §2.2)."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.binding import rules, states
from app.services.binding.rules import documents_needed, needs_member_consent, relationship_problem
from app.services.binding.states import TransitionNotAllowed, allowed_actions, next_status
from app.services.errors import DomainError

TODAY = date(2026, 11, 23)
HOLDER = date(1985, 3, 12)  # 张伟


# --- relationship_problem: the gap in years --------------------------------------------------------------------

@pytest.mark.parametrize(("relationship", "member_birth", "expected"), [
    # parent: at least 12 years older than the holder, on the day
    ("parent", date(1973, 3, 12), None),
    ("parent", date(1973, 3, 13), "relationship_implausible"),
    ("parent", date(1952, 7, 1), None),  # 张建国
    ("parent", date(1990, 2, 14), "relationship_implausible"),  # younger than the holder
    # grandparent: at least 24 years older
    ("grandparent", date(1961, 3, 12), None),
    ("grandparent", date(1961, 3, 13), "relationship_implausible"),
    ("grandparent", date(1973, 3, 12), "relationship_implausible"),  # a parent's gap is not enough
    # child: at least 12 years younger (born on or after the holder's 12th birthday)
    ("child", date(1997, 3, 12), None),
    ("child", date(1997, 3, 11), "relationship_implausible"),
    ("child", date(2016, 4, 8), None),  # 张子涵
    ("child", date(1952, 7, 1), "relationship_implausible"),  # 张建国 as a child
    # grandchild: at least 24 years younger
    ("grandchild", date(2009, 3, 12), None),
    ("grandchild", date(2009, 3, 11), "relationship_implausible"),
    ("grandchild", date(1997, 3, 12), "relationship_implausible"),
    # spouse and sibling have no age gap rule (adults)
    ("spouse", date(1990, 2, 14), None),
    ("spouse", date(1950, 1, 1), None),
    ("sibling", date(1988, 8, 8), None),
    ("sibling", date(1970, 1, 1), None),
])
def test_relationship_age_gap(relationship: str, member_birth: date, expected: str | None) -> None:
    assert relationship_problem(relationship, HOLDER, member_birth, TODAY) == expected


@pytest.mark.parametrize(("relationship", "holder_birth", "member_birth", "expected"), [
    # 29 February + 12 / 24 years is again a 29 February
    ("parent", date(2012, 2, 29), date(2000, 2, 29), None),
    ("parent", date(2012, 2, 28), date(2000, 2, 29), "relationship_implausible"),
    ("child", date(1988, 2, 29), date(2000, 2, 29), None),
    ("child", date(1988, 2, 29), date(2000, 2, 28), "relationship_implausible"),
    ("grandparent", date(2024, 2, 29), date(2000, 2, 29), None),
    ("grandparent", date(2024, 2, 28), date(2000, 2, 29), "relationship_implausible"),
    ("grandchild", date(1976, 2, 29), date(2000, 2, 29), None),
    ("grandchild", date(1976, 2, 29), date(2000, 2, 28), "relationship_implausible"),
    # ... except across a century year without one (2100): no crash, and the clear cases are right
    ("parent", date(2100, 3, 1), date(2088, 2, 29), None),
    ("parent", date(2100, 2, 27), date(2088, 2, 29), "relationship_implausible"),
    ("child", date(2088, 2, 29), date(2100, 3, 1), None),
    ("child", date(2088, 2, 29), date(2100, 2, 27), "relationship_implausible"),
])
def test_relationship_gap_with_29_february(relationship: str, holder_birth: date, member_birth: date,
                                           expected: str | None) -> None:
    today = date(2130, 1, 1)
    assert relationship_problem(relationship, holder_birth, member_birth, today) == expected


@pytest.mark.parametrize("member_birth", [date(1952, 7, 1), date(1990, 2, 14), date(2016, 4, 8)])
def test_other_is_counter_only_whatever_the_ages(member_birth: date) -> None:
    assert relationship_problem("other", HOLDER, member_birth, TODAY) == "relationship_counter_only"


@pytest.mark.parametrize("relationship", ["", "father", "Parent", "friend", " parent"])
def test_unknown_relationship_is_missing(relationship: str) -> None:
    assert relationship_problem(relationship, HOLDER, date(1952, 7, 1), TODAY) == "relationship_missing"


def test_seven_relationships() -> None:
    assert set(rules.RELATIONSHIPS) == {"parent", "child", "spouse", "grandparent", "grandchild", "sibling", "other"}


# --- members under 14: only a parent or grandparent (the holder) may bind them ---------------------------------

CHILD_13 = date(2013, 11, 24)  # 14 tomorrow
CHILD_14 = date(2012, 11, 23)  # 14 today


@pytest.mark.parametrize("relationship", ["spouse", "sibling", "parent", "grandparent"])
def test_member_under_14_only_by_guardian(relationship: str) -> None:
    holder = date(1960, 1, 1) if relationship in {"spouse", "sibling"} else date(2012, 1, 1)
    assert relationship_problem(relationship, holder, CHILD_13, TODAY) == "minor_guardian_only"


@pytest.mark.parametrize(("relationship", "holder"), [("child", date(1985, 3, 12)), ("grandchild", date(1955, 1, 1))])
def test_member_under_14_may_be_bound_as_child_or_grandchild(relationship: str, holder: date) -> None:
    assert relationship_problem(relationship, holder, CHILD_13, TODAY) is None
    assert relationship_problem(relationship, holder, date(2026, 5, 21), TODAY) is None  # newborn


@pytest.mark.parametrize("relationship", ["spouse", "sibling"])
def test_member_turning_14_today_is_no_longer_minor(relationship: str) -> None:
    assert relationship_problem(relationship, date(2010, 1, 1), CHILD_14, TODAY) is None


def test_other_is_counter_only_even_for_a_minor() -> None:
    assert relationship_problem("other", HOLDER, CHILD_13, TODAY) == "relationship_counter_only"


def test_minor_born_29_february_turns_14_on_1_march() -> None:
    born = date(2012, 2, 29)
    assert relationship_problem("sibling", date(2000, 1, 1), born, date(2026, 2, 28)) == "minor_guardian_only"
    assert relationship_problem("sibling", date(2000, 1, 1), born, date(2026, 3, 1)) is None


# --- documents and consent -------------------------------------------------------------------------------------

HOUSEHOLD = (rules.HOUSEHOLD_HEAD, rules.HOUSEHOLD_MEMBER)


@pytest.mark.parametrize(("member_birth", "expected"), [
    (date(2016, 4, 8), HOUSEHOLD),  # 张子涵, 10
    (date(2010, 11, 24), HOUSEHOLD),  # 15 years 364 days
    (date(2010, 11, 23), (rules.FACE,)),  # 16 today
    (date(1952, 7, 1), (rules.FACE,)),
    (date(2026, 5, 21), HOUSEHOLD),  # a baby bound by ID number, not as a newborn
])
def test_documents_by_age(member_birth: date, expected: tuple[str, ...]) -> None:
    assert documents_needed("id_number", member_birth, TODAY) == expected
    assert needs_member_consent("id_number", member_birth, TODAY) is (expected == (rules.FACE,))


@pytest.mark.parametrize("member_birth", [date(2026, 5, 21), date(2026, 11, 23), date(1980, 1, 1)])
def test_newborn_needs_only_the_birth_certificate(member_birth: date) -> None:
    assert documents_needed("newborn", member_birth, TODAY) == (rules.BIRTH_CERTIFICATE,)
    assert needs_member_consent("newborn", member_birth, TODAY) is False


def test_documents_for_member_born_29_february() -> None:
    born = date(2008, 2, 29)
    assert documents_needed("id_number", born, date(2024, 2, 28)) == HOUSEHOLD
    assert documents_needed("id_number", born, date(2024, 2, 29)) == (rules.FACE,)


# --- the state machine -----------------------------------------------------------------------------------------

ALLOWED = [
    ("draft", "submit", "submitted"),
    ("submitted", "withdraw", "withdrawn"),
    ("submitted", "open_review", "in_review"),
    ("in_review", "approve", "approved"),
    ("in_review", "reject", "rejected"),
    ("rejected", "edit", "draft"),
    ("withdrawn", "edit", "draft"),
    ("approved", "unbind", "unbound"),
    ("draft", "expire", "expired"),
    # Deleting the holder's account withdraws what is still open, whoever opened it (DESIGN.md §2.1.6).
    ("submitted", "withdraw_on_deletion", "withdrawn"),
    ("in_review", "withdraw_on_deletion", "withdrawn"),
    # A reviewer who is gone (their account deleted) gives the request back to the queue, so it never waits forever.
    ("in_review", "release", "submitted"),
]


def test_transitions_table_is_exactly_the_design() -> None:
    assert {(s, a): t for s, a, t in ALLOWED} == states.TRANSITIONS


@pytest.mark.parametrize(("status", "action", "expected"), ALLOWED)
def test_allowed_transition(status: str, action: str, expected: str) -> None:
    assert next_status(status, action) == expected
    assert action in allowed_actions(status)


STATUSES = ("draft", "submitted", "in_review", "approved", "rejected", "withdrawn", "unbound", "expired")
ACTIONS = ("submit", "withdraw", "open_review", "approve", "reject", "edit", "unbind", "expire", "withdraw_on_deletion",
           "release")
DISALLOWED = [(s, a) for s in STATUSES for a in ACTIONS if (s, a) not in states.TRANSITIONS]


@pytest.mark.parametrize(("status", "action"), [
    ("approved", "withdraw"),
    ("draft", "approve"),
    ("rejected", "approve"),
    ("approved", "approve"),
    ("rejected", "reject"),
    ("submitted", "approve"),  # staff must open it first
    ("in_review", "withdraw"),
    ("submitted", "submit"),
    ("draft", "unbind"),
    ("withdrawn", "submit"),  # edit first
    ("expired", "edit"),
    ("approved", "withdraw_on_deletion"),  # an approved binding is unbound instead
    ("draft", "withdraw_on_deletion"),  # a draft is deleted instead
    ("submitted", "release"),
])
def test_disallowed_transition(status: str, action: str) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        next_status(status, action)
    assert caught.value.code == "transition_not_allowed"
    assert caught.value.params == {"status": status, "action": action}
    assert isinstance(caught.value, DomainError)


@pytest.mark.parametrize(("status", "action"), DISALLOWED)
def test_every_other_pair_is_refused(status: str, action: str) -> None:
    with pytest.raises(TransitionNotAllowed):
        next_status(status, action)


@pytest.mark.parametrize("status", ["unbound", "expired"])
def test_final_states_allow_nothing(status: str) -> None:
    assert allowed_actions(status) == []
    for action in ACTIONS:
        with pytest.raises(TransitionNotAllowed):
            next_status(status, action)


def test_unknown_action_or_status_refused() -> None:
    with pytest.raises(TransitionNotAllowed):
        next_status("draft", "delete")
    with pytest.raises(TransitionNotAllowed):
        next_status("bogus", "submit")


def test_active_statuses_count_for_limits() -> None:
    assert frozenset({"submitted", "in_review", "approved"}) == states.ACTIVE
