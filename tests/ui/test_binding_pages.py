"""Binding a family member, the "+" flow (DESIGN.md 2.2): My family members, the wizard's steps, the
family list after submitting, drafts on the server, two windows, and who may open what.

The `User` fixture cannot upload a file or draw a signature, so photos, the member's consent and the
signed letter are prepared through the services on the same database, as the upload endpoint and the
signature step would store them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from app.services.binding import documents, drafts
from app.services.binding.store import RequestView
from app.services.env import Env, build_env
from app.services.photos import ProcessedPhoto
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_row,
    current_path,
    expect_field_error,
    field_error,
    input_value,
    log_in,
    submit_and_wait,
    summary_messages,
    wait_for_path,
    wait_until,
)

WANG_PHONE = "13700137000"
ZHANG_WEI_ID = "110101198503120017"
FATHER_NAME, FATHER_ID = "张建国", "110101195207010039"
SON_NAME, SON_ID = "张子涵", "110101201604080012"
ZHAO_NAME, ZHAO_ID = "赵桂英", "110101194803150025"
MOTHER_NAME, MOTHER_ID = "王芳", "110101199002140022"
CERTIFICATE = "O110260521"

NOT_FOUND = "We could not find an insured person with this name and ID number"
PHOTO = ProcessedPhoto(jpeg=b"x", thumbnail=b"y", width=1200, height=900, sha256="0" * 64)
STEP_PATH = re.compile(r"^/family/request/(\d+)/(\w+)$")


# --- services on the same database -------------------------------------------------------------------

@contextmanager
def service_env() -> Iterator[Env]:
    env = build_env(get_settings())
    try:
        yield env
    finally:
        env.db.dispose()


def account_id(phone: str = RESIDENT_PHONE) -> int:
    account = account_row(phone)
    assert account is not None and account.id is not None
    return account.id


def new_draft(phone: str = RESIDENT_PHONE, *, member: tuple[str, str, str] | None = None) -> int:
    """A draft started by `phone`'s holder, past the notice and method steps (and "who" with `member`)."""
    holder = account_id(phone)
    with service_env() as env:
        request = drafts.open_draft(env, holder)
        request = drafts.accept_notice(env, holder, request.id, request.version, agreed=True)
        request = drafts.choose_method(env, holder, request.id, request.version, "id_number")
        if member is not None:
            name, number, relationship = member
            drafts.set_member(env, holder, request.id, request.version,
                              {"name": name, "id_number": number, "relationship": relationship}, client="t")
        return request.id


def prepare_for_check(request_id: int, phone: str = RESIDENT_PHONE) -> None:
    """What the documents and signature steps would store: the face photo, the consent, the signed letter."""
    holder = account_id(phone)
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
        drafts.set_consent(env, holder, request_id, None, agreed=True)
        documents.store_signed_letter(env, holder, request_id, None, signature_png=b"png", pdf=b"%PDF-1.4 test",
                                      client="t")


def stored(request_id: int, phone: str = RESIDENT_PHONE) -> RequestView:
    with service_env() as env:
        return drafts.get(env, account_id(phone), request_id)


# --- the simulated browser ----------------------------------------------------------------------------

def step_of(user: User) -> tuple[int, str] | None:
    match = STEP_PATH.match(current_path(user))
    return (int(match.group(1)), match.group(2)) if match else None


async def wait_for_step(user: User, step: str) -> int:
    """Wait until the wizard shows `step`; returns the request id in the address."""
    try:
        await wait_until(lambda: (found := step_of(user)) is not None and found[1] == step, what=f"step {step}")
    except AssertionError:
        raise AssertionError(f"expected step {step}, but the browser shows {current_path(user)}") from None
    found = step_of(user)
    assert found is not None
    return found[0]


async def add_member(user: User) -> int:
    """My family members → "Add family member"; returns the request id of the notice step it opens."""
    await user.open("/family")
    user.find(marker="add-member").click()
    return await wait_for_step(user, "notice")


async def to_who(user: User, method: str = "id_number") -> int:
    """From a fresh login: the notice and the method, up to "who"."""
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    await wait_for_step(user, "method")
    user.find(marker=f"method-{method}").click()
    assert await wait_for_step(user, "who") == request_id
    return request_id


