"""Staff review (DESIGN.md §2.3, §5): opening a request (in review, assigned, no longer withdrawable) and the
audited looks at full ID numbers and documents."""

from __future__ import annotations

import json

import pytest

from app.models import Document
from app.services import review
from app.services.binding import drafts, lifecycle
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_fixtures import staff_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    FAKE_PDF,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    audit_events,
    fake_photo,
    ready_request,
    request_row,
    start,
)
from tests.unit.review_helpers import (  # noqa: F401 - fixtures
    _submitted,
    staff2_fixture,
)

# --- opening a request -----------------------------------------------------------------------------------------

def test_open_request_moves_it_to_in_review_for_this_staff(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    item = review.open_request(env, staff, request_id)
    assert (item.status, item.reviewer_is_me) == ("in_review", True)
    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id, row.review_started_at) == ("in_review", staff, env.clock.now())
    started = audit_events(env, zw, "binding_review_started")
    assert len(started) == 1 and started[0]["actor_role"] == "staff"
    assert started[0]["detail"]["request"] == row.number

    assert (item.number, item.holder_name, item.member_name) == (row.number, "张伟", "张建国")
    assert (item.holder_id_masked, item.member_id_masked) == ("110101********0017", "110101********0039")
    assert (item.member_sex, item.member_birth, item.member_age) == ("male", "1952-07-01", 74)
    assert (item.relationship, item.method, item.consent) == ("parent", "id_number", True)
    assert {"face", "letter", "signature"} <= set(item.documents)
    assert item.submitted_at == env.clock.now()

    again = review.open_request(env, staff, request_id)  # opening again changes nothing
    assert again.reviewer_is_me and len(audit_events(env, zw, "binding_review_started")) == 1


def test_a_second_staff_member_does_not_take_it_over(env, zw, staff, staff2) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    other = review.open_request(env, staff2, request_id)
    assert (other.status, other.reviewer_is_me) == ("in_review", False)
    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id) == ("in_review", staff)
    assert review.open_request(env, staff, request_id).reviewer_is_me is True
    assert len(audit_events(env, zw, "binding_review_started")) == 1


def test_after_opening_the_holder_can_no_longer_withdraw(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    assert drafts.get(env, zw, request_id).can_withdraw
    review.open_request(env, staff, request_id)
    assert lifecycle.family(env, zw)[0].can_withdraw is False
    with pytest.raises(DomainError) as caught:
        lifecycle.withdraw(env, zw, request_id, client="t")
    assert caught.value.code == "withdraw_in_review"
    assert request_row(env, request_id).status == "in_review"


def test_open_request_refuses_drafts_and_unknown_ids(env, zw, staff) -> None:
    draft = start(env, zw)
    with pytest.raises(NotFound):
        review.open_request(env, staff, draft.id)
    with pytest.raises(NotFound):
        review.open_request(env, staff, 999_999)
    assert request_row(env, draft.id).status == "draft"


def test_two_staff_opening_the_same_request_at_once(env, zw, staff, staff2, monkeypatch) -> None:
    request_id = _submitted(env, zw)
    original = review._get

    def get_then_other_staff_opens(*args):  # the other staff member opens it just after our read
        row = original(*args)
        lifecycle.open_review(env, staff2, request_id)
        return row

    monkeypatch.setattr(review, "_get", get_then_other_staff_opens)
    item = review.open_request(env, staff, request_id)
    assert (item.status, item.reviewer_is_me) == ("in_review", False)
    assert request_row(env, request_id).reviewer_id == staff2


# --- audited looks: full ID numbers and documents ---------------------------------------------------------------

def test_full_id_number_is_shown_and_audited_each_time(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    assert review.full_id_number(env, staff, request_id, whose="member") == ZHANG_JIANGUO[1]
    assert review.full_id_number(env, staff, request_id, whose="holder") == ZHANG_WEI[1]
    assert review.full_id_number(env, staff, request_id, whose="member") == ZHANG_JIANGUO[1]
    viewed = audit_events(env, zw, "staff_viewed_full_id")
    assert [e["detail"]["whose"] for e in viewed] == ["member", "holder", "member"]
    number = request_row(env, request_id).number
    assert all(e["actor_role"] == "staff" and e["detail"]["request"] == number for e in viewed)
    assert all(ZHANG_JIANGUO[1] not in json.dumps(e["detail"]) for e in viewed)  # the audit keeps no ID number


def test_read_document_returns_the_decrypted_bytes_and_audits(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    item = review.open_request(env, staff, request_id)
    data, mime = review.read_document(env, staff, item.documents["face"])
    assert data == fake_photo("face").jpeg and mime == "image/jpeg"
    letter, letter_mime = review.read_document(env, staff, item.documents["letter"])
    assert letter == FAKE_PDF and letter_mime == "application/pdf"
    with env.db.transaction() as s:  # stored encrypted, not as the plain bytes
        assert s.get(Document, item.documents["face"]).content_cipher != data
    viewed = audit_events(env, zw, "staff_viewed_document")
    assert [e["detail"]["kind"] for e in viewed] == ["face", "letter"]
    assert all(e["actor_role"] == "staff" for e in viewed)


def test_full_id_and_documents_refuse_drafts_and_unknown_ids(env, zw, staff) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")  # complete, but not submitted
    with pytest.raises(NotFound):
        review.full_id_number(env, staff, view.id, whose="member")
    with pytest.raises(NotFound):
        review.full_id_number(env, staff, 999_999, whose="holder")
    with pytest.raises(NotFound):
        review.read_document(env, staff, view.documents["face"].id)
    with pytest.raises(NotFound):
        review.read_document(env, staff, 999_999)
    assert audit_events(env, zw, "staff_viewed_full_id") == []
    assert audit_events(env, zw, "staff_viewed_document") == []
