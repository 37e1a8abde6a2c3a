""""Verify identity in person" at the counter (DESIGN.md §2.7): a resident whose claim waits for its proof is found,
reads out the code, and staff who checked the physical ID card complete the claim."""

from __future__ import annotations

from nicegui.testing import User

from app.services import claims
from tests.ui.counter_page_helpers import find, start_assisting
from tests.ui.helpers import (
    CHEN_ID,
    CHEN_NAME,
    NEW_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    account_row,
    log_in,
    service_env,
    sms_code,
    wait_for_path,
)
from tests.unit.accounts_helpers import _new_account


async def test_staff_verify_the_identity_of_a_resident_with_an_open_claim(user: User) -> None:
    with service_env() as env:  # 陈喆 registered with a number that is not the registry's: his claim waits
        resident = _new_account(env, NEW_PHONE)
        assert claims.claim(env, resident, CHEN_NAME, CHEN_ID, client="t").route == "code"
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff/counter")
    await find(user, NEW_PHONE)
    await start_assisting(user, sms_code(NEW_PHONE))
    await wait_for_path(user, "/staff/counter")  # the claim first: no binding before the identity is proven
    await user.should_see("Verify identity in person")
    await user.should_see(CHEN_NAME)
    user.find(marker="verify-in-person").click()
    await wait_for_path(user, "/staff/counter?verified=1")
    await user.should_see("Identity verified.")
    assert account_row(NEW_PHONE).person_id is not None
    assert account_id(NEW_PHONE) == resident
