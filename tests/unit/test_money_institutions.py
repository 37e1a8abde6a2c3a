"""Institutions (DESIGN.md §2.9): keys made by the command line and shown once, stored as SHA-256, revoked by the
command line; the demo key only in demo mode; a verification with a key opens a visit for that institution."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from app import cli
from app.config import get_settings
from app.models import Institution
from app.services import cards, institutions, settlements
from app.services.env import build_env
from tests.conftest import make_settings
from tests.unit.binding_helpers import ZHANG_WEI_PHONE, account_id
from tests.unit.money_helpers import DEMO_KEY, bill, father_visit, visit_for


@pytest.fixture
def cli_database(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("DEMO_MODE", raising=False)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_create_institution_shows_the_key_once_and_keeps_only_its_hash(env, cli_database, capsys) -> None:
    assert cli.main(["create-institution", "Dongcheng Hospital", "--kind", "outpatient"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("fec_inst_") and len(key) >= 40
    with env.db.transaction() as session:
        row = session.exec(select(Institution).where(Institution.name == "Dongcheng Hospital")).one()
    assert row.key_sha256 == hashlib.sha256(key.encode()).hexdigest() and key not in row.model_dump_json()
    holder = account_id(env, ZHANG_WEI_PHONE)
    done = settlements.settle(env, key, bill(visit_for(env, holder, key=key)))
    assert done.settlement_number.startswith("S-")

    assert cli.main(["revoke-institution", str(row.id)]) == 0
    with pytest.raises(settlements.Refused) as refused:
        settlements.admit_call(env, key, "verify")
    assert refused.value.code == "invalid_key"
    assert cli.main(["revoke-institution", "9999"]) == 2


def test_a_revoked_key_cannot_settle_a_visit_it_opened(env) -> None:
    made = institutions.create_institution(env, "Xuhui Clinic")
    visit = visit_for(env, account_id(env, ZHANG_WEI_PHONE), key=made.key)
    institutions.revoke_institution(env, made.id)
    with pytest.raises(settlements.Refused) as refused:
        settlements.settle(env, made.key, bill(visit))
    assert refused.value.code == "invalid_key"


@pytest.mark.parametrize("key", [None, "", "demo-kangning-key ", "x" * 500, "fec_inst_guessed"])
def test_unknown_keys_are_refused(env, key) -> None:
    _, _, visit = father_visit(env)
    with pytest.raises(settlements.Refused) as refused:
        settlements.settle(env, key, bill(visit))
    assert refused.value.code == "invalid_key"


def test_the_demo_key_is_refused_outside_demo_mode(env, db_url) -> None:
    _, _, visit = father_visit(env)
    real = build_env(make_settings(db_url, demo_mode=False, fixed_now=None))
    try:
        with pytest.raises(settlements.Refused) as refused:
            settlements.settle(real, DEMO_KEY, bill(visit))
        assert refused.value.code == "invalid_key"
    finally:
        real.db.dispose()


def test_the_demo_seed_has_the_pharmacy(env) -> None:
    with env.db.transaction() as session:
        rows = session.exec(select(Institution)).all()
    assert [(r.name, r.kind, r.revoked_at) for r in rows] == [("Dongcheng Kangning Pharmacy", "pharmacy", None)]


def test_a_verification_without_a_key_opens_no_visit_and_codes_stay_single_use(env) -> None:
    holder = account_id(env, ZHANG_WEI_PHONE)
    token = cards.issue_card_token(env, holder).token
    anonymous = cards.verify_card_token(env, token)
    assert anonymous.valid and anonymous.visit is None
    again = cards.verify_card_token(env, token, settlements.admit_call(env, DEMO_KEY, "verify"))
    assert again.reason == "already_used" and again.visit is None


def test_a_refused_key_leaves_the_code_usable(env) -> None:
    holder = account_id(env, ZHANG_WEI_PHONE)
    with pytest.raises(settlements.Refused):
        settlements.admit_call(env, "wrong", "verify")
    token = cards.issue_card_token(env, holder).token
    assert cards.verify_card_token(env, token, settlements.admit_call(env, DEMO_KEY, "verify")).visit
