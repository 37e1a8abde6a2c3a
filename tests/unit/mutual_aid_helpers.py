"""Shared set-up of the family links and mutual aid tests (DESIGN.md §2.9, §6): approved bindings with a chosen
relationship, and what the registry says of a person; the authorisations and notifications that follow."""

from __future__ import annotations

import json

from sqlmodel import select

from app.models import BindingRequest, MutualAid, Notification, RegistryPerson
from tests.unit.binding_helpers import person_id


def approved(env, holder_id: int, id_number: str, relationship: str, *, tag: str = "") -> int:
    """An approved binding of the registry person with this ID number, as `relationship` of the holder."""
    now = env.clock.now()
    member = person_id(env, id_number)
    with env.db.transaction() as s:
        row = BindingRequest(number=f"A{holder_id}-{member}{tag}", holder_id=holder_id, status="approved", step="check",
                             method="id_number", relationship=relationship, member_person_id=member, created_at=now,
                             updated_at=now, submitted_at=now, decided_at=now)
        s.add(row)
        s.flush()
        return row.id


def set_person(env, id_number: str, **values: object) -> None:
    """Change a registry person (coverage status, insurance type), as a registry sync would."""
    with env.db.transaction() as s:
        person = s.get(RegistryPerson, person_id(env, id_number))
        for name, value in values.items():
            setattr(person, name, value)
        s.add(person)


def set_request(env, request_id: int, **values: object) -> None:
    with env.db.transaction() as s:
        row = s.get(BindingRequest, request_id)
        for name, value in values.items():
            setattr(row, name, value)
        s.add(row)


def aid_rows(env, request_id: int) -> list[MutualAid]:
    with env.db.transaction() as s:
        return list(s.exec(select(MutualAid).where(MutualAid.request_id == request_id).order_by(MutualAid.id)).all())


def notifications(env, account_id: int) -> list[tuple[str, dict]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Notification).where(Notification.account_id == account_id)
                      .order_by(Notification.id)).all()
        return [(row.kind, json.loads(row.params)) for row in rows]

