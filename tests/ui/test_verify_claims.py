"""The verification page with a claim waiting for its proof (DESIGN.md §2.1.3): a code to the registry's number,
"I no longer have this number", "Verify at a service counter", another claim proven first, and what an account
with an open claim may open."""

from __future__ import annotations

from nicegui.testing import User

from app.services import claims
from tests.ui.helpers import (
    CHEN_ID,
    CHEN_NAME,
    NEW_PHONE,
    account_id,
    account_row,
    current_path,
    expect_field_error,
    service_env,
    wait_for_path,
)
from tests.ui.register_helpers import CHEN_REGISTRY_NUMBER, _register, prove_with_the_registry_code


async def _claim_chen(user: User) -> None:
    await _register(user)
    user.find(marker="name").type(CHEN_NAME)
    user.find(marker="id_number").type(CHEN_ID)
    user.find(marker="submit").click()
    await user.should_see(marker="claim-status", retries=50)


async def test_an_open_claim_shows_no_card_and_no_records(user: User) -> None:
    await _claim_chen(user)
    for path in ("/", "/ecard", "/records/expenses", "/family"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers.get("location")) == (303, "/verify"), path
    for path in ("/my", "/settings", "/help"):  # the proof, settings, logging out, deleting itself
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 200, path


async def test_a_wrong_code_is_said_next_to_the_field(user: User) -> None:
    await _claim_chen(user)
    await user.should_see("Verifying: 陈*")
    user.find(marker="code").type("000000")
    user.find(marker="verify-code").click()
    await expect_field_error(user, "code", "The code is not right")
    assert account_row(NEW_PHONE).verified_at is None


async def test_i_no_longer_have_this_number_sends_the_person_to_the_counter(user: User) -> None:
    await _claim_chen(user)
    user.find(marker="lost-number").click()
    await user.should_see("To finish, have your ID card checked at a service counter.", retries=50)
    assert next(iter(user.find(marker="at-counter").elements)).props["href"] == "/help#bring-identity"
    await user.should_not_see(marker="verify-code")


async def test_sending_the_code_again_at_once_says_when_it_can_be(user: User) -> None:
    await _claim_chen(user)
    user.find(marker="send-again").click()
    await expect_field_error(user, "code", "You can ask for a new code")
    await prove_with_the_registry_code(user)  # the first code still works
    assert account_row(NEW_PHONE).person_id is not None


async def test_another_claim_proven_first_is_said_plainly(user: User) -> None:
    await _claim_chen(user)
    with service_env() as env:  # 陈喆 himself registers with his own number elsewhere: proven at once
        from tests.unit.accounts_helpers import _new_account

        real = _new_account(env, CHEN_REGISTRY_NUMBER)
        assert claims.claim(env, real, CHEN_NAME, CHEN_ID, client="t").state == "proven"
    await user.open("/verify")
    await user.should_see("Another account proved first that it belongs to this person.")
    assert current_path(user) == "/verify"
    assert account_row(NEW_PHONE).person_id is None


async def test_enter_other_details_starts_a_new_claim(user: User) -> None:
    await _claim_chen(user)
    user.find(marker="other-details").click()
    await wait_for_path(user, "/verify?again=1")
    await user.should_see(marker="name")  # the form again; a new claim replaces the open one
    user.find(marker="name").type("张伟")
    user.find(marker="id_number").type("110101198503120017")
    user.find(marker="submit").click()
    await user.should_see(marker="at-counter", retries=50)
    with service_env() as env:
        assert claims.current(env, account_id(NEW_PHONE)).name_masked == "张*"
