"""The signature step signs the letter it shows, and only while that letter still stands (DESIGN.md §2.2.6-7).
Before, a signature page left open in one tab signed the letter it had loaded even after the member was changed
in another tab: the stored letter named someone the holder had not signed for."""

from __future__ import annotations

import base64
import re

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.services.binding import drafts
from tests.ui.binding_page_helpers import FATHER_ID, FATHER_NAME, MOTHER_ID, MOTHER_NAME, new_draft, stored
from tests.ui.helpers import account_id, current_path, log_in, service_env, wait_until
from tests.unit.test_signature import ink_png


def _the_pad_has_a_signature(user: User) -> None:
    """What the browser's pad reports and answers once a name is drawn on it."""
    data_url = "data:image/png;base64," + base64.b64encode(ink_png(300, 80, at=(100, 120))).decode()
    user.javascript_rules[re.compile(r".*toPng.*")] = lambda _: {"dataUrl": data_url, "scale": 1, "width": 700,
                                                                 "height": 320}
    pad = next(iter(user.find(marker="signature-pad").elements))
    UserInteraction(user, {pad}, None).trigger("change", {"empty": False})


async def test_a_letter_changed_in_another_tab_is_not_signed(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/signature")
    await user.should_see(f"家庭成员 / Family member：{FATHER_NAME}")
    with service_env() as env:  # another tab changes the member meanwhile
        view = drafts.get(env, account_id(), request_id)
        drafts.set_member(env, account_id(), request_id, view.version,
                          {"name": MOTHER_NAME, "id_number": MOTHER_ID, "relationship": "spouse"}, client="t")
    _the_pad_has_a_signature(user)
    user.find(marker="signature-ok").click()
    await wait_until(lambda: "changed=1" in current_path(user), what="the signature page again")
    await user.should_see("The details were changed in another window")
    await user.should_see(f"家庭成员 / Family member：{MOTHER_NAME}")
    assert not stored(request_id).signed


async def test_the_letter_shown_is_signed(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/signature")
    _the_pad_has_a_signature(user)
    user.find(marker="signature-ok").click()
    await wait_until(lambda: current_path(user).endswith("/check"), what="the check step", timeout=30)
    assert stored(request_id).signed
