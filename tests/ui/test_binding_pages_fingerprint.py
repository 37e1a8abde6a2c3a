"""People who cannot sign (DESIGN.md §2.7) on the signature step: staff assisting a resident get "Print letter for
fingerprint" (a PDF download) and "Signed paper letter photo", whose upload signs the request and goes on to
"Check your answers"; a resident alone gets neither, and the endpoint refuses them without reading the upload. The
check page, the submitted page and the reviewer say which signature the letter has.

The `User` fixture cannot choose a file: the photo is posted to the address the page's input uploads to, with the
staff browser's cookies, and the input's "done" event is then sent as the browser would."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from PIL import Image
from pypdf import PdfReader

from app.services import staff_admin
from app.services.binding import documents, drafts, lifecycle
from app.services.binding.store import PAPER_LETTER
from app.services.errors import ValidationFailed
from app.services.fingerprint_letter import BLANK
from tests.ui.binding_page_helpers import PHOTO, new_draft, stored, wait_for_step
from tests.ui.counter_page_helpers import resident_events, shown, staff_assisting
from tests.ui.help_helpers import BRING, bring_links
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    account_id,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import submit
from tests.ui.test_binding_pages_signature import _the_pad_has_a_signature
from tests.ui.test_uploads_api import CountingBody
from tests.unit.binding_helpers import add_person, make_id_number

FATHER = ("张建国", "110101195207010039")
PRINT, PHOTO_LABEL = "Print letter for fingerprint", "Signed paper letter photo"
ON_PAPER, ON_SCREEN = "Signed on paper with a fingerprint (photo)", "Signed on the screen"
REVIEWER = "13900139001"  # a second staff member: the one who assisted does not decide (four eyes)


def _ready_to_sign(member: tuple[str, str] = FATHER) -> int:
    """张伟's draft for `member` with the face photo and the consent: what is left is the signature."""
    request_id = new_draft(member=(*member, "parent"))
    holder = account_id(RESIDENT_PHONE)
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
        drafts.set_consent(env, holder, request_id, None, agreed=True)
    return request_id


def _image(size: tuple[int, int] = (1200, 1600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (236, 232, 220)).save(out, "JPEG")
    return out.getvalue()


def _photo_input(user: User):  # type: ignore[no-untyped-def]
    return next(iter(user.find(marker=f"photo-{PAPER_LETTER}").elements))


async def _upload(user: User, body: bytes) -> dict:
    """Post `body` where the page's "Signed paper letter photo" uploads it, then tell the page as the browser does."""
    element = _photo_input(user)
    response = await user.http_client.post(element.props["uploadUrl"], content=body)
    answer = response.json()
    UserInteraction(user, {element}, None).trigger("done", answer)
    return {"status": response.status_code, **answer}


async def test_a_resident_alone_gets_no_fingerprint_letter(user: User) -> None:
    request_id = _ready_to_sign()
    await log_in(user)
    await user.open(f"/family/request/{request_id}/signature")
    await user.should_see("Signature pad")
    await user.should_not_see(PRINT)
    await user.should_not_see(PHOTO_LABEL)
    body = CountingBody(5 * 1024 * 1024)
    response = await user.http_client.post(f"/api/requests/{request_id}/photos/{PAPER_LETTER}", content=body)
    assert response.status_code == 404 and body.sent <= 1  # refused before a byte of it is read
    assert not stored(request_id).signed and PAPER_LETTER not in stored(request_id).documents


async def test_staff_print_the_letter_for_a_fingerprint(user: User) -> None:
    request_id = _ready_to_sign()
    await staff_assisting(user)
    await user.open(f"/family/request/{request_id}/signature")
    await user.should_see("Signature pad")  # the drawn signature stays the first way
    await user.should_see(PRINT)
    await user.should_see(PHOTO_LABEL)
    assert shown(user, "fingerprint-unprintable") == ""
    user.find(marker="print-fingerprint").click()
    response = await user.download.next(timeout=30)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for needed in ("个人承诺书", "张伟", "张建国", "按手印", "Press your fingerprint here", "Name, written by hand"):
        assert needed in text
    await wait_until(lambda: "was downloaded" in shown(user, "fingerprint-status"), what="the print's status")
    assert "left blank" not in shown(user, "fingerprint-status")
    printed = [e for e in resident_events() if e["action"] == "binding_fingerprint_letter_printed"]
    assert [(e["actor_role"], e["detail"]["request"]) for e in printed] == [("staff", stored(request_id).number)]
    assert not stored(request_id).signed  # printing signs nothing


async def test_the_photo_of_the_signed_paper_letter_signs_the_request(user: User,
                                                                    create_user: Callable[[], User]) -> None:
    request_id = _ready_to_sign()
    await staff_assisting(user)
    await user.open(f"/family/request/{request_id}/signature")
    not_a_photo = await _upload(user, b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    assert (not_a_photo["status"], not_a_photo["code"]) == (422, "photo_not_image")
    await user.should_see("This file is not a photo")  # refused in plain words, next to the input
    assert not stored(request_id).signed and PAPER_LETTER not in stored(request_id).documents  # nothing half-kept

    assert (await _upload(user, _image()))["status"] == 200
    await wait_for_step(user, "check")
    await user.should_see(ON_PAPER)
    await user.should_not_see(ON_SCREEN)
    view = stored(request_id)
    assert view.signed and view.missing == [] and "signature" not in view.documents
    kept = [e for e in resident_events() if e["action"] == "binding_letter_signed_on_paper"]
    assert [(e["actor_role"], e["detail"]["sha256"]) for e in kept] == [("staff", view.letter_sha256)]
    letter = await user.http_client.get(f"/family/document/{view.documents['letter'].id}")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.content)).pages)
    assert "按手印" in text and "张建国" in text  # the letter kept is the one printed for the fingerprint

    resident = create_user()  # the holder's own "Check your answers" says it too
    await log_in(resident)
    await resident.open(f"/family/request/{request_id}/check")
    await resident.should_see(ON_PAPER)
    assert resident.client is not None
    previews = [e.props["src"] for e in resident.client.layout.descendants()
                if e.tag == "img" and e.props.get("alt") == f"Preview: {PHOTO_LABEL}"]
    assert previews == [f"/family/document/{view.documents[PAPER_LETTER].id}?thumbnail=1"]


