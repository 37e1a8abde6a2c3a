"""Opening the e-card page reads everything it shows in one go (DESIGN.md §2.4, §7): the card, whose cards
may be shown and a first code, with the same rules and audit events as the separate steps."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from app.models import ECard
from app.services import card_tokens, cards
from app.services.binding.store import NotFound
from tests.unit.binding_fixtures import wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import LIU_YANG, WANG_FANG, ZHANG_ZIHAN, audit_events
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
