"""Who may open the counter service and, through it, a resident's binding pages (DESIGN.md §2.7, §5): anonymous
visitors, residents, staff not assisting, and staff assisting. Staff never reach a resident's e-card, QR code
or records, and only the assisted resident's requests and documents."""

from __future__ import annotations

import io
from urllib.parse import quote

from nicegui.testing import User
from PIL import Image

from app.services.binding import documents
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    PHOTO,
    SON_ID,
    SON_NAME,
    WANG_PHONE,
    new_draft,
    prepare_for_check,
    stored,
)
from tests.ui.counter_page_helpers import ASSISTING, resident_events, staff_actor, staff_assisting
from tests.ui.helpers import STAFF_PASSWORD, STAFF_PHONE, account_id, log_in, service_env, wait_for_path

RESIDENT_ONLY = ("/", "/ecard", "/records/contributions", "/records/expenses")


def _resident_routes(request_id: int, document_id: int) -> list[str]:
    return ["/family", "/family/what-you-need", "/family/add", f"/family/request/{request_id}/check",
            f"/family/document/{document_id}", f"/family/document/{document_id}?thumbnail=1"]


def _drafts() -> tuple[int, int, int]:
    """张伟's complete draft for his father (with its face photo) and 王芳's draft for her son."""
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    prepare_for_check(mine)
    theirs = new_draft(WANG_PHONE, member=(SON_NAME, SON_ID, "child"))
    return mine, stored(mine).documents["face"].id, theirs


async def test_anonymous_visitors_are_sent_to_log_in(user: User) -> None:
    mine, face, _ = _drafts()
    for path in ["/staff/counter", "/staff/counter?finished=1", *_resident_routes(mine, face)]:
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next={quote(path)}", path
        assert PHOTO.jpeg not in response.content


async def test_residents_are_sent_home_from_counter_service(user: User) -> None:
    await log_in(user)
    for path in ("/staff/counter", "/staff/counter?finished=1"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/"), path
    await user.open("/staff/counter")
    await wait_for_path(user, "/")
    await user.should_not_see("Resident's mobile number")


async def test_staff_not_assisting_reach_counter_service_but_no_resident_page(user: User) -> None:
    mine, face, _ = _drafts()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    response = await user.http_client.get("/staff/counter", follow_redirects=False)
    assert response.status_code == 200
    await user.open("/staff/counter")
    await user.should_see("Resident's mobile number")
    await user.should_not_see(ASSISTING)
    for path in [*_resident_routes(mine, face), *RESIDENT_ONLY]:
        response = await user.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/staff"), path
        assert PHOTO.jpeg not in response.content and PHOTO.thumbnail not in response.content
    upload = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=b"x")
    assert upload.status_code == 404


async def test_staff_assisting_reach_the_residents_binding_pages_only(user: User) -> None:
    mine, face, theirs = _drafts()
    await staff_assisting(user)
    for path in _resident_routes(mine, face):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 200, path
    photo = await user.http_client.get(f"/family/document/{face}")
    assert photo.content == PHOTO.jpeg and "no-store" in photo.headers["cache-control"]
    for path in RESIDENT_ONLY:  # never the resident's e-card, QR code or records
        response = await user.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/staff"), path
        assert b"E-card QR code" not in response.content
    with service_env() as env:  # another family's request and document stay not found
        other_face = documents.add_photo(env, account_id(WANG_PHONE), theirs, "household_head", PHOTO)
    for path in (f"/family/request/{theirs}/check", f"/family/document/{other_face.documents['household_head'].id}"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 404, path
    await user.open(f"/family/request/{mine}/check")
    await user.should_see(ASSISTING)
    await user.should_see("Check your answers")


async def test_staff_assisting_upload_a_scan_for_the_resident(user: User) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await staff_assisting(user)
    scan = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 190, 180)).save(scan, "PNG")
    upload = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=scan.getvalue(),
                                         headers={"Content-Type": "image/png"})
    assert upload.status_code == 200 and upload.json() == {"ok": True}
    assert "face" in stored(mine).documents
    staff = staff_actor().account_id
    added = [e for e in resident_events() if e["action"] == "binding_photo_added"]
    assert [(e["actor_id"], e["detail"]["kind"]) for e in added] == [(staff, "face")]
