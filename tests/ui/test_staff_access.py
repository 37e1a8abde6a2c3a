"""Staff console (DESIGN.md §2.3, §5): who may open the staff pages and documents — anonymous visitors,
residents and staff — and that staff are kept out of the residents' pages."""

from __future__ import annotations

from urllib.parse import quote

from nicegui.testing import User

from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    current_path,
    log_in,
    service_env,
    wait_for_path,
)
from tests.ui.staff_page_helpers import (
    events,
    face_document,
    row,
    submit,
)
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    fake_photo,
    ready_request,
)
from tests.unit.binding_helpers import account_id as _account_id

# --- who may open what --------------------------------------------------------------------------------

def staff_routes(request_id: int, document_id: int) -> list[str]:
    return ["/staff", f"/staff/request/{request_id}", "/staff/counter", f"/staff/document/{document_id}",
            "/staff?age_group=60_plus"]


async def test_anonymous_visitor_is_sent_to_log_in_from_every_staff_route(user: User) -> None:
    request_id = submit()
    for path in staff_routes(request_id, face_document(request_id)):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next={quote(path)}", path
        assert b"\xff\xd8" not in response.content
    await user.open("/staff")
    assert current_path(user) == "/login?next=/staff"
    await user.should_see(marker="phone")
    assert row(request_id).status == "submitted"  # nobody opened it
    assert events(RESIDENT_PHONE, "staff_viewed_document") == []


async def test_resident_is_sent_home_from_every_staff_route(user: User) -> None:
    request_id = submit()  # the resident's own request: still not through the staff routes
    document_id = face_document(request_id)
    await log_in(user)
    for path in [*staff_routes(request_id, document_id), "/staff/document/999999"]:
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/", path
        assert fake_photo("face").jpeg not in response.content
    for path in ("/staff", f"/staff/request/{request_id}", "/staff/counter"):
        await user.open(path)
        await wait_for_path(user, "/")
        await user.should_see("Show e-card")
        await user.should_not_see(marker="waiting")
        await user.should_not_see("Show full ID number")
    assert row(request_id).status == "submitted" and row(request_id).reviewer_id is None
    assert events(RESIDENT_PHONE, "staff_viewed_document") == []
    assert events(RESIDENT_PHONE, "binding_review_started") == []


async def test_staff_reach_every_staff_route(user: User) -> None:
    request_id = submit()
    document_id = face_document(request_id)
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    for path in ("/staff?", f"/staff/request/{request_id}", "/staff/counter", "/staff?age_group=60_plus"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 200, path
        assert ("Requests waiting: 1" in response.text) == path.startswith("/staff?"), path
    document = await user.http_client.get(f"/staff/document/{document_id}", follow_redirects=False)
    assert document.status_code == 200
    assert document.content == fake_photo("face").jpeg
    assert document.headers["content-type"] == "image/jpeg"
    assert "no-store" in document.headers["cache-control"]
    assert events(RESIDENT_PHONE, "staff_viewed_document")[0]["detail"]["kind"] == "face"
    for path in ("/staff/document/999999", "/staff/request/999999"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 404, path

    await user.open("/staff")
    await user.should_see("Requests waiting: 1")
    await user.open(f"/staff/request/{request_id}")
    await user.should_see(f"Request {row(request_id).number}")
    await user.open("/staff/counter")
    await user.should_see("Counter service")


async def test_staff_draft_requests_are_not_found(user: User) -> None:
    with service_env() as env:
        draft = ready_request(env, _account_id(env, RESIDENT_PHONE), ZHANG_JIANGUO, "parent")  # not submitted
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    response = await user.http_client.get(f"/staff/request/{draft.id}", follow_redirects=False)
    assert response.status_code == 404
    response = await user.http_client.get(f"/staff/document/{draft.documents['face'].id}", follow_redirects=False)
    assert response.status_code == 404
    assert row(draft.id).status == "draft"


async def test_staff_are_sent_from_resident_pages_to_the_staff_console(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    for path in ("/", "/family", "/ecard", "/family/what-you-need", "/family/add",
                 f"/family/request/{request_id}/check", f"/family/document/{face_document(request_id)}"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/staff", path
        assert fake_photo("face").jpeg not in response.content
    for path in ("/", "/family", "/ecard"):
        await user.open(path)
        await wait_for_path(user, "/staff")
        await user.should_see(marker="waiting")
        await user.should_not_see("Show e-card")
        await user.should_not_see("E-card QR code")
