"""Exceptions at the counter in the simulated browser (DESIGN.md §2.7): what the "who" step refuses online, staff
assisting the holder can do, and the documents step then asks for the exception's evidence: a photo only staff
add, or the third holder's "Reason for the exception", kept as typed and shown to the reviewer."""

from __future__ import annotations

from nicegui.testing import User

from app.services.binding import documents
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    PHOTO,
    ZHAO_ID,
    ZHAO_NAME,
    fill_member,
    photo_labels,
    stored,
    through_what_you_need,
    wait_for_step,
)
from tests.ui.counter_page_helpers import staff_actor, staff_assisting
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    account_id,
    expect_field_error,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)


async def _to_who_for_the_resident(user: User) -> int:
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    request_id = await wait_for_step(user, "notice")
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    await wait_for_step(user, "method")
    user.find(marker="method-id_number").click()
    await wait_for_step(user, "who")
    return request_id


async def test_relationship_other_at_the_counter_asks_for_a_proof_only_staff_add(user: User) -> None:
    await staff_assisting(user)
    request_id = await _to_who_for_the_resident(user)
    fill_member(user, FATHER_NAME, FATHER_ID, "Other")
    user.find(marker="submit").click()
    await wait_for_step(user, "documents")
    assert photo_labels(user) == ["Face photo of the family member", "Proof of relationship"]
    await user.should_see("Counter exception: the relationship is \u201cOther\u201d, so a proof of relationship is "
                          "needed.")
    await user.should_see("A photo of a paper that shows how the two are related")
    assert stored(request_id).exceptions == ("relationship_other",)

    user.find(marker="finish-assisting").click()
    await wait_for_path(user, "/staff/counter")
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")
    await log_in(user, RESIDENT_PHONE, RESIDENT_PASSWORD)
    await user.open(f"/family/request/{request_id}/documents")
    assert photo_labels(user) == ["Face photo of the family member"]  # the proof is not the holder's to add
    with user.scope(marker="evidence-relationship_proof"):
        await user.should_see("Proof of relationship")
        await user.should_see("Staff at a service counter add this when you bring it there.")
    await user.should_see("What to bring: an exception")


async def test_a_third_holder_needs_the_reason_typed_by_staff(user: User) -> None:
    await staff_assisting(user)
    request_id = await _to_who_for_the_resident(user)
    fill_member(user, ZHAO_NAME, ZHAO_ID, "Grandparent")  # 赵桂英 already has two holders
    user.find(marker="submit").click()
    await wait_for_step(user, "documents")
    with service_env() as env:  # the scan staff upload
        documents.add_photo(env, account_id(), request_id, "face", PHOTO, actor=staff_actor())
    await user.open(f"/family/request/{request_id}/documents")
    user.find(marker="consent").click()
    user.find(marker="submit").click()
    await expect_field_error(user, "exception_reason", "Write the reason for the exception")
    user.find(marker="exception_reason").type("Her sons live abroad; her grandson looks after her")
    user.find(marker="submit").click()
    await wait_for_step(user, "letter")
    assert stored(request_id).exception_reason == "Her sons live abroad; her grandson looks after her"
    await user.open(f"/family/request/{request_id}/documents")  # kept, shown again
    await wait_until(lambda: next(iter(user.find(marker="exception_reason").elements)).value.startswith("Her sons"),
                     what="the reason typed before")
