"""Family links in the insurance registry (DESIGN.md §6): each person's father, mother and spouse. A relationship
a holder entered is proven for mutual aid (§2.9) when it matches these links, grandparents and siblings counted
through parents, or when staff checked a document that shows it (app/services/binding/relationship.py)."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Account, BindingRequest, RegistryPerson
from app.services.binding.relationship import is_proven

# Close relatives (近亲属, the national rule since 2024): the relationships mutual aid may be turned on for.
CLOSE_RELATIVES = frozenset({"spouse", "parent", "child", "sibling", "grandparent", "grandchild"})


def _parents(person: RegistryPerson | None) -> set[int]:
    if person is None:
        return set()
    return {pid for pid in (person.father_id, person.mother_id) if pid is not None}


def _grandparents(session: Session, person: RegistryPerson) -> set[int]:
    found: set[int] = set()
    for parent_id in _parents(person):
        found |= _parents(session.get(RegistryPerson, parent_id))
    return found


def linked_as(session: Session, person_id: int, relative_id: int) -> set[str]:
    """What the registry links say `relative_id` is to `person_id`: a subset of CLOSE_RELATIVES (the
    relationship values of app/services/binding/rules.py), empty when the links say nothing."""
    person, relative = session.get(RegistryPerson, person_id), session.get(RegistryPerson, relative_id)
    if person is None or relative is None or person_id == relative_id:
        return set()
    found = set()
    if relative_id in _parents(person):
        found.add("parent")
    if person_id in _parents(relative):
        found.add("child")
    if person.spouse_id == relative_id or relative.spouse_id == person_id:
        found.add("spouse")
    if _parents(person) & _parents(relative):
        found.add("sibling")
    if relative_id in _grandparents(session, person):
        found.add("grandparent")
    if person_id in _grandparents(session, relative):
        found.add("grandchild")
    return found


def relationship_proven(session: Session, request: BindingRequest) -> bool:
    """Whether the relationship entered on an approved binding (what the member is to the holder) is proven: the
    registry links say so, or staff accepted a document that shows it."""
    if is_proven(request):
        return True
    holder = session.get(Account, request.holder_id)
    if holder is None or holder.person_id is None or request.member_person_id is None:
        return False
    return request.relationship in linked_as(session, holder.person_id, request.member_person_id)
