""""Prove relationship" in the simulated browser (DESIGN.md §2.7): staff assisting the holder of an approved binding
press it on My family, keep a "Proof of relationship" photo, and a second staff member accepts it under "Proofs of
relationship"; the holder sees where it stands. A resident alone gets neither the button nor the page, and the
staff member who took a proof never sees it to decide.

The `User` fixture cannot choose a file: the photo is posted to the address the page's input uploads to, with the
staff browser's cookies, and the input's "done" event is then sent as the browser would."""

from __future__ import annotations

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.services import review, staff_admin
from app.services.errors import ValidationFailed
from tests.ui.counter_page_helpers import resident_events, shown, staff_assisting
from tests.ui.helpers import (
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import submit
from tests.ui.test_binding_pages_fingerprint import _image
from tests.ui.test_uploads_api import CountingBody

REVIEWER = "13900139001"
PROVE, WAITING, PROVEN = "Prove relationship", "waiting for a second staff member", "Relationship proven"


def _approved() -> int:
    """张伟's father, bound (approved by the demo staff member)."""
    request_id = submit()
    with service_env() as env:
        review.open_request(env, account_id(STAFF_PHONE), request_id)
        review.decide(env, account_id(STAFF_PHONE), request_id, approve=True)
    return request_id


def _reviewer() -> None:
    with service_env() as env:
        try:
            staff_admin.create_staff(env, REVIEWER, STAFF_PASSWORD)
        except ValidationFailed:  # the demo data has them already
            pass


async def _upload(user: User, body: bytes) -> dict:
    element = next(iter(user.find(marker="photo-relationship_proof").elements))
    response = await user.http_client.post(element.props["uploadUrl"], content=body)
    answer = response.json()
    UserInteraction(user, {element}, None).trigger("done", answer)
    return {"status": response.status_code, **answer}


async def test_a_resident_alone_can_neither_prove_nor_upload(user: User) -> None:
    request_id = _approved()
    await log_in(user)
    await user.open("/family")
    await user.should_see("张建国")
    await user.should_not_see(PROVE)
    response = await user.http_client.get(f"/family/relationship/{request_id}")
    assert response.status_code == 404
    body = CountingBody(5 * 1024 * 1024)
    upload = await user.http_client.post(f"/api/requests/{request_id}/relationship-proof", content=body)
    assert upload.status_code == 404 and body.sent <= 1  # refused before a byte of it is read
    response = await user.http_client.get("/staff/proofs", follow_redirects=False)
    assert response.status_code in {303, 404}


async def test_staff_take_a_proof_and_a_second_staff_member_accepts_it(user: User) -> None:
    request_id = _approved()
    _reviewer()
    await staff_assisting(user)
    await user.should_see(PROVE)
    user.find(marker=f"prove-{request_id}").click()
    await wait_for_path(user, f"/family/relationship/{request_id}")
    await user.should_see("Take a photo of a paper that shows how 张伟 and 张建国 are related. "
                          "Relationship entered: Father or mother.")
    not_a_photo = await _upload(user, b"%PDF-1.4\n%%EOF\n")
    assert not_a_photo["status"] == 422
    await wait_until(lambda: "This file is not a photo" in shown(user, "proof-error"), what="the refusal")
    assert shown(user, "proof-status") == ""
    assert (await _upload(user, _image()))["status"] == 200
    await wait_until(lambda: "A second staff member will check it" in shown(user, "proof-status"), what="kept")
    await user.open("/family")
    await user.should_see(WAITING)
    [taken] = [e for e in resident_events() if e["action"] == "relationship_proof_submitted"]
    assert (taken["actor_role"], taken["actor_id"]) == ("staff", account_id(STAFF_PHONE))

    await user.open("/staff/proofs")  # the one who took it is not shown it
    await user.should_see("Proofs of relationship waiting: 0")
    response = await user.http_client.get(f"/staff/proofs/{request_id}")
    assert response.status_code == 404
    user.find(marker="finish-assisting").click()
    await wait_for_path(user, "/staff/counter")
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")

    await log_in(user, REVIEWER, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff")
    user.find("Proofs of relationship").click()
    await wait_for_path(user, "/staff/proofs")
    await user.should_see("Proofs of relationship waiting: 1")
    await user.should_see("张建国 · Father or mother")
    user.find("Check the proof of").click()
    await wait_for_path(user, f"/staff/proofs/{request_id}")
    await user.should_see("Does the photo show this relationship between the holder and 张建国?")
    photo = await user.http_client.get(f"/staff/proof-photo/{request_id}")
    assert photo.status_code == 200 and photo.content.startswith(b"\xff\xd8")
    user.find("Approve").click()
    await wait_until(lambda: "the relationship is proven" in shown(user, "outcome"), what="the decision")
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")

    await log_in(user)
    await user.open("/family")
    await user.should_see(PROVEN)
    await user.should_not_see(PROVE)
    await user.open("/notifications")
    await user.should_see("Your relationship with 张建国 is proven.")
    await user.open("/activity")
    await user.should_see("Staff at a service counter added a proof of relationship")
    await user.should_see("A proof of relationship was accepted")
