"""Every message that sends a person to a service counter links to the matching "What to bring" (DESIGN.md §2.8):
the refusals of the "who" step, of real-name verification and of the letter, "Who can show my card" and the
notification that someone added you. The link sits right under the form's error summary that says it, and goes
when the message goes."""

from __future__ import annotations

from datetime import date, timedelta

from nicegui.testing import User

from app.services import ratelimit
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    NOT_FOUND,
    SON_ID,
    SON_NAME,
    ZHAO_ID,
    ZHAO_NAME,
    choose,
    fill_member,
    fill_newborn,
    new_draft,
    to_who,
)
from tests.ui.help_helpers import BRING, bring_links, links
from tests.ui.helpers import (
    NEW_PHONE,
    RESIDENT_PASSWORD,
    account_id,
    element_by_dom_id,
    log_in,
    service_env,
    submit_and_wait,
    summary_messages,
    wait_until,
)
from tests.ui.register_helpers import _register
from tests.ui.test_binding_pages_signature import _the_pad_has_a_signature
from tests.ui.test_pages_holders import _zhang_wei_binds_wang_fang
from tests.unit.binding_helpers import WANG_FANG_PHONE, add_person, make_id_number


def _links_under_the_summary(user: User) -> list[tuple[str, str]]:
    """The "What to bring" links shown, checked to sit right after the error summary and nowhere else."""
    summary = element_by_dom_id(user, "error-summary")
    assert summary is not None and summary.parent_slot is not None
    siblings = summary.parent_slot.children
    box = siblings[siblings.index(summary) + 1]
    assert "bring-links" in box.classes
    shown = links(user, within=box)
    assert shown == bring_links(user)
    return shown


def _use_up(key: str) -> None:
    """Today's look-ups of `key` used up, as ten refused checks would have."""
    with service_env() as env, env.db.transaction() as session:
        for _ in range(10):
            ratelimit.record(session, key, env.clock.now() - timedelta(minutes=5))


async def _who_refused(user: User, name: str, number: str, relationship: str) -> None:
    await log_in(user)
    await to_who(user)
    fill_member(user, name, number, relationship)
    await submit_and_wait(user)


async def test_a_person_with_two_holders_links_to_what_to_bring_for_an_exception(user: User) -> None:
    await _who_refused(user, ZHAO_NAME, ZHAO_ID, "Father or mother")
    assert "This person cannot be added online. Please visit a service counter." in summary_messages(user)
    assert _links_under_the_summary(user) == [BRING["exception"]]
    user.find(marker="name").clear()
    user.find(marker="name").type("张建军")  # now a message that sends no one to a counter: the link goes
    await submit_and_wait(user)
    assert NOT_FOUND in " ".join(summary_messages(user))
    assert bring_links(user) == []


async def test_the_relationship_other_links_to_an_exception(user: User) -> None:
    await _who_refused(user, FATHER_NAME, FATHER_ID, "Other")
    assert "This relationship can only be added at a service counter." in summary_messages(user)
    assert _links_under_the_summary(user) == [BRING["exception"]]


async def test_a_child_bound_by_someone_not_a_guardian_links_to_binding_a_child(user: User) -> None:
    await _who_refused(user, SON_NAME, SON_ID, "Brother or sister")
    assert any("A child under 14 can only be added online by a parent" in m for m in summary_messages(user))
    assert _links_under_the_summary(user) == [BRING["child"]]


async def test_too_many_look_ups_link_to_what_to_bring_for_whom_is_being_added(user: User) -> None:
    _use_up(f"binding_lookup:account:{account_id()}")
    await _who_refused(user, FATHER_NAME, FATHER_ID, "Father or mother")
    assert any("Too many checks today" in m and "service counter" in m for m in summary_messages(user))
    assert _links_under_the_summary(user) == [BRING["elder"]]
    user.find(marker="name").clear()
    user.find(marker="name").type(SON_NAME)
    user.find(marker="id_number").clear()
    user.find(marker="id_number").type(SON_ID)
    choose(user, "relationship", "Child")
    await submit_and_wait(user)
    assert _links_under_the_summary(user) == [BRING["child"]]


async def test_too_many_newborn_look_ups_link_to_binding_a_newborn(user: User) -> None:
    _use_up(f"binding_lookup:account:{account_id(WANG_FANG_PHONE)}")
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await to_who(user, "newborn")
    fill_newborn(user)
    await submit_and_wait(user)
    assert any("Too many checks today" in m for m in summary_messages(user))
    assert _links_under_the_summary(user) == [BRING["newborn"]]


async def test_a_claim_for_the_counter_links_to_verifying_identity(user: User) -> None:
    await _register(user)
    user.find(marker="name").type("张伟")
    user.find(marker="id_number").type("110101198503120017")
    user.find(marker="submit").click()
    await user.should_see(marker="at-counter", retries=50)
    assert next(iter(user.find(marker="at-counter").elements)).props["href"] == "/help#bring-identity"


async def test_too_many_real_name_checks_link_to_verifying_identity(user: User) -> None:
    await _register(user)
    _use_up(f"realname:account:{account_id(NEW_PHONE)}")
    user.find(marker="name").type("张伟")
    user.find(marker="id_number").type("110101198503120017")
    await submit_and_wait(user)
    assert any("Too many checks today." in m for m in summary_messages(user))
    assert _links_under_the_summary(user) == [BRING["identity"]]


async def test_a_name_the_letter_cannot_print_links_to_an_exception(user: User) -> None:
    name, number = "张\U0001f600", make_id_number(date(1950, 3, 1), 7)  # a character no font has
    with service_env() as env:
        add_person(env, name, number)
    await log_in(user)
    request_id = new_draft(member=(name, number, "parent"))
    await user.open(f"/family/request/{request_id}/signature")
    assert bring_links(user) == []
    _the_pad_has_a_signature(user)
    user.find(marker="signature-ok").click()
    await wait_until(lambda: bring_links(user), what="the refusal", timeout=30)
    await user.should_see("Some characters of a name cannot be printed on the letter")
    assert bring_links(user) == [BRING["exception"]]


async def test_who_can_show_my_card_links_to_removing_a_holder_at_the_counter(user: User) -> None:
    _zhang_wei_binds_wang_fang()
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/my/holders")
    await user.should_see("Someone without a phone can have a holder removed at a service counter.")
    assert bring_links(user) == [BRING["remove_holder"]]


async def test_the_notification_that_you_were_added_links_to_removing_a_holder(user: User) -> None:
    _zhang_wei_binds_wang_fang()
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/notifications")
    item = next(e for e in user.client.layout.descendants()  # type: ignore[union-attr]
                if e.tag == "li" and any("added you as a family member" in getattr(d, "text", "")
                                         for d in e.descendants()))
    assert links(user, within=item) == [BRING["remove_holder"]]
