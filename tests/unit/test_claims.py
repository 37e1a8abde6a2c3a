"""Proof at activation (DESIGN.md §2.1.3): a name and an ID number make a claim that reserves nothing; it is proven
by the registering number being the registry's, by a code sent to the registry's number, or at a counter. The
first proof wins, so an attacker who knows a name and an ID number can neither become the person nor block them.

陈喆's registry number is 13600136000; these accounts register with other numbers unless said."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import Account, IdentityClaim, Notification, RateLimitHit
from app.services import auth, claims, counter, proofs, ratelimit, registry
from app.services.errors import DomainError, RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.unit.accounts_helpers import CHEN_ZHE, ZHANG_WEI, _account, _actions, _new_account, own_person
from tests.unit.auth_helpers import PASSWORD, bound
from tests.unit.binding_helpers import STAFF_PHONE, account_id, staff_login

REGISTRY_NUMBER = "13600136000"
ATTACKER, OTHER = "13612340001", "13612340002"


def _code(env, phone: str = REGISTRY_NUMBER) -> str:
    with env.db.transaction() as s:
        message = newest_dev_message(s, phone)
        assert message is not None and message.code
        return message.code


def _messages(env, phone: str) -> list[str]:
    from app.models import DevSms

    with env.db.transaction() as s:
        return [m.body for m in s.exec(select(DevSms).where(DevSms.phone == phone).order_by(DevSms.id)).all()]


def _claim_rows(env, account_id: int) -> list[IdentityClaim]:
    with env.db.transaction() as s:
        return list(s.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id)
                           .order_by(IdentityClaim.id)).all())


def test_the_registry_number_proves_the_claim_at_once(env):
    account_id = _new_account(env, REGISTRY_NUMBER)
    view = claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    assert (view.state, view.route) == ("proven", None)
    assert own_person(env, account_id).name == "陈喆"
    [row] = _claim_rows(env, account_id)
    assert (row.state, row.proof) == ("proven", "registry_number")
    assert any("was activated" in body for body in _messages(env, REGISTRY_NUMBER))


def test_another_number_is_proven_with_a_code_sent_to_the_registry_number(env):
    account_id = _new_account(env, ATTACKER)
    view = claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    assert (view.state, view.route, view.masked_phone, view.name_masked) == ("open", "code", "136****6000", "陈*")
    assert _account(env, account_id).verified_at is None and own_person(env, account_id) is None
    [message] = _messages(env, REGISTRY_NUMBER)
    assert "to activate a Family E-Card account for 陈* from 136****0001" in message
    assert "Give it to no one, not even staff. Not you? Call 12393." in message

    with pytest.raises(ValidationFailed) as exc:
        claims.prove_with_code(env, account_id, "000000" if _code(env) != "000000" else "111111", client="c1")
    assert (exc.value.errors, exc.value.params) == ({"code": "code_wrong"}, {"left": 4})
    assert _account(env, account_id).verified_at is None

    proven = claims.prove_with_code(env, account_id, _code(env), client="c1")
    assert proven.state == "proven"
    assert own_person(env, account_id).id_number == CHEN_ZHE[1]
    assert "was activated on 136****0001" in _messages(env, REGISTRY_NUMBER)[-1]
    assert _actions(env, account_id)[-1] == "real_name_verified"


def test_no_registry_number_means_the_counter(env, monkeypatch):
    with env.db.transaction() as s:
        person = registry.find_by_id_number(s, env.crypto, CHEN_ZHE[1])
        person.phone_cipher = None
    account_id = _new_account(env, ATTACKER)
    view = claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    assert (view.state, view.route, view.masked_phone) == ("open", "counter", None)
    assert _messages(env, REGISTRY_NUMBER) == []
    with pytest.raises(ValidationFailed) as exc:
        claims.prove_with_code(env, account_id, "123456", client="c1")
    assert exc.value.errors == {"code": "claim_none"}


def test_no_longer_having_the_number_sends_the_person_to_the_counter(env):
    account_id = _new_account(env, ATTACKER)
    claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    assert claims.no_longer_have_number(env, account_id).route == "counter"
    with pytest.raises(DomainError):
        claims.prove_with_code(env, account_id, _code(env), client="c1")  # the code no longer proves it
    assert _account(env, account_id).verified_at is None


def test_an_attackers_claim_never_blocks_the_real_person(env):
    attacker = _new_account(env, ATTACKER)
    claims.claim(env, attacker, *CHEN_ZHE, client="evil")  # knows the name and the ID number
    real = _new_account(env, REGISTRY_NUMBER)
    assert claims.claim(env, real, *CHEN_ZHE, client="c1").state == "proven"
    [row] = _claim_rows(env, attacker)
    assert (row.state, row.cancel_reason) == ("cancelled", "other_claim_proven")
    with env.db.transaction() as s:
        assert s.exec(select(Notification).where(Notification.account_id == attacker)).one().kind == "claim_cancelled"
    with pytest.raises(ValidationFailed) as exc:  # even with a code the attacker got somehow
        claims.prove_with_code(env, attacker, _code(env), client="evil")
    assert exc.value.errors == {"code": "claim_cancelled"}
    assert _account(env, attacker).person_id is None


def test_the_first_of_two_proofs_wins(env):
    first, second = _new_account(env, ATTACKER), _new_account(env, OTHER)
    claims.claim(env, first, *CHEN_ZHE, client="c1")
    first_code = _code(env)
    env.clock.advance(seconds=61)
    claims.claim(env, second, *CHEN_ZHE, client="c2")
    second_code = _code(env)
    assert claims.prove_with_code(env, second, second_code, client="c2").state == "proven"
    with pytest.raises(ValidationFailed) as exc:
        claims.prove_with_code(env, first, first_code, client="c1")
    assert exc.value.errors == {"code": "claim_cancelled"}
    assert (_account(env, first).person_id, own_person(env, second).name) == (None, "陈喆")


def test_a_person_an_active_account_holds_is_proven_only_at_the_counter(env):
    account_id = _new_account(env, ATTACKER)
    view = claims.claim(env, account_id, *ZHANG_WEI, client="c1")  # 张伟 has an active account
    assert (view.state, view.route) == ("open", "counter")
    assert _messages(env, "13800138000") == []  # no code goes to the holder's number


def test_staff_verify_in_person_and_move_the_person_from_the_account_that_took_it(env):
    taken = _new_account(env, ATTACKER)
    claims.claim(env, taken, *CHEN_ZHE, client="evil")
    claims.prove_with_code(env, taken, _code(env), client="evil")  # the attacker had the code read out to them
    real = _new_account(env, OTHER)
    view = claims.claim(env, real, *CHEN_ZHE, client="c1")
    assert view.route == "counter"
    staff, token = account_id(env, STAFF_PHONE), staff_login(env)
    with pytest.raises(DomainError):  # only for the resident in front of them: while assisting that resident
        proofs.prove_in_person(env, staff, view.claim_id, client="desk-3")
    counter.find_resident(env, staff, OTHER, client="desk-3")
    counter.start_assisting(env, staff, token, OTHER, _code(env, OTHER), client="desk-3")
    seen = proofs.claim_at_counter(env, staff, real, client="desk-3")
    assert (seen.name, seen.id_number, seen.held_elsewhere) == ("陈喆", CHEN_ZHE[1], True)
    assert proofs.prove_in_person(env, staff, view.claim_id, client="desk-3").state == "proven"
    assert "verified at a service counter" in _messages(env, OTHER)[-1]
    assert own_person(env, real).name == "陈喆"
    assert _account(env, taken).person_id is None and _account(env, taken).verified_at is None
    assert "ended at a service counter" in _messages(env, ATTACKER)[-1]
    assert "identity_taken_over" in _actions(env, taken)
    with pytest.raises(DomainError):
        proofs.prove_in_person(env, real, view.claim_id, client="c1")  # only staff


def test_activation_codes_have_a_budget_of_their_own(env):
    account_id = _new_account(env, ATTACKER)
    claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    for _ in range(2):
        env.clock.advance(seconds=61)
        claims.resend(env, account_id)
    env.clock.advance(seconds=61)
    with pytest.raises(RateLimited) as exc:
        claims.resend(env, account_id)
    assert exc.value.code == "activation_code_limit"
    other = _new_account(env, OTHER)  # three a day per person too: another claimant sends none today
    with pytest.raises(RateLimited):
        claims.claim(env, other, *CHEN_ZHE, client="c2")
    with env.db.transaction() as s:  # the registry number's own login codes were not used up
        assert ratelimit.count(s, f"code:phone:{REGISTRY_NUMBER}", window=timedelta(hours=1),
                               now=env.clock.now()) == 0
        assert not s.exec(select(RateLimitHit).where(RateLimitHit.key == f"code:phone:{REGISTRY_NUMBER}")).all()
    env.clock.advance(days=1)
    claims.resend(env, account_id)


def test_a_new_claim_replaces_the_open_one(env):
    account_id = _new_account(env, ATTACKER)
    claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    claims.claim(env, account_id, *ZHANG_WEI, client="c1")
    first, second = _claim_rows(env, account_id)
    assert (first.state, first.cancel_reason, second.state) == ("cancelled", "replaced", "open")


def _legacy(env, phone: str) -> int:
    """An account verified before claims existed (as migration 0007 leaves it)."""
    with env.db.transaction() as s:
        account = s.exec(select(Account).where(Account.phone == phone)).one()
        for row in s.exec(select(IdentityClaim).where(IdentityClaim.account_id == account.id)).all():
            row.proof = "legacy"
        return account.id


def test_an_account_verified_before_with_the_registry_number_keeps_its_activation(env):
    account_id = _legacy(env, "13800138000")
    info = auth.current_session(env, bound(env, auth.login_with_password(env, "13800138000", PASSWORD, client="c")))
    assert info.verified
    [row] = _claim_rows(env, account_id)
    assert (row.state, row.proof) == ("proven", "registry_number")


def test_an_account_verified_before_with_another_number_gives_the_proof_at_its_next_login(env):
    with env.db.transaction() as s:
        account = s.exec(select(Account).where(Account.phone == "13700137000")).one()
        account.phone = "13712340000"  # 王芳 changed her number since; the registry still has 13700137000
    account_id = _legacy(env, "13712340000")
    info = auth.current_session(env, bound(env, auth.login_with_password(env, "13712340000", PASSWORD, client="c")))
    assert not info.verified  # the guard now sends her to the verification page
    view = claims.current(env, account_id)
    assert (view.state, view.route, view.masked_phone) == ("open", "code", "137****7000")
    claims.resend(env, account_id)
    assert claims.prove_with_code(env, account_id, _code(env, "13700137000"), client="c").state == "proven"


def test_the_activation_message_names_the_purpose_and_not_the_code_as_a_login(env):
    account_id = _new_account(env, ATTACKER)
    claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    with env.db.transaction() as s:
        message = newest_dev_message(s, REGISTRY_NUMBER)
    assert message.purpose.startswith("act:")
    assert "激活" in message.body and "12393" in message.body
    assert json.loads(json.dumps(message.body))  # plain text


class _Provider:
    """A verification provider's answer, as tests need it (the app has none configured; DESIGN.md §2.1.3)."""

    name = "Carrier check"

    def __init__(self, answer: bool) -> None:
        self.answer, self.asked = answer, []

    def confirms(self, *, name: str, id_number: str, phone: str) -> bool:
        self.asked.append((name, id_number, phone))
        return self.answer


def test_a_configured_provider_proves_a_claim_and_a_refusal_changes_nothing(env):
    account_id = _new_account(env, ATTACKER)
    claims.claim(env, account_id, *CHEN_ZHE, client="c1")
    with pytest.raises(DomainError) as exc:
        proofs.prove_with_provider(env, account_id, client="c1")  # none is configured in the demo
    assert exc.value.code == "claim_none"
    env.identity_provider = _Provider(False)
    with pytest.raises(DomainError) as exc:
        proofs.prove_with_provider(env, account_id, client="c1")
    assert exc.value.code == "provider_refused" and _account(env, account_id).person_id is None
    env.identity_provider = provider = _Provider(True)
    assert proofs.prove_with_provider(env, account_id, client="c1").state == "proven"
    assert provider.asked == [("陈喆", CHEN_ZHE[1], ATTACKER)]


def test_the_demo_has_no_provider_and_an_unknown_one_is_refused():
    from app.services.identity_providers import make_provider

    assert make_provider("none") is None
    with pytest.raises(ValueError, match="IDENTITY_PROVIDER"):
        make_provider("always-yes")
