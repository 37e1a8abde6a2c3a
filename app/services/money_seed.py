"""Loading the demo money (app/seed/money.json, DESIGN.md §6): opening personal-account balances, the resident
premiums by region and year, and the demo pharmacy. Safe to run again: an account that exists (with its movements) is
never changed; a premium is written once per region and year (and updated when the seed's amount changed)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session, select

from app.models import RegistryPerson, ResidentPremium
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
    load_premiums(session, seed.get("resident_premiums_fen", {}))
    for entry in seed["institutions"]:
        if entry["key"] == institutions.DEMO_KEY:
            institutions.ensure_demo_institution(env, session)
    return opened


def load_premiums(session: Session, table: dict[str, dict[str, int] | str]) -> None:
    """The seed's premiums (region code → year → fen) into `resident_premium`, in the caller's transaction."""
    for region, years in table.items():
        if not isinstance(years, dict):
            continue  # "_about"
        for year, fen in years.items():
            row = session.exec(select(ResidentPremium).where(ResidentPremium.region_code == region,
                                                             ResidentPremium.year == int(year))).first()
            row = row or ResidentPremium(region_code=region, year=int(year), amount_fen=0)
            row.amount_fen = int(fen)
            session.add(row)
