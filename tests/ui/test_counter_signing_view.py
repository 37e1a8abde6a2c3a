"""The counter tablet turned to the resident (DESIGN.md §2.7): staff assisting a resident press "Turn the tablet to the
resident" on the signature step, and the tablet then shows only the signing view (the letter and the pad): no
navigation, no notifications, no assisting banner, no staff tools, nothing of the resident's other pages. A
resident alone is not affected by the same address."""

from __future__ import annotations

from nicegui.testing import User

from app.services.binding import documents, drafts
from tests.ui.binding_page_helpers import PHOTO, new_draft
from tests.ui.counter_page_helpers import staff_assisting
from tests.ui.helpers import RESIDENT_PHONE, account_id, current_path, log_in, service_env, wait_until

STAFF_ONLY = ("Finish assisting", "Log out", "Print letter for fingerprint", "Signed paper letter photo",
              "Turn the tablet to the resident")


def _ready_to_sign() -> int:
    request_id = new_draft(member=("张建国", "110101195207010039", "parent"))
    holder = account_id(RESIDENT_PHONE)
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
        drafts.set_consent(env, holder, request_id, None, agreed=True)
    return request_id


def _main_menu(user: User) -> bool:
    return any(getattr(e, "props", {}).get("aria-label") == "Main menu" for e in user.client.layout.descendants())


async def test_the_tablet_turned_to_the_resident_shows_only_the_signing_view(user: User) -> None:
    request_id = _ready_to_sign()
    await staff_assisting(user)
    await user.open(f"/family/request/{request_id}/signature")
    await user.should_see("While the resident signs, the tablet shows only the letter and the signature pad.")
    assert _main_menu(user)
    user.find(marker="hand-over").click()
    await wait_until(lambda: "view=resident" in str(user.client.request.url), what="the signing view")  # type: ignore[union-attr]
    await user.should_see("Signature pad")
    await user.should_see("Commitment letter")
    for text in STAFF_ONLY:
        await user.should_not_see(text)
    await user.should_not_see(marker="back")
    await user.should_not_see(marker="assist-banner")
    assert not _main_menu(user)
    user.find(marker="staff-view").click()  # handed back: the staff member's page again
    await wait_until(lambda: "view=resident" not in str(user.client.request.url), what="the staff view")  # type: ignore[union-attr]
    await user.should_see("Finish assisting")
    await user.should_see("Print letter for fingerprint")
    assert current_path(user).endswith("/signature")


async def test_a_resident_alone_keeps_the_whole_page(user: User) -> None:
    request_id = _ready_to_sign()
    await log_in(user)
    await user.open(f"/family/request/{request_id}/signature?view=resident")
    await user.should_see("Log out")
    await user.should_see(marker="back")
    await user.should_not_see("Turn the tablet to the resident")
    await user.should_not_see(marker="staff-view")
    assert _main_menu(user)
