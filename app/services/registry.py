"""The insurance registry: finding insured persons by ID number and exact name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from app.models import RegistryPerson
from app.services.crypto import Crypto

NAME_PURPOSE = "person.name"
ID_PURPOSE = "person.id_number"
BIRTH_CERT_PURPOSE = "person.birth_certificate"
PHONE_PURPOSE = "person.phone"
MAX_NAME_LENGTH = 40

# Look-alikes people type for the middle dot in names such as 阿依古丽·买买提.
_DOTS = dict.fromkeys(map(ord, "•・･‧⋅∙.．"), "·")


def normalize_name(raw: str) -> str:
    """Trim, unify Unicode forms and middle dots, and drop spaces (Chinese names have none)."""
    name = unicodedata.normalize("NFKC", raw or "").translate(_DOTS)
    return "".join(name.split())


@dataclass(frozen=True)
class PersonView:
    id: int
    name: str
    id_number: str
    sex: str
    birth_date: date
    region_code: str
    insurance_type: str
    status: str


def view(crypto: Crypto, person: RegistryPerson) -> PersonView:
    assert person.id is not None
    return PersonView(
        id=person.id,
        name=crypto.decrypt_text(person.name_cipher, NAME_PURPOSE),
        id_number=crypto.decrypt_text(person.id_number_cipher, ID_PURPOSE),
        sex=person.sex,
        birth_date=person.birth_date,
        region_code=person.region_code,
        insurance_type=person.insurance_type,
        status=person.status,
    )


def registry_phone(crypto: Crypto, person: RegistryPerson) -> str | None:
    """The mobile number the insurance agency holds for the person (预留手机号), or None."""
    return crypto.decrypt_text(person.phone_cipher, PHONE_PURPOSE) if person.phone_cipher else None


def find_by_id_number(session: Session, crypto: Crypto, id_number: str) -> RegistryPerson | None:
    index = crypto.blind_index(id_number, ID_PURPOSE)
    return session.exec(select(RegistryPerson).where(RegistryPerson.id_number_index == index)).first()


def match(session: Session, crypto: Crypto, name: str, id_number: str) -> RegistryPerson | None:
    """The person with exactly this ID number and name, or None (the same answer for both misses)."""
    person = find_by_id_number(session, crypto, id_number)
    stored = crypto.decrypt_text(person.name_cipher, NAME_PURPOSE) if person else ""
    if person is None or normalize_name(stored) != normalize_name(name):
        return None
    return person


def get(session: Session, person_id: int) -> RegistryPerson | None:
    return session.get(RegistryPerson, person_id)


def find_by_birth_certificate(session: Session, crypto: Crypto, number: str) -> RegistryPerson | None:
    index = crypto.blind_index(number.strip().upper(), BIRTH_CERT_PURPOSE)
    return session.exec(select(RegistryPerson).where(RegistryPerson.birth_certificate_index == index)).first()
