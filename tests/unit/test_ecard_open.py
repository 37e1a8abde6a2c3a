"""Opening the e-card page reads everything it shows in one go (DESIGN.md §2.4, §7): the card, whose cards
may be shown and a first code, with the same rules and audit events as the separate steps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from app.models import BindingRequest, ECard
from app.services import auth, card_tokens, cards
from app.services.binding import states
from app.services.binding.store import NotFound
from tests.unit.auth_helpers import PASSWORD, bound
from tests.unit.binding_fixtures import wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import LIU_YANG, WANG_FANG, ZHANG_WEI_PHONE, ZHANG_ZIHAN, audit_events
from tests.unit.ecard_helpers import approved_member


def _cards(env) -> int:
    with env.db.transaction() as s:
        return s.exec(select(func.count()).select_from(ECard)).one()


def test_own_card_opens_with_its_choices_and_a_code_that_verifies(env, zw):
    father = approved_member(env, zw)
    opened = cards.open_card(env, zw, None, client="c1")

    assert (opened.card.request_id, opened.card.name, opened.card.id_masked) == (None, "张伟", "110101********0017")
    assert [(c.request_id, c.name) for c in opened.choices] == [(None, "张伟"), (father, "张建国")]
    assert opened.code is not None and len(opened.code.token) == card_tokens.TOKEN_CHARS
    assert (opened.code.expires_at - opened.code.issued_at) == cards.LIFETIME
    assert cards.verify_card_token(env, opened.code.token).valid


def test_the_first_opening_makes_the_card_and_later_ones_reuse_it(env, zw):
    before = _cards(env)
    first = cards.open_card(env, zw, None, client="c1").code
    assert _cards(env) == before + 1
    second = cards.open_card(env, zw, None, client="c1").code
    assert _cards(env) == before + 1
    assert first.token != second.token  # a fresh code each time, for the same card
    issued = cards.issue_card_token(env, zw)
    assert cards.verify_card_token(env, issued.token).valid and _cards(env) == before + 1


def test_a_member_card_is_audited_like_showing_it(env, zw, wf):
    wife = approved_member(env, zw, WANG_FANG, "spouse")  # 王芳 has an account of her own
    opened = cards.open_card(env, zw, wife, client="c1")

    assert (opened.card.request_id, opened.card.name) == (wife, "王芳")
    assert [e["action"] for e in audit_events(env, zw) if e["action"].startswith("ecard")] == ["ecard_member_shown"]
    assert len(audit_events(env, wf, "ecard_shown_by_holder")) == 1
    assert [c.request_id for c in opened.choices] == [None, wife]


def test_a_lapsed_member_opens_without_a_code(env, zw):
    liu = approved_member(env, zw, LIU_YANG, "sibling")  # 刘洋's coverage has lapsed (demo registry)
    before = _cards(env)
    opened = cards.open_card(env, zw, liu, client="c1")
    assert (opened.card.status, opened.card.insured, opened.code) == ("lapsed", False, None)
    assert _cards(env) == before  # no card is made for a code that is not given


def test_someone_elses_member_is_not_found_and_nothing_is_audited(env, zw, wf):
    son = approved_member(env, wf, ZHANG_ZIHAN, "child")  # 王芳's binding, not 张伟's
    with pytest.raises(NotFound):
        cards.open_card(env, zw, son, client="c1")
    with pytest.raises(NotFound):
        cards.open_card(env, zw, 999_999, client="c1")
    assert [e for e in audit_events(env, zw) if e["action"].startswith("ecard")] == []


@contextmanager
def _statements(env) -> Iterator[list[str]]:
    """The first word of each SQL statement run meanwhile, leaving out SQLite's own BEGIN (app/db.py)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        verb = statement.split(None, 1)[0].upper()
        if verb != "BEGIN":
            seen.append(verb)

    event.listen(env.db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(env.db.engine, "before_cursor_execute", note)


def test_a_card_reads_the_holders_record_once_per_page_and_members_in_one_statement(env, zw):
    """The session check has just read the holder's own record (every page needs it), so the card uses it; all
    the members come in one statement, not one each (DESIGN.md §7: round-trips per page)."""
    approved_member(env, zw)
    approved_member(env, zw, WANG_FANG, "spouse")
    cards.open_card(env, zw, None, client="c1")  # the card is made on its first opening
    session = auth.current_session(env, bound(env, auth.login_with_password(env, ZHANG_WEI_PHONE, PASSWORD,
                                                                            client="c1")))
    assert session is not None
    own = session.person

    with _statements(env) as alone:
        by_itself = cards.open_card(env, zw, None, client="c1")
    with _statements(env) as given:
        with_own = cards.open_card(env, zw, None, client="c1", own=own)

    assert (with_own.card, with_own.choices) == (by_itself.card, by_itself.choices)
    assert [c.name for c in with_own.choices] == ["张伟", "张建国", "王芳"]
    # the members, the display's audit event and the card
    assert sorted(given) == ["INSERT", "SELECT", "SELECT"], given
    assert len(alone) == len(given) + 2  # and by itself the account and its record

    father = with_own.choices[1].request_id
    cards.open_card(env, zw, father, client="c1")  # the father's card is made on its first opening
    with _statements(env) as member_alone:
        member = cards.open_card(env, zw, father, client="c1")
    with _statements(env) as member_given:
        member_with_own = cards.open_card(env, zw, father, client="c1", own=own)
    assert (member_with_own.card, member_with_own.choices) == (member.card, member.choices)
    assert len(member_alone) == len(member_given) + 2  # "Whose card" names the holder from `own` too


def test_an_unbound_members_record_is_not_a_choice(env, zw):
    father = approved_member(env, zw)
    with env.db.transaction() as session:
        session.get(BindingRequest, father).status = states.UNBOUND
    assert [c.request_id for c in cards.open_card(env, zw, None, client="c1").choices] == [None]
