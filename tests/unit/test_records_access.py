"""Whose records a holder may see (DESIGN.md §2.5, §5): themselves and approved members only; pending, rejected,
unbound members and other families' members are "not found". Looking at a member's records is audited."""

from __future__ import annotations

import pytest

from app.services import records, review
from app.services.binding import lifecycle
from app.services.binding.store import NotFound
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import LI_XIULAN, WANG_FANG, ZHANG_JIANGUO, audit_events
from tests.unit.records_helpers import FATHER_KEY, approve_member, expense_totals, seeded_expenses, submit_member


def test_own_records_need_no_binding(env, zw):
    report = records.expenses(env, zw, records.SELF, year=2025)
    assert report.person.is_self and report.person.name == "张伟"
    assert [p.key for p in records.whose_options(env, zw)] == [records.SELF]
    assert audit_events(env, zw, "records_viewed") == []  # one's own records: nothing to tell anyone


def test_approved_member_is_offered_and_viewing_is_audited(env, zw):
    request_id = approve_member(env, zw, ZHANG_JIANGUO, "parent")
    options = records.whose_options(env, zw)
    assert [(p.key, p.name, p.relationship) for p in options] == [
        (records.SELF, "张伟", None), (str(request_id), "张建国", "parent")]

    report = records.expenses(env, zw, str(request_id), year=2024, client="c1")
    assert report.totals == expense_totals(seeded_expenses(FATHER_KEY, 2024))
    records.contributions(env, zw, str(request_id), year=2024)
    events = audit_events(env, zw)
    viewed = [e["detail"] for e in events if e["action"] == "records_viewed"]
    assert viewed == [{"records": "expenses", "member": "张*国", "year": 2024},
                      {"records": "contributions", "member": "张*国", "year": 2024}]


@pytest.mark.parametrize("reader", [records.expenses, records.contributions])
def test_pending_member_is_not_found(env, zw, reader):
    request_id = submit_member(env, zw, ZHANG_JIANGUO, "parent")
    with pytest.raises(NotFound):
        reader(env, zw, str(request_id))
    assert [p.key for p in records.whose_options(env, zw)] == [records.SELF]


def test_rejected_and_unbound_members_are_not_found(env, zw, staff):
    rejected = submit_member(env, zw, LI_XIULAN, "parent")
    review.open_request(env, staff, rejected)
    review.decide(env, staff, rejected, approve=False, reason="documents")
    with pytest.raises(NotFound):
        records.expenses(env, zw, str(rejected))

    bound = approve_member(env, zw, ZHANG_JIANGUO, "parent")
    records.expenses(env, zw, str(bound))
    lifecycle.unbind(env, zw, bound, client="test")
    with pytest.raises(NotFound):
        records.expenses(env, zw, str(bound))


def test_another_familys_member_is_not_found(env, zw, wf):
    request_id = approve_member(env, zw, ZHANG_JIANGUO, "parent")
    with pytest.raises(NotFound):
        records.expenses(env, wf, str(request_id))
    with pytest.raises(NotFound):
        records.contributions(env, wf, str(request_id))
    assert audit_events(env, wf, "records_viewed") == []


@pytest.mark.parametrize("whose", ["999", "abc", "-1", "1 OR 1=1"])
def test_nonsense_keys_are_not_found(env, zw, whose):
    with pytest.raises(NotFound):
        records.expenses(env, zw, whose)


def test_staff_have_no_records(env, staff):
    with pytest.raises(NotFound):
        records.expenses(env, staff)


def test_a_member_with_an_account_sees_who_looked(env, zw, wf):
    request_id = approve_member(env, zw, WANG_FANG, "spouse")
    records.contributions(env, zw, str(request_id), year=2026, action="downloaded")
    (event,) = audit_events(env, wf, "records_downloaded_by_holder")
    assert event["detail"] == {"records": "contributions", "holder": "张*", "year": 2026}
