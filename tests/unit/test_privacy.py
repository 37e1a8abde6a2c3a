"""Deleting an account and downloading one's data."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from app.models import Account
from app.services import auth, mutual_aid, privacy
from app.services.errors import RateLimited, ValidationFailed
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import WANG_FANG, WANG_FANG_PHONE, ZHANG_JIANGUO, account_id
from tests.unit.ecard_helpers import approved_member, submitted_member

PHONE = "13800138000"


def _account_id(env) -> int:
    token = bound(env, auth.login_with_password(env, PHONE, "Family-2026", client="t"))
    info = auth.current_session(env, token)
    assert info is not None
    return info.account_id


def test_delete_needs_the_right_password_and_keeps_everything_otherwise(env):
    account_id = _account_id(env)
    with pytest.raises(ValidationFailed) as exc:
        privacy.delete_account(env, account_id, "not-my-password", client="t")
    assert exc.value.errors == {"password": "password_incorrect"}
    with pytest.raises(ValidationFailed) as exc:
        privacy.delete_account(env, account_id, "", client="t")
    assert exc.value.errors == {"password": "password_empty"}
    with env.db.transaction() as session:
        assert session.get(Account, account_id) is not None


def test_wrong_passwords_for_deletion_are_limited(env):
    account_id = _account_id(env)
    for _ in range(privacy.DELETE_TRIES):
        with pytest.raises(ValidationFailed):
            privacy.delete_account(env, account_id, "wrong-password-1", client="t")
    with pytest.raises(RateLimited):
        privacy.delete_account(env, account_id, "Family-2026", client="t")


def test_delete_ends_sessions_leaves_a_tombstone_and_allows_a_new_account(env):
    token = bound(env, auth.login_with_password(env, PHONE, "Family-2026", client="t"))
    info = auth.current_session(env, token)
    assert info is not None
    privacy.delete_account(env, info.account_id, "Family-2026", client="t")

    assert auth.current_session(env, token) is None
    with env.db.transaction() as session:
        tombstone = session.get(Account, info.account_id)  # stays, so what points at it still holds (§2.1.6)
        assert (tombstone.phone, tombstone.person_id, tombstone.password_hash) == (None, None, None)
        open_sessions = session.execute(text("select count(*) from login_session where account_id = :a "
                                             "and ended_at is null"), {"a": info.account_id}).scalar_one()
        assert open_sessions == 0
        actions = [row[0] for row in session.execute(
            text("select action from audit_event where account_id = :a order by id"), {"a": info.account_id})]
        registry_rows = session.execute(text("select count(*) from registry_person")).scalar_one()
    assert actions[-1] == "account_deleted"  # the audit trail stays
    assert registry_rows == 11  # the insurance registry is not the account's to delete
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, PHONE, "Family-2026", client="t")
    assert exc.value.errors == {"password": "login_wrong"}


def test_download_contains_own_data_and_no_secrets(env):
    account_id = _account_id(env)
    data = json.loads(privacy.export_account_data(env, account_id, client="t"))
    assert data["account"]["mobile_number"] == PHONE
    assert data["own_e_voucher"]["name"] == "张伟"
    assert data["own_e_voucher"]["id_number"] == "110101198503120017"
    assert any(event["action"] == "login" for event in data["account_activity"])
    assert "argon2" not in json.dumps(data)


def test_download_holds_everything_stored_about_the_account(env):
    """DESIGN.md §2.1.6: profile, requests and their states, members, holders, notifications, activity, identity
    claims, movements. It once left out all but the profile and the activity."""
    zw = _account_id(env)
    wife = approved_member(env, zw, WANG_FANG, "spouse")
    father = submitted_member(env, zw, ZHANG_JIANGUO, "parent")

    data = json.loads(privacy.export_account_data(env, zw, client="t"))

    assert data["account"]["mobile_number"] == PHONE
    assert data["account"]["role"] == "resident"
    requests = {r["number"]: r for r in data["requests"]}
    wife_request = requests[f"FEC-2026-{wife:06d}"]
    assert (wife_request["status"], wife_request["relationship"]) == ("approved", "spouse")
    assert wife_request["member"] == {"name": "王芳", "id_number": "110101199002140022"}
    assert wife_request["decided_at"]
    assert {d["kind"] for d in wife_request["documents"]} == {"face", "letter", "signature"}
    assert requests[f"FEC-2026-{father:06d}"]["status"] == "submitted"
    assert [(m["name"], m["relationship"]) for m in data["members"]] == [("王芳", "spouse")]
    assert data["holders"] == []
    assert [n["kind"] for n in data["notifications"]] == ["binding_approved"]
    assert {"login", "binding_submitted", "binding_approved"} <= {e["action"] for e in data["account_activity"]}
    # 张伟's demo account is proven by his number being the registry's
    assert [(c["state"], c["proof"], c["name"]) for c in data["identity_claims"]] == [
        ("proven", "registry_number", "张*")]
    assert data["logins"] and data["logins"][0]["ended_at"] is None  # this login, still open
    # The personal account (DESIGN.md §2.9): the opening balance the demo gives, one movement.
    assert data["personal_account_balance_fen"] == 345678
    assert [(m["kind"], m["amount_fen"]) for m in data["movements"]] == [("opening", 345678)]
    text_out = json.dumps(data, ensure_ascii=False)
    assert "argon2" not in text_out and "cipher" not in text_out

    wf = account_id(env, WANG_FANG_PHONE)
    holders = json.loads(privacy.export_account_data(env, wf, client="t"))["holders"]
    assert [(h["name"], h["relationship"]) for h in holders] == [("张伟", "spouse")]


def test_download_holds_mutual_aid_given_and_received(env):
    zw, wf = _account_id(env), account_id(env, WANG_FANG_PHONE)
    wife = approved_member(env, zw, WANG_FANG, "spouse")
    mutual_aid.turn_on(env, zw, wife, client="t")
    given = json.loads(privacy.export_account_data(env, zw, client="t"))["mutual_aid"]
    assert [(a["given"], a["name"], a["ended_at"]) for a in given] == [(True, "王芳", None)]
    mutual_aid.turn_off(env, zw, wife, client="t")
    received = json.loads(privacy.export_account_data(env, wf, client="t"))["mutual_aid"]
    assert [(a["given"], a["name"], a["end_reason"]) for a in received] == [(False, "张伟", "turned_off")]