def choose(user: User, marker: str, option: str) -> None:
    """Open the select `marker` and pick the option labelled `option`."""
    user.find(marker=marker).click()
    user.find(option).click()


def select_value(user: User, marker: str) -> object:
    element = next(iter(user.find(marker=marker).elements))
    assert isinstance(element, ui.select)
    return element.value


def fill_member(user: User, name: str, number: str, relationship: str | None) -> None:
    user.find(marker="name").type(name)
    user.find(marker="id_number").type(number)
    if relationship is not None:
        choose(user, "relationship", relationship)


def fill_newborn(user: User, *, mother: str = MOTHER_NAME, mother_id: str = MOTHER_ID,
                 certificate: str = CERTIFICATE) -> None:
    user.find(marker="mother_name").type(mother)
    user.find(marker="mother_id_number").type(mother_id)
    user.find(marker="birth_certificate").type(certificate)


def photo_labels(user: User) -> list[str]:
    """The accessible names of the photo inputs on the documents step, in page order."""
    assert user.client is not None
    return [element.props["label"] for element in user.client.layout.descendants()
            if element.props.get("inputId", "").startswith("photo-")]


def page_texts(user: User) -> list[str]:
    assert user.client is not None
    return [str(getattr(element, "text", "")) for element in user.client.layout.descendants()]


# --- My family members and the notice -----------------------------------------------------------------

async def test_empty_family_list_and_the_add_button(user: User) -> None:
    await log_in(user)
    await user.open("/family")
    await user.should_see("You have not added anyone yet.")
    button = next(iter(user.find(marker="add-member").elements))
    assert button.props.get("aria-label") == "Add family member"
    user.find(marker="add-member").click()
    request_id = await wait_for_step(user, "notice")
    await user.should_see("Notice on adding family members")
    await user.should_see("Step 1 of 7")
    draft = stored(request_id)
    assert draft.status == "draft" and draft.step == "notice" and not draft.notice_accepted


