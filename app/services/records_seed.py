"""Loading the demo contribution and medical expense records (app/seed/records.json). Safe to run again:
rows are upserted by their reference, not duplicated."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from app.models import ContributionRecord, MedicalExpense, RegistryPerson
from app.services import records
from app.services.env import Env

RECORDS_FILE = Path(__file__).resolve().parent.parent / "seed" / "records.json"


def load_demo_records(env: Env, session: Session, people: dict[str, RegistryPerson],
                      seed_file: Path = RECORDS_FILE) -> dict[str, int]:
    """Upsert the demo records of `people` (seed key -> registry row) in the caller's transaction."""
    seed = json.loads(seed_file.read_text(encoding="utf-8"))
    for entry in (e for e in seed["contributions"] if e["person"] in people):
        row = session.exec(select(ContributionRecord).where(
            ContributionRecord.reference == entry["reference"])).first()
        values = {key: entry[key] for key in ("year", "month", "kind", "paid_fen", "subsidy_fen", "region_code")}
        if row is None:
            row = ContributionRecord(reference=entry["reference"], person_id=0, paid_on=date.min, **values)
        for key, value in values.items():
            setattr(row, key, value)
        row.person_id = people[entry["person"]].id or 0
        row.paid_on = date.fromisoformat(entry["paid_on"])
        session.add(row)
    for entry in (e for e in seed["expenses"] if e["person"] in people):
        expense = session.exec(select(MedicalExpense).where(MedicalExpense.reference == entry["reference"])).first()
        expense = expense or MedicalExpense(reference=entry["reference"], person_id=0, settled_on=date.min, kind="",
                                            place_index="", institution_cipher=b"", items_cipher=b"", total_fen=0,
                                            fund_fen=0, family_fen=0)
        expense.person_id = people[entry["person"]].id or 0
        expense.settled_on = date.fromisoformat(entry["settled_on"])
        expense.kind = entry["kind"]
        expense.total_fen, expense.fund_fen, expense.family_fen = (entry["total_fen"], entry["fund_fen"],
                                                                   entry["family_fen"])
        records.seal_expense_text(env.crypto, expense, institution=entry["institution"], items=entry["items"])
        session.add(expense)
    session.flush()
    return {"contributions": len(seed["contributions"]), "expenses": len(seed["expenses"])}
