"""Counter service pages (DESIGN.md §2.7): staff find a resident, take the code read out as consent, run the
same "+" flow for the resident under the banner "Assisting <resident>", and finish; the resident then sees
the request and, in Account activity, what staff did for them.

The `User` fixture cannot upload a file or draw a signature, so the scanned photo and the signed letter are
stored through the services with the staff member as actor, as the upload endpoint and the signature step
would while assisting."""

from __future__ import annotations

from nicegui.testing import User

from app.services import auth
from app.services.binding import documents
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    PHOTO,
    choose,
    stored,
    through_what_you_need,
    wait_for_step,
)
from tests.ui.counter_page_helpers import (
    ASSISTING,
    find,
    resident_events,
    shown,
    staff_actor,
    staff_assisting,
    start_assisting,
)
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    current_path,
    field_error,
    log_in,
    service_env,
    sms_code,
    wait_for_path,
    wait_until,
)

BINDING_BY_STAFF = ["binding_started", "binding_lookup_matched", "binding_photo_added", "binding_consent_recorded",
                    "binding_letter_signed", "binding_submitted"]


async def _bind_father_for_the_resident(user: User) -> int:
    """From the resident's family list, the same "+" flow for 张伟's father, up to "Request submitted"."""
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    request_id = await wait_for_step(user, "notice")
    await user.should_see(ASSISTING)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    await wait_for_step(user, "method")
    user.find(marker="method-id_number").click()
    await wait_for_step(user, "who")
    user.find(marker="name").type(FATHER_NAME)
    user.find(marker="id_number").type(FATHER_ID)
    choose(user, "relationship", "Father or mother")
    user.find(marker="submit").click()
    await wait_for_step(user, "documents")
    await user.should_see(ASSISTING)
    await user.should_see(f"I, {FATHER_NAME}, agree that 张伟 adds me as a family member")  # the resident, not staff
    with service_env() as env:  # the scan staff upload
        documents.add_photo(env, account_id(), request_id, "face", PHOTO, actor=staff_actor())
    await user.open(f"/family/request/{request_id}/documents")
    user.find(marker="consent").click()
    user.find(marker="submit").click()
    await wait_for_step(user, "letter")
    user.find(marker="generate-letter").click()
    await user.should_see(marker="letter")
    user.find(marker="submit").click()
    await wait_for_step(user, "signature")
    await user.should_see(ASSISTING)
    with service_env() as env:  # the resident signs on the tablet turned towards them
        documents.store_signed_letter(env, account_id(), request_id, None, signature_png=b"png",
                                      pdf=b"%PDF-1.4 test", client="counter-tablet", actor=staff_actor())
    await user.open(f"/family/request/{request_id}/check")
    user.find(marker="submit").click()
    await wait_for_path(user, f"/family/request/{request_id}/submitted")
    await user.should_see(ASSISTING)
    assert stored(request_id).status == "submitted"
    return request_id


