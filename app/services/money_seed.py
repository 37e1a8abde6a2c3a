"""Loading the demo money (app/seed/money.json, DESIGN.md §6): opening personal-account balances and the demo
pharmacy. Safe to run again: an account that exists (with its movements) is never changed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from app.models import RegistryPerson
from app.services import institutions, ledger
from app.services.env import Env

MONEY_FILE = Path(__file__).resolve().parent.parent / "seed" / "money.json"


def load_demo_money(env: Env, session: Session, people: dict[str, RegistryPerson],
                    seed_file: Path = MONEY_FILE) -> int:
    """Open the seed's personal accounts (employees only) in the caller's transaction; how many were opened now."""
    seed = json.loads(seed_file.read_text(encoding="utf-8"))
    now, opened = env.clock.now(), 0
    for key, fen in seed["opening_balances_fen"].items():
        person = people.get(key)
        if person is not None and person.insurance_type == "employee" and person.id is not None:
            opened += ledger.open_personal_account(session, person.id, int(fen), now)
    for entry in seed["institutions"]:
        if entry["key"] == institutions.DEMO_KEY:
            institutions.ensure_demo_institution(env, session)
    return opened
