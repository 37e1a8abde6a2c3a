"""Registry family links (DESIGN.md §6): fathers, mothers and spouses from the seed, loaded again without change;
a relationship a holder entered is proven when the links say so (grandparents and siblings through parents) or
when staff accepted a document; close relatives are the six of the national rule."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import BindingRequest, RegistryPerson
from app.services.binding.rules import RELATIONSHIPS
from app.services.demo import load_demo_data
from app.services.family_links import CLOSE_RELATIVES, linked_as, relationship_proven
from tests.unit.binding_fixtures import wf_fixture, zw_fixture  # noqa: F401 - fixtures
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    LI_XIULAN,
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_XIAOMAN,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
    person_id,
)
from tests.unit.mutual_aid_helpers import approved, set_request


def _links(env) -> dict[int, tuple[int | None, int | None, int | None]]:
    with env.db.transaction() as s:
        return {p.id: (p.father_id, p.mother_id, p.spouse_id) for p in s.exec(select(RegistryPerson)).all()}


def _as(env, person: tuple[str, str], relative: tuple[str, str]) -> set[str]:
    with env.db.transaction() as s:
        return linked_as(s, person_id(env, person[1]), person_id(env, relative[1]))


def test_the_seed_links_fathers_mothers_and_spouses(env) -> None:
    ids = {name: person_id(env, number) for name, number in (ZHANG_WEI, WANG_FANG, ZHANG_JIANGUO, LI_XIULAN,
                                                             ZHANG_ZIHAN, ZHANG_XIAOMAN)}
    links = _links(env)
    assert links[ids["张伟"]] == (ids["张建国"], ids["李秀兰"], ids["王芳"])
    assert links[ids["王芳"]] == (None, None, ids["张伟"])
    assert links[ids["张子涵"]] == (ids["张伟"], ids["王芳"], None)
    assert links[ids["张小满"]] == (ids["张伟"], ids["王芳"], None)
    assert links[ids["张建国"]][2] == ids["李秀兰"] and links[ids["李秀兰"]][2] == ids["张建国"]


def test_seeding_again_changes_no_link(env) -> None:
    before = _links(env)
    load_demo_data(env)
    load_demo_data(env)
    assert _links(env) == before


@pytest.mark.parametrize(("person", "relative", "expected"), [
    (ZHANG_WEI, ZHANG_JIANGUO, {"parent"}),
    (ZHANG_WEI, LI_XIULAN, {"parent"}),
    (ZHANG_WEI, WANG_FANG, {"spouse"}),
    (WANG_FANG, ZHANG_WEI, {"spouse"}),
    (ZHANG_WEI, ZHANG_ZIHAN, {"child"}),
    (WANG_FANG, ZHANG_XIAOMAN, {"child"}),
    (ZHANG_JIANGUO, ZHANG_WEI, {"child"}),
    (ZHANG_ZIHAN, ZHANG_XIAOMAN, {"sibling"}),  # through both parents
    (ZHANG_ZIHAN, ZHANG_JIANGUO, {"grandparent"}),  # through the father
    (ZHANG_XIAOMAN, LI_XIULAN, {"grandparent"}),
    (ZHANG_JIANGUO, ZHANG_ZIHAN, {"grandchild"}),
    (WANG_FANG, ZHANG_JIANGUO, set()),  # in-laws are not linked
    (ZHANG_WEI, CHEN_ZHE, set()),
    (ZHANG_WEI, ZHANG_WEI, set()),
])
def test_what_the_links_say(env, person, relative, expected) -> None:
    assert _as(env, person, relative) == expected


def test_close_relatives_are_every_relationship_but_other() -> None:
    assert set(RELATIONSHIPS) - CLOSE_RELATIVES == {"other"}


def _proven(env, request_id: int) -> bool:
    with env.db.transaction() as s:
        return relationship_proven(s, s.get(BindingRequest, request_id))


@pytest.mark.parametrize(("member", "relationship", "proven"), [
    (ZHANG_JIANGUO, "parent", True),
    (WANG_FANG, "spouse", True),
    (ZHANG_ZIHAN, "child", True),
    (ZHANG_JIANGUO, "grandparent", False),  # entered wrongly: the links say parent
    (ZHANG_JIANGUO, "sibling", False),
    (ZHAO_GUIYING, "grandparent", False),  # no link at all
    (CHEN_ZHE, "sibling", False),
])
def test_a_relationship_is_proven_when_it_matches_the_links(env, zw, member, relationship, proven) -> None:
    assert _proven(env, approved(env, zw, member[1], relationship)) is proven


def test_a_document_staff_accepted_proves_it_too(env, zw) -> None:
    request_id = approved(env, zw, ZHAO_GUIYING[1], "grandparent")
    set_request(env, request_id, relationship_proof_state="submitted")
    assert not _proven(env, request_id)  # taken, not yet accepted by a second staff member
    set_request(env, request_id, relationship_proof_state="refused")
    assert not _proven(env, request_id)
    set_request(env, request_id, relationship_proof_state="proven")
    assert _proven(env, request_id)


def test_links_count_for_the_holder_who_entered_them(env, zw, wf) -> None:
    assert _proven(env, approved(env, wf, ZHANG_ZIHAN[1], "child"))  # 王芳 is the mother
    assert not _proven(env, approved(env, wf, LI_XIULAN[1], "parent"))  # her mother-in-law
