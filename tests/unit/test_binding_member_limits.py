"""How many may be bound (DESIGN.md §2.2 step 3): the 5-member and 2-holder limits, and two holders
submitting the same person at the same moment."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import select

from app.models import BindingRequest
from app.services.binding import drafts, lifecycle
from app.services.env import build_env
from app.services.errors import DomainError, ValidationFailed
from tests.conftest import make_settings
from tests.unit.binding_fixtures import (
    wf_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    LI_XIULAN,
    ZHANG_JIANGUO,
    ZHAO_GUIYING,
    ZHAO_LI_PHONE,
    ZHAO_MING_PHONE,
    account_id,
    active_holders,
    add_person,
    audit_events,
    insert_request,
    make_id_number,
    member_values,
    person_id,
    ready_request,
    start,
)


def _extra_people(env, count: int) -> list[int]:
    """Insured adults who are nobody's member yet."""
    names = "甲乙丙丁戊己庚辛"
    return [add_person(env, f"测试{names[i]}", make_id_number(date(1960 + i, 1, 1), i)) for i in range(count)]


# --- a person is bound by at most 2 accounts --------------------------------------------------------------------

def test_person_with_two_holders_cannot_be_added_online(env, zw) -> None:
    assert len(active_holders(env, person_id(env, ZHAO_GUIYING[1]))) == 2
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHAO_GUIYING, "grandparent"), client="t")
    assert caught.value.code == "person_holder_limit"
    assert not isinstance(caught.value, ValidationFailed)
    assert drafts.get(env, zw, view.id).member is None
    assert [e["action"] for e in audit_events(env, zw) if e["action"].startswith("binding_lookup")] == [
        "binding_lookup_matched"]


@pytest.mark.parametrize("status", ["rejected", "withdrawn", "unbound", "draft"])
def test_inactive_holders_do_not_count(env, zw, status: str) -> None:
    zhao_li = account_id(env, ZHAO_LI_PHONE)
    with env.db.transaction() as s:
        row = s.exec(select(BindingRequest).where(BindingRequest.holder_id == zhao_li)).one()
        row.status = status
        s.add(row)
    view = ready_request(env, zw, ZHAO_GUIYING, "grandparent")
    lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert active_holders(env, person_id(env, ZHAO_GUIYING[1])) == sorted([account_id(env, ZHAO_MING_PHONE), zw])


def test_holder_limit_is_checked_again_at_submit(env, zw, wf) -> None:
    """Both drafts pass "Who" while one place is left; the second to submit is refused."""
    mother = person_id(env, LI_XIULAN[1])
    insert_request(env, account_id(env, ZHAO_MING_PHONE), mother, "approved")
    first = ready_request(env, zw, LI_XIULAN, "parent")
    second = ready_request(env, wf, LI_XIULAN, "parent")
    lifecycle.submit(env, wf, second.id, second.version, client="t")
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, first.id, first.version, client="t")
    assert caught.value.code == "person_holder_limit"
    assert drafts.get(env, zw, first.id).status == "draft"
    assert len(active_holders(env, mother)) == 2


# --- at most 5 members per account ------------------------------------------------------------------------------

def test_sixth_member_is_refused(env, zw) -> None:
    for member in _extra_people(env, 5):
        insert_request(env, zw, member, "submitted")
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
    assert caught.value.code == "too_many_members"
    assert drafts.get(env, zw, view.id).member is None


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved"])
def test_every_active_status_counts(env, zw, status: str) -> None:
    people = _extra_people(env, 5)
    for member in people[:4]:
        insert_request(env, zw, member, "approved")
    insert_request(env, zw, people[4], status)
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
    assert caught.value.code == "too_many_members"


def test_drafts_rejected_and_withdrawn_do_not_count(env, zw) -> None:
    people = _extra_people(env, 8)
    for member in people[:4]:
        insert_request(env, zw, member, "submitted")
    for member, status in zip(people[4:], ["draft", "rejected", "withdrawn", "unbound"], strict=True):
        insert_request(env, zw, member, status)
    fifth = ready_request(env, zw, ZHANG_JIANGUO, "parent")  # the 5th active member is fine
    lifecycle.submit(env, zw, fifth.id, fifth.version, client="t")
    assert _member_error_or_domain(env, zw, member_values(LI_XIULAN, "parent")) == "too_many_members"


def _member_error_or_domain(env, holder: int, values: dict[str, str]) -> str:
    view = start(env, holder)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, holder, view.id, view.version, values, client="t")
    return caught.value.code


def test_member_limit_is_checked_again_at_submit(env, zw) -> None:
    people = _extra_people(env, 5)
    for member in people[:4]:
        insert_request(env, zw, member, "approved")
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    insert_request(env, zw, people[4], "submitted")  # e.g. submitted from another device meanwhile
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "too_many_members"
    assert drafts.get(env, zw, view.id).status == "draft"


# --- two holders, one place left, the same moment ---------------------------------------------------------------

@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_submissions_cannot_break_the_holder_limit(env, db_url, zw, wf, attempt: int) -> None:
    mother = person_id(env, LI_XIULAN[1])
    insert_request(env, account_id(env, ZHAO_MING_PHONE), mother, "approved")  # one place left
    requests = {zw: ready_request(env, zw, LI_XIULAN, "parent"), wf: ready_request(env, wf, LI_XIULAN, "parent")}
    envs = {holder: build_env(make_settings(db_url)) for holder in requests}
    barrier = threading.Barrier(len(requests))
    outcomes: dict[int, object] = {}

    def submit(holder: int) -> None:
        view = requests[holder]
        barrier.wait()
        try:
            outcomes[holder] = lifecycle.submit(envs[holder], holder, view.id, view.version, client=f"race{attempt}")
        except Exception as exc:  # the outcome is what is checked
            outcomes[holder] = exc

    threads = [threading.Thread(target=submit, args=(holder,)) for holder in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for other in envs.values():
        other.db.dispose()

    numbers = [o for o in outcomes.values() if isinstance(o, str)]
    errors = [o for o in outcomes.values() if not isinstance(o, str)]
    assert len(numbers) == 1 and len(errors) == 1, outcomes
    assert isinstance(errors[0], DomainError) and errors[0].code == "person_holder_limit", errors
    winner = next(holder for holder, o in outcomes.items() if isinstance(o, str))
    assert numbers[0] == requests[winner].number
    assert len(active_holders(env, mother)) == 2
    assert winner in active_holders(env, mother)
    statuses = {holder: drafts.get(env, holder, view.id).status for holder, view in requests.items()}
    assert sorted(statuses.values()) == ["draft", "submitted"]