async def test_a_letter_changed_meanwhile_is_not_signed_on_paper(user: User) -> None:
    request_id = _ready_to_sign()
    await staff_assisting(user)
    await user.open(f"/family/request/{request_id}/signature")
    with service_env() as env:  # another window takes the consent back meanwhile
        drafts.set_consent(env, account_id(RESIDENT_PHONE), request_id, None, agreed=False)
    answer = await _upload(user, _image())
    assert (answer["status"], answer["code"]) == (409, "draft_changed")
    await wait_until(lambda: "changed=1" in str(user.client.request.url), what="the signature page again")  # type: ignore[union-attr]
    assert PAPER_LETTER not in stored(request_id).documents


async def test_a_name_the_online_letter_cannot_print_is_left_blank_on_the_fingerprint_letter(user: User) -> None:
    name, number = "张\U0001f600", make_id_number(date(1950, 3, 1), 7)  # no font has it
    with service_env() as env:
        add_person(env, name, number)
    request_id = _ready_to_sign((name, number))
    await staff_assisting(user)
    await user.open(f"/family/request/{request_id}/signature")
    _the_pad_has_a_signature(user)
    user.find(marker="signature-ok").click()
    await wait_until(lambda: bring_links(user), what="the refusal", timeout=30)
    await user.should_see("Some characters of a name cannot be printed on the letter")
    assert bring_links(user) == [BRING["exception"]]  # the message keeps its "What to bring"
    assert "Print letter for fingerprint" in shown(user, "fingerprint-unprintable")
    user.find(marker="print-fingerprint").click()
    response = await user.download.next(timeout=30)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert BLANK in text and "按手印" in text and "张伟" not in text  # both names, to be written by hand
    await wait_until(lambda: "left blank" in shown(user, "fingerprint-status"), what="the names left blank")


async def test_the_reviewer_sees_which_signature_the_letter_has(user: User) -> None:
    on_screen = submit(("李秀兰", "110101195511200021"))  # one draft at a time: this one is submitted first
    on_paper = _ready_to_sign()
    holder = account_id(RESIDENT_PHONE)
    await staff_assisting(user)
    await user.open(f"/family/request/{on_paper}/signature")
    assert (await _upload(user, _image()))["status"] == 200
    await wait_for_step(user, "check")
    with service_env() as env:
        lifecycle.submit(env, holder, on_paper, drafts.get(env, holder, on_paper).version, client="t")
        try:
            staff_admin.create_staff(env, REVIEWER, STAFF_PASSWORD)
        except ValidationFailed:  # the demo data has them already
            pass
    user.find(marker="finish-assisting").click()
    await wait_for_path(user, "/staff/counter")
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")
    await log_in(user, REVIEWER, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{on_paper}")
    await user.should_see(ON_PAPER)
    await user.should_see(f"Enlarge {PHOTO_LABEL}")
    photo = stored(on_paper).documents[PAPER_LETTER].id
    response = await user.http_client.get(f"/staff/document/{photo}")
    assert response.status_code == 200 and response.content.startswith(b"\xff\xd8")  # re-encoded as JPEG
    await user.open(f"/staff/request/{on_screen}")
    await user.should_see(ON_SCREEN)
    await user.should_not_see(PHOTO_LABEL)
