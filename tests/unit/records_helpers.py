"""Shared helpers for the records tests: expected numbers computed straight from the seed file (not through the
service under test), and binding a member through the real services."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from app.services import review
from app.services.binding import lifecycle
from app.services.records_seed import RECORDS_FILE
from tests.unit.binding_helpers import STAFF_PHONE, account_id, ready_request

SEED = json.loads(RECORDS_FILE.read_text(encoding="utf-8"))
FATHER_KEY, MOTHER_KEY, ZHANG_WEI_KEY, WANG_FANG_KEY = "zhang_jianguo", "li_xiulan", "zhang_wei", "wang_fang"


def seeded_expenses(person: str, year: int | None = None, kind: str | None = None,
                    institution: str | None = None) -> list[dict]:
    return [e for e in SEED["expenses"] if e["person"] == person and (year is None or e["settled_on"][:4] == str(year))
            and kind in (None, e["kind"]) and institution in (None, e["institution"])]


def seeded_contributions(person: str, year: int | None = None, kind: str | None = None) -> list[dict]:
    return [c for c in SEED["contributions"] if c["person"] == person and year in (None, c["year"])
            and kind in (None, c["kind"])]


def expense_totals(rows: list[dict]) -> dict[str, int]:
    return {"count": len(rows), "total": sum(r["total_fen"] for r in rows), "fund": sum(r["fund_fen"] for r in rows),
            "family": sum(r["family_fen"] for r in rows)}


def contribution_totals(rows: list[dict]) -> dict[str, int]:
    paid, subsidy = sum(r["paid_fen"] for r in rows), sum(r["subsidy_fen"] for r in rows)
    return {"count": len(rows), "paid": paid, "subsidy": subsidy, "total": paid + subsidy}


def monthly(rows: list[dict], field: str) -> list[int]:
    """Sums of `field` by month (January first) of expense rows."""
    sums = Counter()
    for row in rows:
        sums[int(row["settled_on"][5:7])] += row[field]
    return [sums[month] for month in range(1, 13)]


def yuan_text(fen: int) -> str:
    """Fen as yuan with two decimals, computed independently of app.services.records.yuan."""
    return f"{Decimal(fen) / 100:.2f}"


def submit_member(env, holder_id: int, person: tuple[str, str], relationship: str) -> int:
    """A complete request submitted by the holder; returns its id (pending: submitted, not decided)."""
    view = ready_request(env, holder_id, person, relationship)
    lifecycle.submit(env, holder_id, view.id, view.version, client="test")
    return view.id


def approve_member(env, holder_id: int, person: tuple[str, str], relationship: str) -> int:
    """A request submitted by the holder and approved by staff through the review service; returns its id."""
    request_id = submit_member(env, holder_id, person, relationship)
    staff = account_id(env, STAFF_PHONE)
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=True)
    return request_id
