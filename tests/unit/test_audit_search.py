""""Audit trail" (DESIGN.md §2.7): staff find a resident's account by mobile number or by ID number (the registry's
blind index, then the person's verified account) and read its events with who acted; the search is counted (200 a
day per staff member) and audited on the account it finds, so it shows in the resident's Account activity."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent
from app.services import audit, audit_search, deletion
from app.services.audit import Actor
from app.services.errors import RateLimited, ValidationFailed
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    STAFF_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    add_verified_account,
)


def _search(env, staff: int, query: str = ZHANG_WEI_PHONE):
    return audit_search.search(env, staff, query, client="counter-tablet")


def _record(env, action: str, account: int, actor: Actor) -> None:
    with env.db.transaction() as s:
        audit.record(s, action, now=env.clock.now(), account_id=account, actor=actor)


def test_a_mobile_number_and_an_id_number_find_the_same_account(env, zw, staff) -> None:
    by_phone = _search(env, staff, " 138 0013 8000 ")
    by_id = _search(env, staff, ZHANG_WEI[1].replace("7", "7 ", 1))
    assert (by_phone.name_masked, by_phone.phone_masked) == ("张*", "138****8000")
    assert (by_id.name_masked, by_id.phone_masked) == ("张*", "138****8000")
    assert by_id.events[0].action == "audit_trail_viewed"
    assert by_id.events[1:] == by_phone.events  # the second search is the newest event


def test_the_events_say_who_acted(env, zw, wf, staff) -> None:
    _record(env, "login", zw, Actor(zw, "resident", "phone"))
    _record(env, "assist_started", zw, Actor(staff, "staff", "counter"))
    _record(env, "binding_unbound_by_member", zw, Actor(wf, "member"))
    _record(env, "documents_purged", zw, Actor(None, "system"))
    _record(env, "login_failed", zw, Actor(None))
    _record(env, "staff_password_reset", zw, Actor(None, "admin"))
    trail = _search(env, staff)
    assert [(e.action, e.who, e.staff_phone) for e in trail.events[:7]] == [
        ("audit_trail_viewed", "staff", "139****9000"),  # the search itself, newest first
        ("staff_password_reset", "admin", None),
        ("login_failed", "unknown", None),
        ("documents_purged", "system", None),
        ("binding_unbound_by_member", "member", None),
        ("assist_started", "staff", "139****9000"),
        ("login", "resident", None),
    ]
    assert all(e.at == env.clock.now() for e in trail.events[:7])


def test_the_search_is_audited_on_the_account_and_shows_in_its_activity(env, zw, staff) -> None:
    _search(env, staff, ZHANG_WEI[1])
    seen = audit.account_activity(env, zw)[0]
    assert (seen.action, seen.actor_role, seen.by_self, seen.detail) == (
        "audit_trail_viewed", "staff", False, {"by": "id_number"})


@pytest.mark.parametrize("query", ["13612345678", CHEN_ZHE[1], ZHANG_JIANGUO[1], STAFF_PHONE])
def test_no_resident_account_is_said_plainly(env, staff, query: str) -> None:
    """A number nobody has, a registry person without an account, a member without a phone, a staff number."""
    with pytest.raises(ValidationFailed) as caught:
        _search(env, staff, query)
    assert caught.value.errors == {"query": "audit_no_account"}
    with env.db.transaction() as s:
        missed = s.exec(select(AuditEvent).where(AuditEvent.action == "audit_trail_search_missed")).all()
    assert [(e.account_id, e.actor_id, e.actor_role) for e in missed] == [(None, staff, "staff")]
    assert query not in missed[0].detail  # the trail of a search that found no one names no one


@pytest.mark.parametrize(("query", "code"), [
    ("", "audit_query_empty"), ("   ", "audit_query_empty"), ("1380013800", "audit_query_invalid"),
    ("110101198503120018", "audit_query_invalid"), ("张伟", "audit_query_invalid"),
])
def test_an_entry_that_is_neither_is_said_next_to_the_field(env, staff, query: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _search(env, staff, query)
    assert caught.value.errors == {"query": code}


def test_searches_are_limited_to_200_a_day_per_staff_member(env, zw, staff) -> None:
    for _ in range(audit_search.SEARCHES_PER_DAY - 1):
        with pytest.raises(ValidationFailed):
            _search(env, staff, "13612345678")  # misses count too
    _search(env, staff)
    env.clock.advance(hours=23)
    with pytest.raises(RateLimited) as caught:
        _search(env, staff)
    assert (caught.value.code, caught.value.field) == ("audit_search_limit", "query")
    assert [e.action for e in audit.account_activity(env, zw)].count("audit_trail_viewed") == 1
    with env.db.transaction() as s:
        other = Account(phone="13900139077", password_hash="unused", role="staff", created_at=env.clock.now())
        s.add(other)
        s.flush()
        other_id = other.id
    assert _search(env, other_id).phone_masked == "138****8000"  # their own budget
    env.clock.advance(hours=1, seconds=1)
    assert _search(env, staff).phone_masked == "138****8000"


def test_a_deleted_account_is_not_found_and_a_new_one_is_found_without_its_events(env, staff) -> None:
    """The tombstone has no number and no person: the ID number finds the account the person registered again."""
    old = add_verified_account(env, "13612345670", CHEN_ZHE)
    _record(env, "login", old, Actor(old))
    with env.db.transaction(immediate=True) as s:
        account = s.get(Account, old)
        deletion.erase(env, s, account, [], actor=Actor(old))
    for query in ("13612345670", CHEN_ZHE[1]):
        with pytest.raises(ValidationFailed):
            _search(env, staff, query)
    new = add_verified_account(env, "13612345679", CHEN_ZHE)
    trail = _search(env, staff, CHEN_ZHE[1])
    assert trail.phone_masked == "136****5679"
    assert [e.action for e in trail.events] == [e.action for e in audit.account_activity(env, new)]
    assert "login" not in [e.action for e in trail.events]  # the deleted account's login is not among them
    assert audit.account_activity(env, new)[0].action == "audit_trail_viewed"
    assert "audit_trail_viewed" not in [e.action for e in audit.account_activity(env, old)]

