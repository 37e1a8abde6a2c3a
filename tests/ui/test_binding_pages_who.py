"""Binding a family member, the "+" flow (DESIGN.md 2.2): the "who" step, by ID number and for a newborn,
and a draft changed in two windows."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.services.binding import documents, drafts
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    NOT_FOUND,
    PHOTO,
    SON_ID,
    SON_NAME,
    WANG_PHONE,
    ZHANG_WEI_ID,
    ZHAO_ID,
    ZHAO_NAME,
    choose,
    chosen,
    fill_member,
    fill_newborn,
    new_draft,
    photo_labels,
    step_of,
    stored,
    to_who,
    wait_for_step,
)
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    account_id,
    element_by_dom_id,
    expect_field_error,
    field_error,
    input_value,
    log_in,
    service_env,
    submit_and_wait,
    summary_messages,
    wait_until,
)

# --- who: by ID number --------------------------------------------------------------------------------

async def test_who_empty_form_lists_every_problem(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    await submit_and_wait(user)
    await expect_field_error(user, "name", "Enter the family member's name as it is on their ID")
    await expect_field_error(user, "id_number", "ID number")
    await expect_field_error(user, "relationship", "Choose what this person is to you")
    assert len(summary_messages(user)) == 3
    assert step_of(user) == (request_id, "who")


async def test_relationship_is_a_radio_group_named_by_its_label_with_the_error_next_to_it(user: User) -> None:
    await log_in(user)
    await to_who(user)
    group = next(iter(user.find(marker="relationship").elements))
    assert isinstance(group, ui.radio) and group.props["inner"] == "q-option-group"  # a tap shows at once
    assert list(group.options.values()) == ["Father or mother", "Child", "Husband or wife", "Grandparent",
                                            "Grandchild", "Brother or sister", "Other"]
    label = element_by_dom_id(user, group.props["aria-labelledby"])
    assert label is not None and label.text == "Relationship"  # type: ignore[attr-defined]
    assert group.props["aria-describedby"] == "field-relationship-hint"
    await submit_and_wait(user)
    await expect_field_error(user, "relationship", "Choose what this person is to you")
    assert group.props["aria-invalid"] == "true"
    assert group.props["aria-describedby"] == "field-relationship-hint field-relationship-error"
    choose(user, "relationship", "Husband or wife")
    assert chosen(user, "relationship") == "spouse"


async def test_who_empty_id_number_asks_for_the_family_members(user: User) -> None:
    await log_in(user)
    await to_who(user)
    user.find(marker="name").type(FATHER_NAME)
    choose(user, "relationship", "Father or mother")
    await submit_and_wait(user)
    message = await expect_field_error(user, "id_number", "ID number")
    assert "your" not in message.lower(), message


async def test_who_bad_check_digit(user: User) -> None:
    await log_in(user)
    await to_who(user)
    fill_member(user, FATHER_NAME, FATHER_ID[:-1] + "8", "Father or mother")
    user.find(marker="id_number").trigger("blur")
    assert field_error(user, "id_number").startswith("This ID number is not valid: a character may be mistyped.")
    await submit_and_wait(user)
    await expect_field_error(user, "id_number", "This ID number is not valid: a character may be mistyped.")


async def test_unknown_person_and_wrong_name_get_the_same_message(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, "张建军", FATHER_ID, "Father or mother")  # a real ID with the wrong name
    await submit_and_wait(user)
    wrong_name = await expect_field_error(user, "id_number", NOT_FOUND)

    user.find(marker="name").clear()
    user.find(marker="name").type(FATHER_NAME)
    user.find(marker="id_number").clear()
    user.find(marker="id_number").type("110101195207010020")  # valid check digit, nobody in the registry
    await submit_and_wait(user)
    unknown = await expect_field_error(user, "id_number", NOT_FOUND)
    assert wrong_name == unknown
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


@pytest.mark.parametrize(("name", "number", "relationship", "field", "message"), [
    ("张伟", ZHANG_WEI_ID, "Brother or sister", "id_number", "This is your own ID number"),
    (FATHER_NAME, FATHER_ID, "Child", "relationship", "This relationship does not fit the two birth dates."),
    (SON_NAME, SON_ID, "Brother or sister", "relationship",
     "A child under 14 can only be added online by a parent or grandparent."),
], ids=["own-id", "father-as-child", "child-as-sibling"])
async def test_who_rules(user: User, name: str, number: str, relationship: str, field: str, message: str) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, name, number, relationship)
    await submit_and_wait(user)
    await expect_field_error(user, field, message)
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


async def test_person_with_two_holders_goes_to_the_counter(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    fill_member(user, ZHAO_NAME, ZHAO_ID, "Father or mother")
    await submit_and_wait(user)
    assert "This person cannot be added online. Please visit a service counter." in summary_messages(user)
    assert step_of(user) == (request_id, "who")
    assert stored(request_id).member is None


async def test_valid_parent_goes_to_documents(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    await user.should_see("Who is the family member?")
    fill_member(user, FATHER_NAME, FATHER_ID, "Father or mother")
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    draft = stored(request_id)
    assert draft.member is not None and draft.member.name == FATHER_NAME
    assert draft.relationship == "parent"


async def test_typed_name_is_kept_on_the_server(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    user.find(marker="name").type(FATHER_NAME)
    user.find(marker="id_number").type(FATHER_ID)
    await wait_until(lambda: stored(request_id).details.get("name") == FATHER_NAME, timeout=5,
                     what="the autosave")
    await user.open(f"/family/request/{request_id}/who")
    assert input_value(user, "name") == FATHER_NAME
    assert input_value(user, "id_number") == FATHER_ID


async def test_what_was_typed_last_is_kept_when_the_page_is_let_go(user: User) -> None:
    """The holder types and leaves within the autosave's 1.5 s: the page is let go at once (speedups/leaving.py),
    and saves what it has on the way."""
    await log_in(user)
    request_id = await to_who(user)
    user.find(marker="name").type(FATHER_NAME)
    assert stored(request_id).details.get("name") != FATHER_NAME  # the autosave has not run yet
    user.client.delete()
    assert stored(request_id).details.get("name") == FATHER_NAME


async def test_chosen_relationship_is_kept_on_the_server(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user)
    choose(user, "relationship", "Father or mother")
    await wait_until(lambda: stored(request_id).details.get("relationship") == "parent", timeout=5,
                     what="the autosave")
    await user.open(f"/family/request/{request_id}/who")
    assert chosen(user, "relationship") == "parent"


# --- who: a newborn -----------------------------------------------------------------------------------

async def test_newborn_by_the_mother(user: User) -> None:
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    request_id = await to_who(user, "newborn")
    await user.should_see("Which baby is it?")
    fill_newborn(user)
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    assert photo_labels(user) == ["Birth certificate photo"]
    draft = stored(request_id, WANG_PHONE)
    assert draft.member is not None and draft.member.name == "张小满"
    assert draft.relationship == "child"


async def test_newborn_with_a_wrong_certificate(user: User) -> None:
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    request_id = await to_who(user, "newborn")
    fill_newborn(user, certificate="O110260599")
    await submit_and_wait(user)
    await expect_field_error(user, "birth_certificate", "We could not find a newborn with these details")
    assert step_of(user) == (request_id, "who")


async def test_newborn_by_the_father(user: User) -> None:
    await log_in(user)
    request_id = await to_who(user, "newborn")
    fill_newborn(user)
    user.find(marker="submit").click()
    assert await wait_for_step(user, "documents") == request_id
    assert stored(request_id).member is not None


# --- two windows --------------------------------------------------------------------------------------

async def test_stale_who_page_is_told_about_the_other_window(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    holder = account_id()
    with service_env() as env:
        documents.add_photo(env, holder, request_id, "face", PHOTO)
    await user.open(f"/family/request/{request_id}/who")
    assert input_value(user, "name") == FATHER_NAME
    assert chosen(user, "relationship") == "parent"
    with service_env() as env:  # another window changes the draft after this page was loaded
        drafts.save_details(env, holder, request_id, {"name": SON_NAME, "id_number": SON_ID})
    await submit_and_wait(user)
    assert any("This request was changed in another window" in item for item in summary_messages(user))
    assert step_of(user) == (request_id, "who")
    draft = stored(request_id)
    assert draft.details["name"] == SON_NAME and draft.details["id_number"] == SON_ID
    assert draft.member is not None and draft.member.name == FATHER_NAME
    assert draft.relationship == "parent" and "face" in draft.documents
    # "The page now shows the latest version": it is loaded again.
    await wait_until(lambda: input_value(user, "name") == SON_NAME, timeout=6, what="the page showing the latest")
    assert input_value(user, "id_number") == SON_ID


async def test_stale_who_page_with_typing_is_told_about_the_other_window(user: User) -> None:
    await log_in(user)
    request_id = new_draft()
    holder = account_id()
    await user.open(f"/family/request/{request_id}/who")
    with service_env() as env:  # another window binds the son and adds his photos after this page was loaded
        drafts.set_member(env, holder, request_id, None,
                          {"name": SON_NAME, "id_number": SON_ID, "relationship": "child"}, client="t")
        documents.add_photo(env, holder, request_id, "household_head", PHOTO)
        documents.add_photo(env, holder, request_id, "household_member", PHOTO)
    fill_member(user, FATHER_NAME, FATHER_ID, "Father or mother")  # typed on the stale page
    user.find(marker="submit").click()
    await wait_until(lambda: step_of(user) != (request_id, "who") or summary_messages(user),
                     what="an answer to Continue")
    draft = stored(request_id)
    assert draft.member is not None and draft.member.name == SON_NAME, "the other window's member was replaced"
    assert set(draft.documents) == {"household_head", "household_member"}, "the other window's photos were lost"
    assert step_of(user) == (request_id, "who")
    assert any("This request was changed in another window" in item for item in summary_messages(user))
