"""People who cannot sign (DESIGN.md §2.7): staff assisting a resident print the letter for a fingerprint and keep a
photo of it instead of the drawn signature. The request then counts as signed, the letter kept is the one printed
(with its SHA-256), and a later signature of either kind replaces it. Only staff assisting the holder may; every
step is audited as "staff X for resident Y"."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Document
from app.services import counter, review
from app.services.audit import Actor
from app.services.binding import documents, drafts, lifecycle
from app.services.binding.store import PAPER_LETTER, DraftChanged, NotFound
from app.services.errors import DomainError
from app.services.letter import letter_sha256
from tests.unit.binding_helpers import (
    FAKE_PDF,
    FAKE_SIGNATURE,
    STAFF2_PHONE,
    ZHANG_JIANGUO,
    account_id,
    fake_photo,
    member_values,
)
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    assist,
    events,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)

PRINTED = b"%PDF-1.7\n% the fingerprint letter as printed\n%%EOF\n"


def _ready_to_sign(env, staff: int, staff_token: str, zw: int):  # type: ignore[no-untyped-def]
    """Staff assisting 张伟 take his request for his father up to the signature step."""
    assist(env, staff, staff_token)
    actor = Actor(staff, "staff", "counter-tablet")
    view = drafts.open_draft(env, zw, actor=actor)
    view = drafts.accept_notice(env, zw, view.id, view.version, agreed=True)
    view = drafts.choose_method(env, zw, view.id, view.version, "id_number")
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t",
                             actor=actor)
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"), actor=actor)
    view = drafts.set_consent(env, zw, view.id, view.version, agreed=True, actor=actor)
    assert view.missing == ["signature"]
    return actor, view


def _on_paper(env, zw: int, view, actor: Actor, tag: str = "paper"):  # type: ignore[no-untyped-def]
    return documents.store_paper_letter(env, zw, view.id, view.version, photo=fake_photo(tag), pdf=PRINTED,
                                        actor=actor)


def _rows(env, request_id: int) -> dict[str, Document]:
    with env.db.transaction() as s:
        return {d.kind: d for d in s.exec(select(Document).where(Document.request_id == request_id)).all()}


def test_the_printed_letter_says_what_was_entered_and_printing_it_is_audited(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    data, version = documents.fingerprint_letter_data(env, zw, view.id, view.version, actor=actor, printing=True)
    assert (data.holder_name, data.member_name, data.relationship, data.letter_number, version) == (
        "张伟", "张建国", "parent", view.number, view.version)
    assert data == documents.letter_data(env, zw, view.id)
    printed = events(env, zw, "binding_fingerprint_letter_printed")
    assert [(e["actor_id"], e["actor_role"], e["detail"]) for e in printed] == [
        (staff, "staff", {"request": view.number})]
    documents.fingerprint_letter_data(env, zw, view.id, None, actor=actor)  # looking is not printing
    assert len(events(env, zw, "binding_fingerprint_letter_printed")) == 1


def test_a_photo_of_the_signed_paper_letter_signs_the_request(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    signed = _on_paper(env, zw, view, actor)
    assert signed.signed and signed.missing == [] and signed.step == "check"
    assert signed.letter_sha256 == letter_sha256(PRINTED)
    assert set(signed.documents) == {"face", "letter", PAPER_LETTER}  # no drawn signature
    rows = _rows(env, view.id)
    assert rows[PAPER_LETTER].sha256 == fake_photo("paper").sha256 and rows["letter"].sha256 == letter_sha256(PRINTED)
    assert fake_photo("paper").jpeg not in rows[PAPER_LETTER].content_cipher  # encrypted like every document
    photo = documents.read_document(env, zw, signed.documents[PAPER_LETTER].id)
    assert (photo.data, photo.mime) == (fake_photo("paper").jpeg, "image/jpeg")
    assert documents.read_document(env, zw, signed.documents[PAPER_LETTER].id, thumbnail=True).data == (
        fake_photo("paper").thumbnail)
    assert documents.read_document(env, zw, signed.documents["letter"].id).data == PRINTED
    kept = events(env, zw, "binding_letter_signed_on_paper")
    assert [(e["actor_id"], e["actor_role"], e["detail"]) for e in kept] == [
        (staff, "staff", {"request": view.number, "sha256": letter_sha256(PRINTED),
                          "photo_sha256": fake_photo("paper").sha256})]

    lifecycle.submit(env, zw, view.id, signed.version, client="t", actor=actor)
    other = review.queue(env, account_id(env, STAFF2_PHONE))  # decided by a staff member who did not assist
    assert [item.request_id for item in other] == [view.id]
    assert review.queue(env, staff) == []


def test_it_replaces_a_drawn_signature_and_a_later_one_replaces_it(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    view = documents.store_signed_letter(env, zw, view.id, view.version, signature_png=FAKE_SIGNATURE, pdf=FAKE_PDF,
                                         client="t", actor=actor)
    assert set(view.documents) == {"face", "signature", "letter"}
    view = _on_paper(env, zw, view, actor)
    assert set(view.documents) == {"face", "letter", PAPER_LETTER} and view.letter_sha256 == letter_sha256(PRINTED)
    first = view.documents[PAPER_LETTER].id
    view = _on_paper(env, zw, view, actor, tag="paper-again")  # a better photo
    assert set(view.documents) == {"face", "letter", PAPER_LETTER} and view.documents[PAPER_LETTER].id != first
    assert _rows(env, view.id)[PAPER_LETTER].sha256 == fake_photo("paper-again").sha256
    view = documents.store_signed_letter(env, zw, view.id, view.version, signature_png=FAKE_SIGNATURE, pdf=FAKE_PDF,
                                         client="t")  # the resident signs on the screen after all
    assert set(view.documents) == {"face", "signature", "letter"} and view.letter_sha256 == letter_sha256(FAKE_PDF)
    assert set(_rows(env, view.id)) == {"face", "signature", "letter"}


def test_changing_the_relationship_voids_the_paper_letter_too(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    view = _on_paper(env, zw, view, actor)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "grandparent"), client="t",
                             actor=actor)
    assert not view.signed and "signature" in view.missing
    assert PAPER_LETTER not in _rows(env, view.id) and "letter" not in _rows(env, view.id)


def test_only_the_version_the_page_showed_is_signed_on_paper(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    stale = view.version
    drafts.set_consent(env, zw, view.id, view.version, agreed=False, actor=actor)  # another window, meanwhile
    with pytest.raises(DraftChanged):
        documents.fingerprint_letter_data(env, zw, view.id, stale, actor=actor, printing=True)
    with pytest.raises(DraftChanged):
        documents.store_paper_letter(env, zw, view.id, stale, photo=fake_photo("paper"), pdf=PRINTED, actor=actor)
    assert not drafts.get(env, zw, view.id).signed and PAPER_LETTER not in _rows(env, view.id)
    assert events(env, zw, "binding_fingerprint_letter_printed") == []


def test_a_resident_alone_cannot_print_or_sign_on_paper(env, staff, staff_token, zw) -> None:
    _actor, view = _ready_to_sign(env, staff, staff_token, zw)
    for actor in (None, Actor(zw, "resident")):
        with pytest.raises(NotFound):
            documents.fingerprint_letter_data(env, zw, view.id, None, actor=actor, printing=True)
        with pytest.raises(NotFound):
            documents.store_paper_letter(env, zw, view.id, None, photo=fake_photo("paper"), pdf=PRINTED, actor=actor)
    assert not drafts.get(env, zw, view.id).signed
    assert events(env, zw, "binding_fingerprint_letter_printed") == []


def test_staff_no_longer_assisting_cannot_either(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    counter.end_for_login(env, staff_token, reason="logout", client="t")
    with pytest.raises(DomainError) as caught:
        documents.store_paper_letter(env, zw, view.id, None, photo=fake_photo("paper"), pdf=PRINTED, actor=actor)
    assert caught.value.code == "not_assisting"
    with pytest.raises(DomainError):
        documents.fingerprint_letter_data(env, zw, view.id, None, actor=actor, printing=True)
    assert not drafts.get(env, zw, view.id).signed


def test_a_submitted_request_is_not_signed_again_on_paper(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    view = _on_paper(env, zw, view, actor)
    lifecycle.submit(env, zw, view.id, view.version, client="t", actor=actor)
    with pytest.raises(DomainError):
        _on_paper(env, zw, drafts.get(env, zw, view.id), actor, tag="late")
    assert _rows(env, view.id)[PAPER_LETTER].sha256 == fake_photo("paper").sha256


def test_the_paper_letter_is_no_photo_the_documents_step_takes(env, staff, staff_token, zw) -> None:
    actor, view = _ready_to_sign(env, staff, staff_token, zw)
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, PAPER_LETTER, fake_photo("paper"), actor=actor)
    assert caught.value.code == "not_found"
    with pytest.raises(NotFound):
        documents.check_photo_upload(env, zw, view.id, PAPER_LETTER, actor=actor)


def test_account_activity_has_words_for_both_actions_in_both_languages() -> None:
    from app.i18n import EN, ZH

    for action in ("binding_fingerprint_letter_printed", "binding_letter_signed_on_paper"):
        assert f"action.{action}" in EN and f"action.{action}" in ZH