async def test_staff_bind_the_father_for_the_resident_and_finish(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    user.find("Counter service").click()
    await wait_for_path(user, "/staff/counter")
    await find(user)
    assert "A code was sent to 138****8000" in shown(user, "counter-status")
    await user.should_not_see("张伟")  # nobody's name before the resident agrees
    await start_assisting(user)
    await wait_for_path(user, "/family")
    await user.should_see(ASSISTING)
    await user.should_see("Finish assisting")
    request_id = await _bind_father_for_the_resident(user)

    user.find(marker="finish-assisting").click()
    await wait_for_path(user, "/staff/counter")
    await user.should_see("You have finished assisting.")
    await user.should_not_see(ASSISTING)
    await user.open("/family")
    await wait_for_path(user, "/staff")  # the resident's pages are closed again

    staff = account_id(STAFF_PHONE)
    events = resident_events()
    binding = [e for e in events if e["action"].startswith("binding_")]
    assert [e["action"] for e in binding] == BINDING_BY_STAFF
    assert {(e["actor_id"], e["actor_role"]) for e in binding} == {(staff, "staff")}
    counter_steps = [e["action"] for e in events if e["action"].startswith("assist_")]
    assert counter_steps == ["assist_code_sent", "assist_started", "assist_ended"]

    user.find(marker="logout").click()
    await wait_for_path(user, "/login")
    await log_in(user, RESIDENT_PHONE, RESIDENT_PASSWORD)
    await user.open("/family")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see(FATHER_NAME)
        await user.should_see("Under review")
    await user.open("/activity")
    for words in ("Service staff started helping you at the counter (you read out the code)",
                  "Service staff added a photo of a document for you", "Family member request submitted",
                  "Service staff finished helping you at the counter", "By service staff"):
        await user.should_see(words)


async def test_unknown_unverified_and_staff_numbers_are_told_next_to_the_field(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff/counter")
    for phone, words in (("13612345678", "There is no resident account with this mobile number"),
                         (STAFF_PHONE, "This number belongs to a staff account"),
                         ("", "Enter the resident's mobile number"),
                         ("12345", "Enter an 11-digit mobile number")):
        await find(user, phone)
        await wait_until(lambda w=words: w in field_error(user, "phone"), what=words)
        assert shown(user, "counter-status") == ""
    await user.should_not_see(marker="start-assisting")


async def test_a_wrong_code_is_told_next_to_the_field_and_starts_nothing(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff/counter")
    await find(user)
    right = sms_code(RESIDENT_PHONE)
    await start_assisting(user, f"{(int(right) + 1) % 1_000_000:06d}")
    await wait_until(lambda: "The code is not right. You can try 4 more times." in field_error(user, "code"),
                     what="the wrong-code message")
    assert current_path(user) == "/staff/counter"
    await user.should_not_see(ASSISTING)
    assert [e["action"] for e in resident_events() if e["action"] == "assist_started"] == []
    await start_assisting(user, "")
    await wait_until(lambda: "Enter the 6-digit code" in field_error(user, "code"), what="the empty-code message")
    await start_assisting(user, right)
    await wait_for_path(user, "/family")
    await user.should_see(ASSISTING)


async def test_the_banner_is_on_every_page_while_assisting(user: User) -> None:
    await staff_assisting(user)
    for path in ("/family", "/staff", "/staff/counter", "/my", "/settings", "/notifications", "/activity"):
        await user.open(path)
        await user.should_see(ASSISTING)
        await user.should_see(marker="finish-assisting")
    await user.open("/staff/counter")
    await user.should_see("You are assisting 张伟")
    await user.should_see("Family members of 张伟")
    await user.should_not_see(marker="find")


async def test_logging_out_ends_assisting(user: User) -> None:
    await staff_assisting(user)
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_not_see(ASSISTING)
    await user.open("/family")
    await wait_for_path(user, "/staff")
    ended = [e["detail"] for e in resident_events() if e["action"] == "assist_ended"]
    assert ended == [{"reason": "logout"}]


async def test_assisting_ends_with_the_staff_session(user: User) -> None:
    await staff_assisting(user)
    with service_env() as env:  # the staff login ends ("Log out on all devices" elsewhere, or idle)
        auth.logout_everywhere(env, account_id(STAFF_PHONE))
    await user.open("/family")
    await wait_for_path(user, "/login")
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_not_see(ASSISTING)
    response = await user.http_client.get("/family", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/staff")
    ended = [e["detail"] for e in resident_events() if e["action"] == "assist_ended"]
    assert ended == [{"reason": "session_ended"}]


async def test_counter_pages_in_chinese(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff/counter?lang=zh-CN")
    await user.should_see("窗口服务")
    await user.should_see("居民手机号")
    await user.should_see("查找")
    await find(user)
    await user.should_see("居民读出的验证码")
    await start_assisting(user)
    await wait_for_path(user, "/family")
    await user.should_see("正在协助 张伟 办理")
    await user.should_see("结束协助办理")
