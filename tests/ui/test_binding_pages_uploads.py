"""The documents step when a photo upload finishes (DESIGN.md §2.2.4, §5): what the page says comes from the
server, never from what the browser reports, and the section changes in place, keeping what was ticked.

The browser's photo input posts the file itself and then tells the page "done" with the upload's answer. The
`User` fixture cannot post a file, so the photo is stored through the service (as the endpoint would) and the
"done" event is sent as a browser would send it, hostile or not."""

from __future__ import annotations

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.services.binding import documents
from tests.ui.binding_page_helpers import FATHER_ID, FATHER_NAME, PHOTO, new_draft, page_texts
from tests.ui.helpers import account_id, current_path, log_in, service_env, summary_messages, wait_until

UPLOAD_FAILED = "The photo could not be sent. Check the connection and try again."


def _photo_input(user: User, kind: str = "face"):  # type: ignore[no-untyped-def]
    return next(iter(user.find(marker=f"photo-{kind}").elements))


def _browser_says_done(user: User, answer: object, kind: str = "face") -> None:
    UserInteraction(user, {_photo_input(user, kind)}, None).trigger("done", answer)


def _error_of(user: User, kind: str = "face") -> str:
    return next((text for element in user.client.layout.descendants()  # type: ignore[union-attr]
                 if element.props.get("id") == f"photo-{kind}-error" and "fec-hidden" not in element.classes
                 for text in [str(getattr(element, "text", ""))]), "")


async def _documents_page(user: User) -> int:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/documents")
    return request_id


async def test_a_code_from_the_browser_is_never_a_template(user: User) -> None:
    await _documents_page(user)
    _browser_says_done(user, {"ok": False, "code": "{p:>3000000}", "params": {"p": "x"}})
    await wait_until(lambda: _error_of(user), what="an error next to the photo")
    assert _error_of(user) == UPLOAD_FAILED
    assert max(len(text) for text in page_texts(user)) < 2000
    assert UPLOAD_FAILED in summary_messages(user)


async def test_parameters_from_the_browser_are_never_used(user: User) -> None:
    await _documents_page(user)
    _browser_says_done(user, {"ok": False, "code": "photo_too_big", "params": {"max_mb": "{max_mb:>99999}"}})
    await wait_until(lambda: _error_of(user), what="an error next to the photo")
    assert _error_of(user) == "The photo is larger than 10 MB. Take it again or choose a smaller one."


async def test_an_answer_that_is_not_a_dict_is_a_failed_upload(user: User) -> None:
    await _documents_page(user)
    _browser_says_done(user, ["photo_too_big", {"max_mb": 1}])
    await wait_until(lambda: _error_of(user), what="an error next to the photo")
    assert _error_of(user) == UPLOAD_FAILED


async def test_ok_from_the_browser_without_a_stored_photo_is_not_believed(user: User) -> None:
    await _documents_page(user)
    _browser_says_done(user, {"ok": True})
    await wait_until(lambda: _error_of(user), what="an error next to the photo")
    assert _error_of(user) == UPLOAD_FAILED
    await user.should_not_see("Photo saved.")


async def test_a_stored_photo_shows_in_place_and_the_tick_stays(user: User) -> None:
    """The upload finishing used to reload the page: the consent tick (not yet saved) was lost."""
    request_id = await _documents_page(user)
    page = user.client
    user.find(marker="consent").click()
    with service_env() as env:
        documents.add_photo(env, account_id(), request_id, "face", PHOTO)
    _browser_says_done(user, {"ok": True})
    await user.should_see("Photo saved.")
    await user.should_see(marker="retake-face")
    assert user.client is page, "the page was loaded again"
    assert current_path(user) == f"/family/request/{request_id}/documents"
    assert next(iter(user.find(marker="consent").elements)).value is True


async def test_continue_counts_a_photo_uploaded_since_the_page_was_loaded(user: User) -> None:
    request_id = await _documents_page(user)
    with service_env() as env:
        documents.add_photo(env, account_id(), request_id, "face", PHOTO)
    _browser_says_done(user, {"ok": True})
    await user.should_see("Photo saved.")
    user.find(marker="consent").click()
    user.find(marker="submit").click()
    await wait_until(lambda: current_path(user).endswith("/letter"), what="the letter step")
