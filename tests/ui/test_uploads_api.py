"""The photo upload endpoint (DESIGN.md §5): who may upload is known before any byte of the body is read, and
the body is never read past the photo limit. An upload once was a multipart form the framework spooled whole,
with no size limit, before the endpoint could look at who sent it, and the photo was decoded before the
request's owner was known."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from nicegui.testing import User
from PIL import Image

from app.pages import documents_api
from app.services.photos import MAX_BYTES
from tests.ui.binding_page_helpers import FATHER_ID, FATHER_NAME, WANG_PHONE, new_draft, stored
from tests.ui.helpers import RESIDENT_PASSWORD, log_in

CHUNK = 64 * 1024


class CountingBody:
    """A request body sent in chunks, counting how many the server asked for."""

    def __init__(self, total: int) -> None:
        self.total, self.sent = total, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent * CHUNK < self.total:
            self.sent += 1
            yield b"\xff" * CHUNK


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 190, 180)).save(out, "JPEG")
    return out.getvalue()


async def test_an_upload_to_another_familys_request_is_not_read(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    decoded: list[int] = []
    monkeypatch.setattr(documents_api, "process_photo", lambda data: decoded.append(len(data)))
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)  # another family
    body = CountingBody(30 * 1024 * 1024)
    response = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=body)
    assert response.status_code == 404
    assert body.sent <= 1, f"{body.sent} chunks of someone else's upload were read"
    assert decoded == []
    response = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=_jpeg())
    assert response.status_code == 404 and decoded == []
    assert "face" not in stored(mine).documents


async def test_an_anonymous_upload_is_not_read(user: User) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    body = CountingBody(30 * 1024 * 1024)
    response = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=body)
    assert response.status_code == 404 and body.sent <= 1


async def test_an_upload_larger_than_the_limit_is_refused_without_reading_it(user: User) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await log_in(user)
    body = CountingBody(30 * 1024 * 1024)  # sent without a length: counted as it arrives
    response = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=body)
    assert (response.status_code, response.json()) == (413, {"ok": False, "code": "photo_too_big"})
    assert body.sent * CHUNK <= MAX_BYTES + CHUNK
    declared = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=b"x",
                                           headers={"Content-Length": str(MAX_BYTES + 1)})
    assert declared.status_code == 413


async def test_a_photo_not_needed_is_refused_before_it_is_read(user: User) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))  # an adult: a face photo, no household register
    await log_in(user)
    body = CountingBody(5 * 1024 * 1024)
    response = await user.http_client.post(f"/api/requests/{mine}/photos/household_head", content=body)
    assert (response.status_code, response.json()["code"]) == (409, "photo_not_needed")
    assert body.sent <= 1


async def test_the_holder_uploads_a_photo_as_the_body(user: User) -> None:
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await log_in(user)
    response = await user.http_client.post(f"/api/requests/{mine}/photos/face", content=_jpeg(),
                                           headers={"Content-Type": "image/jpeg"})
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert "face" in stored(mine).documents
