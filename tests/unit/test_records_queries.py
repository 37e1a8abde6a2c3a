"""Records queries (DESIGN.md §2.5): filters by year, type and place, yearly totals, sums by month, the filter
options, and the demo records themselves. Expected numbers come from the seed file, not from the service."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import ContributionRecord, MedicalExpense
from app.services import records
from app.services.demo import load_demo_data
from tests.unit.binding_fixtures import wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import LI_XIULAN, ZHANG_JIANGUO
from tests.unit.records_helpers import (
    FATHER_KEY,
    MOTHER_KEY,
    SEED,
    WANG_FANG_KEY,
    ZHANG_WEI_KEY,
    approve_member,
    contribution_totals,
    expense_totals,
    monthly,
    seeded_contributions,
    seeded_expenses,
)


@pytest.fixture(name="father")
def father_fixture(env, zw) -> str:
    """张建国 bound to 张伟 and approved; the key of his records."""
    return str(approve_member(env, zw, ZHANG_JIANGUO, "parent"))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_fathers_expenses_per_year_match_the_seed(env, zw, father, year):
    report = records.expenses(env, zw, father, year=year)
    expected = seeded_expenses(FATHER_KEY, year)
    assert report.person.name == "张建国" and report.year == year
    assert report.totals == expense_totals(expected)
    assert report.totals["total"] == report.totals["fund"] + report.totals["family"] > 0
    assert [r.settled_on.isoformat() for r in report.rows] == sorted((e["settled_on"] for e in expected),
                                                                       reverse=True)
    assert {r.institution for r in report.rows} == {e["institution"] for e in expected}


def test_expenses_filtered_by_type_and_place(env, zw, father):
    inpatient = records.expenses(env, zw, father, year=2025, kind="inpatient")
    assert inpatient.totals == expense_totals(seeded_expenses(FATHER_KEY, 2025, "inpatient"))
    assert inpatient.totals["count"] == 1 and inpatient.rows[0].items.startswith("住院")

    places = dict((name, key) for key, name in records.expenses(env, zw, father, year=2025).places)
    assert set(places) == {e["institution"] for e in seeded_expenses(FATHER_KEY)}
    clinic = "东城区和平里社区卫生服务中心"
    at_clinic = records.expenses(env, zw, father, year=2025, place=places[clinic])
    assert at_clinic.totals == expense_totals(seeded_expenses(FATHER_KEY, 2025, institution=clinic))
    assert {r.institution for r in at_clinic.rows} == {clinic}
    both = records.expenses(env, zw, father, year=2025, kind="pharmacy", place=places[clinic])
    assert both.rows == [] and both.totals == {"count": 0, "total": 0, "fund": 0, "family": 0}


def test_monthly_sums_for_the_chart(env, zw, father):
    report = records.expenses(env, zw, father, year=2025)
    expected = seeded_expenses(FATHER_KEY, 2025)
    assert [fund for fund, _ in report.monthly] == monthly(expected, "fund_fen")
    assert [family for _, family in report.monthly] == monthly(expected, "family_fen")
    assert len(report.monthly) == 12 and sum(f + g for f, g in report.monthly) == report.totals["total"]


def test_default_year_is_this_year_and_years_are_newest_first(env, zw):
    report = records.expenses(env, zw)  # the clock stands at 2026-11-23
    assert report.year == 2026 and report.years == [2026, 2025, 2024]
    assert report.totals == expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2026))
    assert report.kinds == ("outpatient", "inpatient", "pharmacy")


def test_a_year_without_records_is_empty(env, zw):
    report = records.expenses(env, zw, year=2019)
    assert report.rows == [] and report.totals["count"] == 0 and report.monthly == [(0, 0)] * 12


def test_unknown_filter_values_are_ignored(env, zw):
    everything = records.expenses(env, zw, year=2025)
    for kind, place in (("no-such-type", None), (None, "made-up-place"), ("", "")):
        report = records.expenses(env, zw, year=2025, kind=kind, place=place)
        assert (report.kind, report.place, report.totals) == (None, None, everything.totals)


def test_own_contributions_per_year(env, zw, wf):
    for holder, key in ((zw, ZHANG_WEI_KEY), (wf, WANG_FANG_KEY)):
        for year in (2024, 2025, 2026):
            report = records.contributions(env, holder, year=year)
            assert report.totals == contribution_totals(seeded_contributions(key, year))
    employee = records.contributions(env, zw, year=2026, kind="employee", place="110101")
    assert employee.totals["count"] == 11  # January to November 2026
    assert [paid for paid, _ in employee.monthly][:11] == [c["paid_fen"] for c in
                                                          sorted(seeded_contributions(ZHANG_WEI_KEY, 2026),
                                                                 key=lambda c: c["month"])]
    assert employee.places == [("110101", "110101")]
    assert records.contributions(env, zw, year=2026, kind="resident").rows == []


def test_mothers_contributions_are_yearly_resident_insurance(env, zw):
    mother = str(approve_member(env, zw, LI_XIULAN, "parent"))
    report = records.contributions(env, zw, mother, year=2025)
    (row,) = report.rows
    (seeded,) = seeded_contributions(MOTHER_KEY, 2025)
    assert (row.kind, row.paid_fen, row.subsidy_fen, row.paid_on) == (
        "resident", seeded["paid_fen"], seeded["subsidy_fen"], date.fromisoformat(seeded["paid_on"]))


@pytest.mark.parametrize(("fen", "text"), [(0, "0.00"), (5, "0.05"), (123456, "1234.56"), (-250, "-2.50")])
def test_yuan_is_exact(fen, text):
    assert records.yuan(fen) == text


def _counts(env) -> tuple[int, int]:
    with env.db.transaction() as s:
        return (s.exec(select(func.count()).select_from(ContributionRecord)).one(),
                s.exec(select(func.count()).select_from(MedicalExpense)).one())


def test_demo_records_are_loaded_and_loading_again_changes_nothing(env, zw):
    assert _counts(env) == (len(SEED["contributions"]), len(SEED["expenses"]))
    before = records.expenses(env, zw, year=2025)
    load_demo_data(env)
    load_demo_data(env)
    assert _counts(env) == (len(SEED["contributions"]), len(SEED["expenses"]))
    assert records.expenses(env, zw, year=2025) == before
    elders = {e["person"] for e in SEED["expenses"]} | {c["person"] for c in SEED["contributions"]}
    assert {FATHER_KEY, MOTHER_KEY, ZHANG_WEI_KEY, WANG_FANG_KEY} <= elders
    for key in (FATHER_KEY, MOTHER_KEY):
        assert {e["settled_on"][:4] for e in seeded_expenses(key)} == {"2024", "2025", "2026"}


def test_institutions_and_items_are_stored_encrypted(env):
    with env.db.transaction() as s:
        row = s.exec(select(MedicalExpense)).first()
        raw = row.institution_cipher + row.items_cipher
    assert "医院".encode() not in raw and "中心".encode() not in raw and "住院".encode() not in raw
