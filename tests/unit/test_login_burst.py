"""A burst of 1,000 login attempts (issue: hardening): the lockout and the per-client limit stop it after a
handful of password checks, so the burst cannot tie up the workers that check passwords, and everyone else can
still log in. Counted, not timed: the number of argon2 checks the burst costs is what keeps the app responsive."""

from __future__ import annotations

import pytest

from app.services import auth, passwords
from app.services.errors import AccountLocked, RateLimited, ValidationFailed
from tests.unit.auth_helpers import bound

ATTEMPTS = 1_000
VICTIM, OTHER, PASSWORD = "13800138000", "13700137000", "Family-2026"


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification made, by the hash it was made against."""
    checked: list[str] = []
    real = passwords.verify_password

    def counting(hashed: str, password: str) -> bool:
        checked.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return checked


def _burst(env, clients: list[str], phone: str = VICTIM) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for i in range(ATTEMPTS):
        try:
            auth.login_with_password(env, phone, f"guess-{i:04d}", client=clients[i % len(clients)])
            outcomes["logged in"] = outcomes.get("logged in", 0) + 1
        except (AccountLocked, RateLimited, ValidationFailed) as refused:
            outcomes[refused.code] = outcomes.get(refused.code, 0) + 1
    return outcomes


def test_burst_from_one_client_costs_a_handful_of_password_checks(env, hash_checks: list[str]) -> None:
    outcomes = _burst(env, ["203.0.113.7"])
    assert "logged in" not in outcomes
    assert sum(outcomes.values()) == ATTEMPTS
    assert outcomes["login_rate_limited"] == ATTEMPTS - auth.LOGIN_TRIES_PER_CLIENT
    assert len(hash_checks) == auth.MAX_WRONG_PASSWORDS  # then locked, then limited: no more argon2 work
    # Others are unaffected: another person, from another client, logs in at once.
    assert auth.current_session(env, bound(env, auth.login_with_password(env, OTHER, PASSWORD, client="198.51.100.20")))


def test_burst_spread_over_a_thousand_clients_is_stopped_by_the_lockout(env, hash_checks: list[str]) -> None:
    outcomes = _burst(env, [f"10.0.{i // 250}.{i % 250}" for i in range(ATTEMPTS)])
    assert "logged in" not in outcomes
    assert outcomes["account_locked"] == ATTEMPTS - auth.MAX_WRONG_PASSWORDS + 1
    assert len(hash_checks) == auth.MAX_WRONG_PASSWORDS
    # The right password does not get in while the lock lasts, even from a fresh client...
    with pytest.raises(AccountLocked):
        auth.login_with_password(env, VICTIM, PASSWORD, client="192.0.2.1")
    # ...and does once it is over; the SMS-code login stays open for the owner meanwhile (tested elsewhere).
    env.clock.advance(minutes=15, seconds=1)
    assert auth.current_session(env, bound(env, auth.login_with_password(env, VICTIM, PASSWORD, client="192.0.2.1")))
    assert auth.current_session(env, bound(env, auth.login_with_password(env, OTHER, PASSWORD, client="192.0.2.2")))
