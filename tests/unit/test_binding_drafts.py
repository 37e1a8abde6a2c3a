"""The "+" flow of binding a family member end to end, on the demo data (DESIGN.md §2.2, §6): the happy path
from the notice to submitting, newborns, who may start a draft and how long it lives."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest

from app.services import auth
from app.services.binding import documents, drafts, lifecycle, rules
from app.services.errors import DomainError, ValidationFailed
from app.services.letter import LetterData
from tests.unit.auth_helpers import bound
from tests.unit.binding_fixtures import (
    FATHER,
    _family,
    staff_fixture,  # noqa: F401
    wf_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    FAKE_PDF,
    LI_XIULAN,
    NEWBORN_VALUES,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    ZHANG_XIAOMAN,
    ZHANG_ZIHAN,
    add_verified_account,
    audit_events,
    fake_photo,
    member_values,
    person_id,
    request_row,
    sign,
    start,
)

NUMBER = re.compile(r"FEC-2026-\d{6}")


# --- the happy path --------------------------------------------------------------------------------------------

def test_happy_path_binding_the_father(env) -> None:
    token = bound(env, auth.login_with_password(env, ZHANG_WEI_PHONE, "Family-2026", client="t"))
    holder = auth.current_session(env, token).account_id

    view = drafts.open_draft(env, holder, client="t")
    assert (view.status, view.step, view.notice_accepted) == ("draft", "notice", False)
    assert NUMBER.fullmatch(view.number)
    with pytest.raises(ValidationFailed) as caught:
        drafts.accept_notice(env, holder, view.id, view.version, agreed=False)
    assert caught.value.errors == {"agree": "notice_not_agreed"}

    view = drafts.accept_notice(env, holder, view.id, view.version, agreed=True)
    assert (view.step, view.notice_accepted) == ("method", True)
    view = drafts.choose_method(env, holder, view.id, view.version, "id_number")
    assert (view.step, view.method) == ("who", "id_number")
    view = drafts.set_member(env, holder, view.id, view.version, FATHER, client="t")
    assert view.step == "documents"
    assert view.member.name == "张建国" and view.member.id_number == ZHANG_JIANGUO[1]
    assert view.relationship == "parent"
    assert view.needed_documents == ("face",)
    assert view.needs_consent is True
    assert view.missing == ["face", "consent", "signature"]

    view = documents.add_photo(env, holder, view.id, "face", fake_photo("face"))
    assert set(view.documents) == {"face"} and view.documents["face"].width == 1200
    assert view.missing == ["consent", "signature"]
    view = drafts.set_consent(env, holder, view.id, view.version, agreed=True)
    assert view.member_consent is True and view.missing == ["signature"]

    letter = documents.letter_data(env, holder, view.id)
    assert isinstance(letter, LetterData)
    assert (letter.letter_number, letter.holder_name, letter.holder_id_number) == (view.number, *ZHANG_WEI)
    assert (letter.member_name, letter.member_id_number) == ZHANG_JIANGUO
    assert (letter.relationship, letter.method, letter.signed_on) == ("parent", "id_number", date(2026, 11, 23))

    view = sign(env, holder, view)
    assert view.signed and view.step == "check"
    assert view.letter_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    assert view.missing == []
    assert {"letter", "signature", "face"} <= set(view.documents)

    number = lifecycle.submit(env, holder, view.id, view.version, client="t")
    assert number == view.number and NUMBER.fullmatch(number)
    after = drafts.get(env, holder, view.id)
    assert after.status == "submitted" and after.submitted_at == env.clock.now() and after.can_withdraw
    assert _family(env, holder) == {"张建国": "submitted"}
    member = lifecycle.family(env, holder)[0]
    assert (member.request_id, member.relationship, member.can_withdraw) == (view.id, "parent", True)
    actions = [e["action"] for e in audit_events(env, holder) if e["action"].startswith("binding_")]
    assert actions == ["binding_started", "binding_lookup_matched", "binding_letter_signed", "binding_submitted"]


def test_child_needs_two_household_photos_and_no_consent(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_ZIHAN, "child"), client="t")
    assert view.needed_documents == (rules.HOUSEHOLD_HEAD, rules.HOUSEHOLD_MEMBER)
    assert view.needs_consent is False
    assert view.missing == ["household_head", "household_member", "signature"]
    view = documents.add_photo(env, zw, view.id, "household_head", fake_photo("head"))
    assert view.missing == ["household_member", "signature"]
    view = documents.add_photo(env, zw, view.id, "household_member", fake_photo("page"))
    view = sign(env, zw, view)
    assert view.missing == []
    assert lifecycle.submit(env, zw, view.id, view.version, client="t") == view.number
    assert _family(env, zw) == {"张子涵": "submitted"}


# --- newborns --------------------------------------------------------------------------------------------------

def test_newborn_by_the_mother(env, wf) -> None:
    view = start(env, wf, "newborn")
    view = drafts.set_newborn(env, wf, view.id, view.version, NEWBORN_VALUES, client="t")
    assert view.member.name == "张小满" and view.member.id == person_id(env, ZHANG_XIAOMAN[1])
    assert view.relationship == "child"
    assert view.needed_documents == ("birth_certificate",) and view.needs_consent is False
    assert view.details["birth_certificate"] == "O110260521"  # normalised as looked up
    view = documents.add_photo(env, wf, view.id, "birth_certificate", fake_photo("cert"))
    view = sign(env, wf, view)
    assert view.missing == []
    lifecycle.submit(env, wf, view.id, view.version, client="t")
    assert _family(env, wf) == {"张小满": "submitted"}


def test_newborn_by_the_father_the_mothers_spouse(env, zw) -> None:
    view = start(env, zw, "newborn")
    view = drafts.set_newborn(env, zw, view.id, view.version, NEWBORN_VALUES, client="t")
    assert (view.member.name, view.relationship, view.needed_documents) == ("张小满", "child", ("birth_certificate",))


def test_newborn_by_a_third_person_is_refused(env) -> None:
    chen = add_verified_account(env, "13500135000", CHEN_ZHE)
    view = start(env, chen, "newborn")
    with pytest.raises(ValidationFailed) as caught:
        drafts.set_newborn(env, chen, view.id, view.version, NEWBORN_VALUES, client="t")
    assert caught.value.errors == {"mother_name": "newborn_parent_only"}
    after = drafts.get(env, chen, view.id)
    assert after.member is None and after.relationship is None and after.step == "who"


@pytest.mark.parametrize("change", [
    {"birth_certificate": "O110260522"},
    {"mother_name": "李秀兰"},
    {"mother_id_number": LI_XIULAN[1]},
    {"mother_name": "李秀兰", "mother_id_number": LI_XIULAN[1]},  # a real person, but not the baby's mother
])
def test_newborn_not_found(env, wf, change: dict[str, str]) -> None:
    view = start(env, wf, "newborn")
    with pytest.raises(ValidationFailed) as caught:
        drafts.set_newborn(env, wf, view.id, view.version, {**NEWBORN_VALUES, **change}, client="t")
    assert caught.value.errors == {"birth_certificate": "newborn_not_found"}
    assert [e["action"] for e in audit_events(env, wf, "binding_lookup_not_matched")] == ["binding_lookup_not_matched"]
    assert drafts.get(env, wf, view.id).member is None


# --- who may start, and how long a draft lives ---------------------------------------------------------------------

def test_only_verified_residents_can_start(env, staff) -> None:
    with pytest.raises(DomainError) as caught:
        drafts.open_draft(env, staff, client="t")
    assert caught.value.code == "not_verified"


def test_every_change_keeps_the_draft_for_30_more_days(env, zw) -> None:
    view = start(env, zw)
    env.clock.advance(days=29)
    resumed = drafts.open_draft(env, zw, client="t")
    assert resumed.id == view.id
    drafts.save_details(env, zw, view.id, {"name": "张建国"})
    assert request_row(env, view.id).expires_at == env.clock.now() + timedelta(days=30)


def test_a_draft_untouched_for_30_days_is_not_resumed(env, zw) -> None:
    view = start(env, zw)
    env.clock.advance(days=30, minutes=1)
    assert drafts.open_draft(env, zw, client="t").id != view.id
