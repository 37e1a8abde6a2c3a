"""Shared data and steps for the binding page tests (test_binding_pages_*.py): services on the same database
and the simulated browser.

The `User` fixture cannot upload a file or draw a signature, so photos, the member's consent and the
signed letter are prepared through the services on the same database, as the upload endpoint and the
signature step would store them."""

from __future__ import annotations

import re

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.services.binding import documents, drafts
from app.services.binding.store import RequestView
from app.services.photos import ProcessedPhoto
from tests.ui.helpers import (
    RESIDENT_PHONE,
    account_id,
    current_path,
    service_env,
    wait_for_path,
    wait_until,
)

WHAT_YOU_NEED = "/family/what-you-need"
WANG_PHONE = "13700137000"
ZHANG_WEI_ID = "110101198503120017"
FATHER_NAME, FATHER_ID = "张建国", "110101195207010039"
SON_NAME, SON_ID = "张子涵", "110101201604080012"
ZHAO_NAME, ZHAO_ID = "赵桂英", "110101194803150025"
MOTHER_NAME, MOTHER_ID = "王芳", "110101199002140022"
CERTIFICATE = "O110260521"

NOT_FOUND = "We could not find an insured person with this name and ID number"
PHOTO = ProcessedPhoto(jpeg=b"x", thumbnail=b"y", width=1200, height=900, sha256="0" * 64)
STEP_PATH = re.compile(r"^/family/request/(\d+)/(\w+)$")


# --- services on the same database -------------------------------------------------------------------


def new_draft(phone: str = RESIDENT_PHONE, *, member: tuple[str, str, str] | None = None) -> int:
    """A draft started by `phone`'s holder, past the notice and method steps (and "who" with `member`)."""
    holder = account_id(phone)
    with service_env() as env:
        request = drafts.open_draft(env, holder)
        request = drafts.accept_notice(env, holder, request.id, request.version, agreed=True)
        request = drafts.choose_method(env, holder, request.id, request.version, "id_number")
        if member is not None:
            name, number, relationship = member
            drafts.set_member(env, holder, request.id, request.version,
                              {"name": name, "id_number": number, "relationship": relationship}, client="t")
        return request.id


def prepare_for_check(request_id: int, phone: str = RESIDENT_PHONE) -> None:
    """What the documents and signature steps would store: the face photo, the consent, the signed letter."""
    holder = account_id(phone)
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
        drafts.set_consent(env, holder, request_id, None, agreed=True)
        documents.store_signed_letter(env, holder, request_id, None, signature_png=b"png", pdf=b"%PDF-1.4 test",
                                      client="t")


def stored(request_id: int, phone: str = RESIDENT_PHONE) -> RequestView:
    with service_env() as env:
        return drafts.get(env, account_id(phone), request_id)


# --- the simulated browser ----------------------------------------------------------------------------

def step_of(user: User) -> tuple[int, str] | None:
    match = STEP_PATH.match(current_path(user))
    return (int(match.group(1)), match.group(2)) if match else None


async def wait_for_step(user: User, step: str) -> int:
    """Wait until the wizard shows `step`; returns the request id in the address."""
    try:
        await wait_until(lambda: (found := step_of(user)) is not None and found[1] == step, what=f"step {step}")
    except AssertionError:
        raise AssertionError(f"expected step {step}, but the browser shows {current_path(user)}") from None
    found = step_of(user)
    assert found is not None
    return found[0]


async def through_what_you_need(user: User) -> None:
    """"Add family member" opens "What you need" first; its "Continue" starts the draft or resumes it."""
    await wait_for_path(user, WHAT_YOU_NEED)
    user.find(marker="continue").click()


async def add_member(user: User) -> int:
    """My family members → "Add family member" → "What you need" → "Continue"; returns the request id of the notice
    step it opens."""
    await user.open("/family")
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    return await wait_for_step(user, "notice")


async def to_who(user: User, method: str = "id_number") -> int:
    """From a fresh login: the notice and the method, up to "who"."""
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    await wait_for_step(user, "method")
    user.find(marker=f"method-{method}").click()
    assert await wait_for_step(user, "who") == request_id
    return request_id


def choose(user: User, marker: str, option: str) -> None:
    """Tap the radio labelled `option` in the radio group `marker` (or pick it from the select `marker`)."""
    element = next(iter(user.find(marker=marker).elements))
    if isinstance(element, ui.radio):
        UserInteraction(user, {element}, option).click()
        return
    user.find(marker=marker).click()
    user.find(option).click()


def chosen(user: User, marker: str) -> object:
    """The value of the radio group or select `marker`."""
    element = next(iter(user.find(marker=marker).elements))
    assert isinstance(element, ui.radio | ui.select)
    return element.value


def fill_member(user: User, name: str, number: str, relationship: str | None) -> None:
    user.find(marker="name").type(name)
    user.find(marker="id_number").type(number)
    if relationship is not None:
        choose(user, "relationship", relationship)


def fill_newborn(user: User, *, mother: str = MOTHER_NAME, mother_id: str = MOTHER_ID,
                 certificate: str = CERTIFICATE) -> None:
    user.find(marker="mother_name").type(mother)
    user.find(marker="mother_id_number").type(mother_id)
    user.find(marker="birth_certificate").type(certificate)


def photo_labels(user: User) -> list[str]:
    """The accessible names of the photo inputs on the documents step, in page order."""
    assert user.client is not None
    return [element.props["label"] for element in user.client.layout.descendants()
            if element.props.get("inputId", "").startswith("photo-")]


def page_texts(user: User) -> list[str]:
    assert user.client is not None
    return [str(getattr(element, "text", "")) for element in user.client.layout.descendants()]
