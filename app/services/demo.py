"""Loading the demo registry and demo accounts. Safe to run again: rows are upserted, not duplicated."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from app.models import Account, BindingRequest, IdentityClaim, RegistryPerson
from app.services import auth, ids, passwords, registry
from app.services.env import Env
from app.services.money_seed import load_demo_money
from app.services.records_seed import load_demo_records

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "registry.json"


def _upsert_person(env: Env, session: Session, entry: dict[str, str]) -> RegistryPerson:
    info = ids.parse_id_number(entry["id_number"], env.clock.today())
    person = registry.find_by_id_number(session, env.crypto, info.number) or RegistryPerson(
        name_cipher=b"", id_number_cipher=b"", id_number_index=env.crypto.blind_index(info.number, registry.ID_PURPOSE),
        sex=info.sex, birth_date=info.birth_date, region_code=entry["region_code"], insurance_type="", status="",
    )
    person.name_cipher = env.crypto.encrypt_text(entry["name"], registry.NAME_PURPOSE)
    person.id_number_cipher = env.crypto.encrypt_text(info.number, registry.ID_PURPOSE)
    person.sex, person.birth_date = info.sex, info.birth_date
    person.region_code = entry["region_code"]
    person.insurance_type = entry["insurance_type"]
    person.status = entry["status"]
    phone = entry.get("phone")
    person.phone_cipher = env.crypto.encrypt_text(phone, registry.PHONE_PURPOSE) if phone else None
    if cert := entry.get("birth_certificate"):
        person.birth_certificate_index = env.crypto.blind_index(cert.strip().upper(), registry.BIRTH_CERT_PURPOSE)
    session.add(person)
    session.flush()
    return person


def _proven_claim(session: Session, account: Account, now: datetime) -> None:
    """A demo account is proven by its number being the registry's (DESIGN.md §6 gives both the same number)."""
    found = session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account.id,
                                                     IdentityClaim.state == "proven")).first()
    if found is None:
        session.add(IdentityClaim(account_id=account.id or 0, person_id=account.person_id or 0, created_at=now,
                                  state="proven", proof="registry_number", ended_at=now))
    elif found.person_id != account.person_id or found.proof == "legacy":
        found.person_id, found.proof = account.person_id or 0, "registry_number"


def load_demo_data(env: Env, seed_file: Path = SEED_FILE) -> dict[str, int]:
    """Upsert the demo registry and accounts; returns how many of each exist afterwards."""
    seed = json.loads(seed_file.read_text(encoding="utf-8"))
    with env.db.transaction(immediate=True) as session:
        people = {entry["key"]: _upsert_person(env, session, entry) for entry in seed["persons"]}
        for entry in seed["persons"]:
            person = people[entry["key"]]
            person.mother_id = people[entry["mother"]].id if "mother" in entry else None
            person.father_id = people[entry["father"]].id if "father" in entry else None
            person.spouse_id = people[entry["spouse"]].id if "spouse" in entry else None
        now = env.clock.now()
        for entry in seed["accounts"]:
            account = session.exec(select(Account).where(Account.phone == entry["phone"])).first()
            if account is None:
                account = Account(phone=entry["phone"], password_hash=passwords.hash_password(entry["password"]),
                                  role=entry["role"], created_at=now)
            elif not passwords.verify_password(account.password_hash, entry["password"]):
                account.password_hash = passwords.hash_password(entry["password"])
            account.role = entry["role"]
            account.disabled_at = None
            auth.clear_lock(session, entry["phone"])  # a demo login always works again
            if "person" in entry:
                account.person_id = people[entry["person"]].id
                account.verified_at = account.verified_at or now
            session.add(account)
            if "person" in entry:
                session.flush()
                _proven_claim(session, account, now)
        session.flush()
        for entry in seed.get("bindings", []):
            _upsert_binding(env, session, entry, people)
        load_demo_records(env, session, people)  # contribution and medical expense records 2024-2026
        load_demo_money(env, session, people)  # opening personal-account balances, the demo pharmacy
        return {"persons": len(people), "accounts": len(seed["accounts"])}


def _upsert_binding(env: Env, session: Session, entry: dict[str, str], people: dict[str, RegistryPerson]) -> None:
    """A binding that already exists in the demo (for example 赵桂英, bound by two other accounts)."""
    holder = session.exec(select(Account).where(Account.phone == entry["holder"])).one()
    member = people[entry["member"]]
    existing = session.exec(select(BindingRequest).where(
        BindingRequest.holder_id == holder.id, BindingRequest.member_person_id == member.id)).first()
    if existing is not None:
        return
    now = env.clock.now()
    request = BindingRequest(number=f"DEMO-{holder.phone}-{member.id}", holder_id=holder.id or 0,
                             status=entry["status"], step="check", method="id_number",
                             relationship=entry["relationship"], member_person_id=member.id, created_at=now,
                             updated_at=now, submitted_at=now, decided_at=now)
    session.add(request)


def demo_logins(seed_file: Path = SEED_FILE) -> list[tuple[str, str, str]]:
    """(role, phone, password) of the demo accounts, for the start-up banner."""
    seed = json.loads(seed_file.read_text(encoding="utf-8"))
    return [(a["role"], a["phone"], a["password"]) for a in seed["accounts"] if not a.get("demo_only")]