async def test_adding_again_resumes_the_same_draft_at_its_step(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    assert await wait_for_step(user, "method") == request_id

    await user.open("/family")
    await user.should_see("Not finished")
    await user.should_not_see("You have not added anyone yet.")
    user.find(marker="add-member").click()
    assert await wait_for_step(user, "method") == request_id
    await user.should_see("Bind with ID number")


async def test_notice_must_be_ticked(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    await submit_and_wait(user)
    await expect_field_error(user, "agree", "Tick the box to confirm you have read the notice")
    assert step_of(user) == (request_id, "notice")
    assert not stored(request_id).notice_accepted


async def test_notice_ticked_goes_to_method_and_back_keeps_the_tick(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    assert await wait_for_step(user, "method") == request_id
    await user.should_see("How do you want to add them?")
    assert stored(request_id).notice_accepted

    user.find(marker="back").click()
    assert await wait_for_step(user, "notice") == request_id
    agree = next(iter(user.find(marker="agree").elements))
    assert agree.value is True  # type: ignore[attr-defined]


# --- who: by ID number --------------------------------------------------------------------------------

async def test_who_empty_form_lists_every_problem(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    await submit_and_wait(user)
    await expect_field_error(user, "name", "Enter the family member's name as it is on their ID")
    await expect_field_error(user, "id_number", "ID number")
    await expect_field_error(user, "relationship", "Choose what this person is to you")
    assert len(summary_messages(user)) == 3
    assert step_of(user) == (request_id, "who")


async def test_who_empty_id_number_asks_for_the_family_members(user: User) -> None:
    await log_in(user)
    await to_who(user)
    user.find(marker="name").type(FATHER_NAME)
    choose(user, "relationship", "Father or mother")
    await submit_and_wait(user)
    message = await expect_field_error(user, "id_number", "ID number")
    assert "your" not in message.lower(), message


async def test_who_bad_check_digit(user: User) -> None:
    await log_in(user)
    await to_who(user)
    fill_member(user, FATHER_NAME, FATHER_ID[:-1] + "8", "Father or mother")
    user.find(marker="id_number").trigger("blur")
    assert field_error(user, "id_number").startswith("This ID number is not valid: a character may be mistyped.")
    await submit_and_wait(user)
    await expect_field_error(user, "id_number", "This ID number is not valid: a character may be mistyped.")


async def test_unknown_person_and_wrong_name_get_the_same_message(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, "张建军", FATHER_ID, "Father or mother")  # a real ID with the wrong name
    await submit_and_wait(user)
    wrong_name = await expect_field_error(user, "id_number", NOT_FOUND)

    user.find(marker="name").clear()
    user.find(marker="name").type(FATHER_NAME)
    user.find(marker="id_number").clear()
    user.find(marker="id_number").type("110101195207010020")  # valid check digit, nobody in the registry
    await submit_and_wait(user)
    unknown = await expect_field_error(user, "id_number", NOT_FOUND)
    assert wrong_name == unknown
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


@pytest.mark.parametrize(("name", "number", "relationship", "field", "message"), [
    ("张伟", ZHANG_WEI_ID, "Brother or sister", "id_number", "This is your own ID number"),
    (FATHER_NAME, FATHER_ID, "Child", "relationship", "This relationship does not fit the two birth dates."),
    (SON_NAME, SON_ID, "Brother or sister", "relationship",
     "A child under 14 can only be added online by a parent or grandparent."),
], ids=["own-id", "father-as-child", "child-as-sibling"])
async def test_who_rules(user: User, name: str, number: str, relationship: str, field: str, message: str) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, name, number, relationship)
    await submit_and_wait(user)
    await expect_field_error(user, field, message)
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


async def test_person_with_two_holders_goes_to_the_counter(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, ZHAO_NAME, ZHAO_ID, "Father or mother")
    await submit_and_wait(user)
    assert "This person cannot be added online. Please visit a service counter." in summary_messages(user)
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


async def test_valid_parent_goes_to_documents(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    await user.should_see("Who is the family member?")
    fill_member(user, FATHER_NAME, FATHER_ID, "Father or mother")
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    draft = stored(request_id)
    assert draft.member is not None and draft.member.name == FATHER_NAME
    assert draft.relationship == "parent"


async def test_typed_name_is_kept_on_the_server(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    user.find(marker="name").type(FATHER_NAME)
    user.find(marker="id_number").type(FATHER_ID)
    await wait_until(lambda: stored(request_id).details.get("name") == FATHER_NAME, timeout=5,
                     what="the autosave")
    await user.open(f"/family/request/{request_id}/who")
    assert input_value(user, "name") == FATHER_NAME
    assert input_value(user, "id_number") == FATHER_ID


async def test_chosen_relationship_is_kept_on_the_server(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    choose(user, "relationship", "Father or mother")
    await wait_until(lambda: stored(request_id).details.get("relationship") == "parent", timeout=5,
                     what="the autosave")
    await user.open(f"/family/request/{request_id}/who")
    assert select_value(user, "relationship") == "parent"


# --- who: a newborn -----------------------------------------------------------------------------------

async def test_newborn_by_the_mother(user: User) -> None:
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    request_id = await to_who(user, "newborn")
    await user.should_see("Which baby is it?")
    fill_newborn(user)
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    assert photo_labels(user) == ["Birth certificate photo"]
    draft = stored(request_id, WANG_PHONE)
    assert draft.member is not None and draft.member.name == "张小满"
    assert draft.relationship == "child"


async def test_newborn_with_a_wrong_certificate(user: User) -> None:
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    request_id = await to_who(user, "newborn")
    fill_newborn(user, certificate="O110260599")
    await submit_and_wait(user)
    await expect_field_error(user, "birth_certificate", "We could not find a newborn with these details")
    assert step_of(user) == (request_id, "who")


async def test_newborn_by_the_father(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user, "newborn")
    fill_newborn(user)
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    assert stored(request_id).member is not None


# --- documents and the letter -------------------------------------------------------------------------

async def test_documents_for_an_adult_need_a_face_photo_and_consent(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/documents")
    assert photo_labels(user) == ["Face photo of the family member"]
    await user.should_see("The family member agrees")
    await user.should_see(f"I, {FATHER_NAME}, agree that 张伟 adds me as a family member")
    await submit_and_wait(user)
    problems = summary_messages(user)
    assert "Add the photo: Face photo of the family member" in problems
    assert "Tick the box when the family member agrees" in problems
    assert field_error(user, "consent") == "Tick the box when the family member agrees"
    assert step_of(user) == (request_id, "documents")


async def test_documents_for_a_child_need_two_household_register_pages(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(SON_NAME, SON_ID, "child"))
    await user.open(f"/family/request/{request_id}/documents")
    assert photo_labels(user) == ["Household registration book photo: head page",
                                  "Household registration book photo: member's page"]
    await user.should_not_see("The family member agrees")
    await submit_and_wait(user)
    assert summary_messages(user) == ["Add the photo: Household registration book photo: head page",
                                      "Add the photo: Household registration book photo: member's page"]
    assert step_of(user) == (request_id, "documents")


async def test_documents_with_photo_and_consent_go_to_the_letter(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    with service_env() as env:
        documents.add_photo(env, account_id(), request_id, "face", PHOTO)
    await user.open(f"/family/request/{request_id}/documents")
    await user.should_see("Photo saved.")
    await user.should_see(marker="retake-face")
    user.find(marker="consent").click()
    user.find(marker="submit").click()
    assert await wait_for_step(user, "letter") == request_id
    assert stored(request_id).member_consent


async def test_letter_shows_names_and_masked_ids_only(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/letter")
    await user.should_not_see(marker="letter")
    user.find(marker="generate-letter").click()
    await user.should_see(marker="letter")
    with user.scope(marker="letter"):
        await user.should_see("承诺人 / Holder：张伟")
        await user.should_see(f"家庭成员 / Family member：{FATHER_NAME}")
        await user.should_see("110101********0017")
        await user.should_see("110101********0039")
    texts = page_texts(user)
    assert any("110101********0039" in text for text in texts)  # the helper sees the letter's words
    assert not any(ZHANG_WEI_ID in text or FATHER_ID in text for text in texts)
    region = next(iter(user.find(marker="letter").elements))
    assert region.props.get("role") == "region" and region.props.get("aria-label") == "Commitment letter"


# --- check, submit, withdraw, edit --------------------------------------------------------------------

async def test_check_submit_withdraw_and_edit(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    prepare_for_check(request_id)
    await user.open(f"/family/request/{request_id}/check")
    await user.should_see("Check your answers")
    for link in ("Change family member", "Change documents", "Change signature"):
        await user.should_see(kind=ui.link, content=link)
    await user.should_see("110101********0039")
    await user.should_see("The family member agreed in your presence.")
    await user.should_see(marker="submit", content="Save and submit")

    user.find(marker="submit").click()
    await wait_for_path(user, f"/family/request/{request_id}/submitted")
    await user.should_see("Your request number: FEC-2026-")
    assert stored(request_id).status == "submitted"

    await user.open("/family")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see(FATHER_NAME)
        await user.should_see("Under review")
        await user.should_see(marker=f"withdraw-{request_id}", content="Withdraw")
        await user.should_see("You can withdraw it until 10:10.")
    user.find(marker=f"withdraw-{request_id}").click()
    await wait_for_path(user, "/family?withdrawn=1")
    await user.should_see("The request was withdrawn.")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see("Withdrawn")
        await user.should_not_see(marker=f"withdraw-{request_id}")
    assert stored(request_id).status == "withdrawn"

    user.find(marker=f"edit-{request_id}").click()
    assert await wait_for_step(user, "check") == request_id
    await user.should_see(marker="submit", content="Save and submit")
    assert stored(request_id).status == "draft"


async def test_check_page_lists_what_is_missing(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/check")
    await user.should_see("Not finished yet")
    await submit_and_wait(user)
    assert summary_messages(user) == ["Some parts are not finished yet. Use the links above to finish them."]
    assert step_of(user) == (request_id, "check")
    assert stored(request_id).status == "draft"


async def test_changing_the_member_after_signing_warns_first(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    prepare_for_check(request_id)
    await user.open(f"/family/request/{request_id}/check")
    user.find(kind=ui.link, content="Change family member").click()
    assert await wait_for_step(user, "who") == request_id
    await user.should_see("You have already signed the commitment letter.")
    assert input_value(user, "name") == FATHER_NAME
    assert select_value(user, "relationship") == "parent"
    assert stored(request_id).signed  # opening the step changes nothing


async def test_submitted_page_of_an_unsubmitted_draft(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/submitted")
    await user.should_not_see("Request submitted")
    await user.should_not_see(marker="request-number")


# --- two windows --------------------------------------------------------------------------------------

async def test_stale_who_page_is_told_about_the_other_window(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    holder = account_id()
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
    await user.open(f"/family/request/{request_id}/who")
    assert input_value(user, "name") == FATHER_NAME
    assert select_value(user, "relationship") == "parent"
    with service_env() as env:  # another window changes the draft after this page was loaded
        drafts.save_details(env, holder, request_id, {"name": SON_NAME, "id_number": SON_ID})
    await submit_and_wait(user)
    assert any("This request was changed in another window" in item for item in summary_messages(user))
    assert step_of(user) == (request_id, "who")
    draft = stored(request_id)
    assert draft.details["name"] == SON_NAME and draft.details["id_number"] == SON_ID
    assert draft.member is not None and draft.member.name == FATHER_NAME
    assert draft.relationship == "parent" and "face" in draft.documents
    # "The page now shows the latest version": it is loaded again.
    await wait_until(lambda: input_value(user, "name") == SON_NAME, timeout=6, what="the page showing the latest")
    assert input_value(user, "id_number") == SON_ID


async def test_stale_who_page_with_typing_is_told_about_the_other_window(user: User) -> None:
    await log_in(user)
    request_id = new_draft()
    holder = account_id()
    await user.open(f"/family/request/{request_id}/who")
    with service_env() as env:  # another window binds the son and adds his photos after this page was loaded
        drafts.set_member(env, holder, request_id, None,
                          {"name": SON_NAME, "id_number": SON_ID, "relationship": "child"}, client="t")
        documents.add_photo(env, holder, request_id, "household_head", PHOTO)
        documents.add_photo(env, holder, request_id, "household_member", PHOTO)
    fill_member(user, FATHER_NAME, FATHER_ID, "Father or mother")  # typed on the stale page
    user.find(marker="submit").click()
    await wait_until(lambda: step_of(user) != (request_id, "who") or summary_messages(user),
                     what="an answer to Continue")
    draft = stored(request_id)
    assert draft.member is not None and draft.member.name == SON_NAME, "the other window's member was replaced"
    assert set(draft.documents) == {"household_head", "household_member"}, "the other window's photos were lost"
    assert step_of(user) == (request_id, "who")
    assert any("This request was changed in another window" in item for item in summary_messages(user))


# --- who may open what --------------------------------------------------------------------------------

async def test_another_residents_draft_is_not_found(user: User) -> None:
    request_id = new_draft()  # 张伟's
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    for step in ("notice", "who", "check"):
        response = await user.http_client.get(f"/family/request/{request_id}/{step}")
        assert response.status_code == 404, step
        assert "Page not found" in response.text
    response = await user.http_client.get(f"/family/request/{request_id}/submitted")
    assert response.status_code == 404
    assert stored(request_id).step == "who"  # the visits did not move someone else's draft


async def test_another_holders_document_is_not_found(user: User) -> None:
    theirs = new_draft(WANG_PHONE, member=(SON_NAME, SON_ID, "child"))
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    with service_env() as env:
        their_photo = documents.add_photo(env, account_id(WANG_PHONE), theirs, "household_head", PHOTO)
        my_photo = documents.add_photo(env, account_id(), mine, "face", PHOTO)
    await log_in(user)
    own = await user.http_client.get(f"/family/document/{my_photo.documents['face'].id}")
    assert own.status_code == 200 and own.content == b"x"
    other = await user.http_client.get(f"/family/document/{their_photo.documents['household_head'].id}")
    assert other.status_code == 404
    assert b"y" not in other.content
    missing = await user.http_client.get("/family/document/999999")
    assert missing.status_code == 404


async def test_anonymous_visitor_is_sent_to_log_in(user: User) -> None:
    request_id = new_draft()
    await user.open("/family")
    assert current_path(user).startswith("/login")
    assert current_path(user) == "/login?next=/family"
    response = await user.http_client.get(f"/family/request/{request_id}/notice")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    response = await user.http_client.get("/family/document/1")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_staff_opening_family_is_sent_to_staff(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/family")
    await wait_for_path(user, "/staff")
    response = await user.http_client.get("/family/add")
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    await user.should_not_see(marker="add-member")
