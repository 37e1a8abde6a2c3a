"""The "+" flow of binding a family member, on the demo data (DESIGN.md §2.2): the photos and the signed
letter, who may read them, and how they are stored."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Document
from app.services.binding import documents, drafts
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_fixtures import (
    FATHER,
    wf_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    FAKE_PDF,
    fake_photo,
    sign,
    start,
)

# --- documents -------------------------------------------------------------------------------------------------

def test_read_document_only_by_its_holder(env, zw, wf) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    photo = fake_photo("face")
    view = documents.add_photo(env, zw, view.id, "face", photo)
    document_id = view.documents["face"].id

    content = documents.read_document(env, zw, document_id)
    assert (content.data, content.mime) == (photo.jpeg, "image/jpeg")
    assert documents.read_document(env, zw, document_id, thumbnail=True).data == photo.thumbnail
    with pytest.raises(NotFound):
        documents.read_document(env, wf, document_id)
    with pytest.raises(NotFound):
        documents.read_document(env, zw, 999_999)

    view = sign(env, zw, view)
    letter = documents.read_document(env, zw, view.documents["letter"].id)
    assert (letter.data, letter.mime) == (FAKE_PDF, "application/pdf")


def test_documents_are_stored_encrypted(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    photo = fake_photo("face")
    view = documents.add_photo(env, zw, view.id, "face", photo)
    view = sign(env, zw, view)
    with env.db.transaction() as s:
        rows = {d.kind: d for d in s.exec(select(Document).where(Document.request_id == view.id)).all()}
    assert set(rows) == {"face", "letter", "signature"}
    assert photo.jpeg not in rows["face"].content_cipher and b"FAKE-JPEG" not in rows["face"].content_cipher
    assert photo.thumbnail not in rows["face"].thumbnail_cipher
    assert b"%PDF" not in rows["letter"].content_cipher and b"fake-signature" not in rows["signature"].content_cipher
    assert rows["face"].sha256 == photo.sha256


@pytest.mark.parametrize("kind", ["household_head", "household_member", "birth_certificate"])
def test_photo_not_needed(env, zw, kind: str) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, kind, fake_photo(kind))
    assert caught.value.code == "photo_not_needed"
    assert drafts.get(env, zw, view.id).documents == {}


def test_photo_before_the_member_is_known_or_of_unknown_kind(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    assert caught.value.code == "photo_not_needed"
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, "letter", fake_photo("letter"))
    assert caught.value.code == "not_found"


def test_retake_keeps_one_photo(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    first = documents.add_photo(env, zw, view.id, "face", fake_photo("first"))
    second = documents.add_photo(env, zw, view.id, "face", fake_photo("second"))
    assert list(second.documents) == ["face"]
    assert second.documents["face"].id != first.documents["face"].id
    with env.db.transaction() as s:
        assert len(s.exec(select(Document).where(Document.request_id == view.id)).all()) == 1
    assert documents.read_document(env, zw, second.documents["face"].id).data == fake_photo("second").jpeg
    with pytest.raises(NotFound):
        documents.read_document(env, zw, first.documents["face"].id)


def test_letter_data_needs_a_member(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        documents.letter_data(env, zw, view.id)
    assert caught.value.code == "member_missing"
