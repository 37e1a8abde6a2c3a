"""Binding a family member, the "+" flow (DESIGN.md 2.2): the documents step and the commitment letter.

The `User` fixture cannot upload a file or draw a signature, so photos, the member's consent and the
signed letter are prepared through the services on the same database, as the upload endpoint and the
signature step would store them."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services.binding import documents, lifecycle
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    PHOTO,
    SON_ID,
    SON_NAME,
    ZHANG_WEI_ID,
    new_draft,
    page_texts,
    photo_labels,
    prepare_for_check,
    step_of,
    stored,
    wait_for_step,
)
from tests.ui.helpers import (
    account_id,
    field_error,
    log_in,
    service_env,
    submit_and_wait,
    summary_messages,
)

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


# --- the member's consent -------------------------------------------------------------------------------------

def _consent_box(user: User) -> ui.checkbox:
    box = next(iter(user.find(marker="consent").elements))
    assert isinstance(box, ui.checkbox)
    return box


async def test_the_consent_is_kept_as_soon_as_it_is_ticked_or_unticked(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/documents")
    user.find(marker="consent").click()
    assert stored(request_id).member_consent  # not waiting for "Continue"
    user.find(marker="consent").click()
    assert not stored(request_id).member_consent
    user.find(marker="consent").click()
    await user.open(f"/family/request/{request_id}/documents")  # a reload shows it as it was left
    assert _consent_box(user).value is True
    assert "Read the consent aloud" in page_texts(user)


async def test_a_consent_tick_the_server_refuses_goes_back_and_says_why(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/documents")
    box = _consent_box(user)
    revision = box.props["revision"]
    prepare_for_check(request_id)  # then submitted from another device
    with service_env() as env:
        lifecycle.submit(env, account_id(), request_id, stored(request_id).version, client="t")
    user.find(marker="consent").click()  # this page still shows it unticked; the browser ticks it
    assert box.value is False
    assert box.props["revision"] == revision + 1  # so the browser shows it unticked again
    assert field_error(user, "consent") == "This cannot be done now. The page shows the current state."
    assert box.props.get("aria-invalid") == "true"
    assert stored(request_id).status == "submitted"
