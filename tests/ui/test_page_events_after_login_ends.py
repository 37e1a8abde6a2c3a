"""A page left open after its login ended does nothing more (DESIGN.md §5): every action it takes for a person
checks the login first. Each case once went through: the records filter after "Log out on all devices", a
disabled staff member approving or revealing full ID numbers from an open tab, an idle session's filter, a
staff tab still changing a resident's draft after assisting ended, and a phone mid-binding while the account was
deleted on another (the deletion itself once failed there).

Events are sent as the browser sends them (through NiceGUI's event entry point, like a tap), not by setting a
value on the server."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlmodel import select

from app.models import AssistSession, BindingRequest, LoginSession
from app.services import audit, auth, counter, privacy, staff_admin
from tests.ui.binding_page_helpers import FATHER_ID, FATHER_NAME, fill_member, through_what_you_need, to_who
from tests.ui.counter_page_helpers import staff_assisting
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    current_path,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import row, submit


def browser_picks(user: User, select_marker: str, value: object) -> None:
    """What the browser sends when an option of a select is picked: its index."""
    element = next(iter(user.find(marker=select_marker).elements))
    assert isinstance(element, ui.select)
    index = element._values.index(value)  # the index is what the browser sends
    UserInteraction(user, {element}, None).trigger("update:modelValue", {"value": index, "label": str(value)})


def headline(user: User) -> str:
    return next(iter(user.find(marker="headline").elements)).text  # type: ignore[attr-defined]


async def test_the_records_filter_answers_until_log_out_on_all_devices(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses")
    before = headline(user)
    browser_picks(user, "filter-year", 2024)  # still logged in: the filter works
    await wait_until(lambda: headline(user) != before, what="the 2024 total")
    in_2024 = headline(user)

    with service_env() as env:
        auth.logout_everywhere(env, account_id(RESIDENT_PHONE))  # from another phone
    page = user.client
    browser_picks(user, "filter-year", 2025)
    await wait_for_path(user, "/login")
    assert "expired=1" in current_path(user)
    with page:  # the old page did not answer the filter
        assert next(e for e in page.layout.descendants() if "headline" in e._markers).text == in_2024  # type: ignore[attr-defined]


async def test_an_idle_session_acts_no_more(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses")
    before = headline(user)
    with service_env() as env, env.db.transaction() as session:
        for login in session.exec(select(LoginSession)).all():
            login.last_seen_at -= timedelta(minutes=31)  # the phone lay untouched past the 30 minutes
    browser_picks(user, "filter-year", 2024)
    await wait_for_path(user, "/login")
    assert before  # the old page never showed 2024
    with service_env() as env, env.db.transaction() as session:
        assert {row.end_reason for row in session.exec(select(LoginSession)).all()} == {"idle"}


async def test_a_disabled_staff_member_cannot_approve_from_an_open_tab(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    assert row(request_id).status == "in_review"
    with service_env() as env:
        staff_admin.disable_staff(env, STAFF_PHONE)  # the operator disables the account meanwhile
    user.find(kind=ui.button, content="Approve").click()
    await wait_for_path(user, "/login")
    assert row(request_id).status == "submitted"  # undecided, and back in the queue for someone else
    assert row(request_id).decided_at is None


async def test_a_disabled_staff_member_cannot_reveal_full_id_numbers(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    with service_env() as env:
        staff_admin.disable_staff(env, STAFF_PHONE)
    page = user.client
    user.find(kind=ui.button, content="Show full ID number").click()
    await wait_for_path(user, "/login")
    full_id = next(e for e in page.layout.descendants() if "full-id" in e._markers)  # on the old page
    assert "fec-hidden" in full_id.classes and "110101195207010039" not in full_id.text  # type: ignore[attr-defined]


async def test_a_staff_tab_cannot_change_the_draft_once_assisting_ended(user: User) -> None:
    await staff_assisting(user)
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    await wait_until(lambda: "/notice" in current_path(user), what="the notice step")
    request_id = int(current_path(user).split("/")[3])
    with service_env() as env, env.db.transaction() as session:
        assist = session.exec(select(AssistSession).where(AssistSession.ended_at.is_(None))).one()
        staff_id, assist_id = assist.staff_id, assist.id
    with service_env() as env:
        counter.finish(env, staff_id, assist_id, client=None)  # "Finish assisting" in another tab
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    await wait_for_path(user, "/staff/counter?ended=1")
    await user.should_see("Assisting had already ended, so nothing was changed.")
    with service_env() as env, env.db.transaction() as session:
        draft = session.get(BindingRequest, request_id)
        assert draft is not None and draft.notice_accepted_at is None


async def test_a_page_mid_binding_goes_to_the_login_once_the_account_was_deleted_elsewhere(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, FATHER_NAME, FATHER_ID, "Father or mother")
    holder = account_id(RESIDENT_PHONE)
    with service_env() as env:
        privacy.delete_account(env, holder, RESIDENT_PASSWORD, client="other-phone")  # on the other phone
        events_before = len(audit.account_activity(env, holder, limit=1000))
    user.find(marker="submit").click()  # "Continue" on the "who" step
    await wait_for_path(user, "/login")
    with service_env() as env, env.db.transaction() as session:
        assert session.get(BindingRequest, request_id) is None  # the draft went with the account
        assert session.exec(select(BindingRequest).where(BindingRequest.holder_id == holder)).all() == []
    with service_env() as env:
        assert len(audit.account_activity(env, holder, limit=1000)) == events_before  # nothing written since
