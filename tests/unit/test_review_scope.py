"""Staff review (DESIGN.md §2.7, last bullet; §5): outside assisting, a staff member sees only requests that
are submitted or in review, plus the ones they decided themselves. Every other request (someone else's
decision, a withdrawn request, a draft) answers as an unknown id would, for the request, its documents and the
full ID numbers, and looking leaves no trace: nothing is assigned and nothing is audited."""

from __future__ import annotations

import pytest

from app.services import review
from app.services.binding import drafts, lifecycle
from app.services.binding.store import NotFound
from tests.unit.binding_fixtures import staff_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    ZHANG_WEI,
    audit_events,
    fake_photo,
    request_row,
)
from tests.unit.review_helpers import (  # noqa: F401 - fixtures
    SCOPE_STATES,
    VISIBLE_STATES,
    _submitted,
    request_in,
    staff2_fixture,
)


def _stored(env, request_id: int) -> tuple:
    row = request_row(env, request_id)
    return row.status, row.reviewer_id, row.review_started_at, row.decided_at, row.version


@pytest.mark.parametrize("state", SCOPE_STATES)
def test_staff_see_requests_waiting_or_decided_by_them(env, zw, staff, staff2, state) -> None:
    request_id = request_in(env, state, zw, staff, staff2)
    face = drafts.get(env, zw, request_id).documents["face"].id
    if state in VISIBLE_STATES:
        assert review.read_document(env, staff, face) == (fake_photo("face").jpeg, "image/jpeg")
        assert review.full_id_number(env, staff, request_id, whose="member") == ZHANG_JIANGUO[1]
        assert review.full_id_number(env, staff, request_id, whose="holder") == ZHANG_WEI[1]
        assert review.open_request(env, staff, request_id).request_id == request_id
        return
    before, events_before = _stored(env, request_id), audit_events(env, zw)
    with pytest.raises(NotFound):
        review.read_document(env, staff, face)
    for whose in ("member", "holder"):
        with pytest.raises(NotFound):
            review.full_id_number(env, staff, request_id, whose=whose)
    with pytest.raises(NotFound):
        review.open_request(env, staff, request_id)
    assert _stored(env, request_id) == before
    assert audit_events(env, zw) == events_before  # no look was recorded, because none was given


def test_a_decision_stays_visible_to_the_one_who_made_it_only(env, zw, staff, staff2) -> None:
    request_id = request_in(env, "approved_by_me", zw, staff, staff2)
    assert review.open_request(env, staff, request_id).status == "approved"
    with pytest.raises(NotFound):
        review.open_request(env, staff2, request_id)
    lifecycle.unbind(env, zw, request_id, client="t")
    assert review.open_request(env, staff, request_id).status == "unbound"
    with pytest.raises(NotFound):
        review.full_id_number(env, staff2, request_id, whose="member")


def test_a_request_withdrawn_while_being_opened_is_not_shown(env, zw, staff, monkeypatch) -> None:
    request_id = _submitted(env, zw)
    original = review._get

    def get_then_the_holder_withdraws(*args):  # the holder withdraws it just after our read
        row = original(*args)
        lifecycle.withdraw(env, zw, request_id, client="t")
        return row

    monkeypatch.setattr(review, "_get", get_then_the_holder_withdraws)
    with pytest.raises(NotFound):
        review.open_request(env, staff, request_id)
    assert request_row(env, request_id).status == "withdrawn"
