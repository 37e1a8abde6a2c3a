"""E-card QR codes (DESIGN.md §7): issuing a code with its QR as SVG p95 < 20 ms, verifying one p95 < 10 ms.

Both run the real services against a migrated SQLite database with the demo data (in a temporary folder), on the
real clock: `cards.issue_card_token` (card look-up, Ed25519 signature, QR SVG) for the own card and for an approved
member's card, and `cards.verify_card_token` (signature, expiry, binding and coverage look-ups, the nonce recorded
once, an audit event) on fresh codes. `python -m bench ecard` runs only this one.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from app.cli import migrate
from app.config import Settings
from app.models import Account, BindingRequest
from app.services import cards, registry
from app.services.demo import load_demo_data
from app.services.env import Env, build_env
from bench import Result, measure

ISSUE_TARGET_MS, VERIFY_TARGET_MS = 20.0, 10.0
WARM_UP, SAMPLES = 20, 300


def _approved_father(env: Env, holder: int) -> int:
    """张建国 bound to 张伟, as an approved request (the binding flow itself is not what is measured)."""
    with env.db.transaction() as session:
        father = registry.find_by_id_number(session, env.crypto, "110101195207010039")
        assert father is not None
        now = env.clock.now()
        request = BindingRequest(number="BENCH-0001", holder_id=holder, status="approved", step="check",
                                 method="id_number", relationship="parent", member_person_id=father.id,
                                 created_at=now, updated_at=now, submitted_at=now, decided_at=now)
        session.add(request)
        session.flush()
        assert request.id is not None
        return request.id


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-ecard-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate(url)
        env = build_env(Settings(_env_file=None, database_url=url, demo_mode=True))  # type: ignore[call-arg]
        try:
            load_demo_data(env)
            with env.db.transaction() as session:
                holder = session.exec(select(Account.id).where(Account.phone == "13800138000")).one()
            cards_to_show = itertools.cycle([None, _approved_father(env, holder)])
            for _ in range(WARM_UP):
                cards.verify_card_token(env, cards.issue_card_token(env, holder, next(cards_to_show)).token)
            results = [measure("e-card code + QR SVG (issue)",
                               lambda: cards.issue_card_token(env, holder, next(cards_to_show)), SAMPLES,
                               ISSUE_TARGET_MS)]
            fresh = iter([cards.issue_card_token(env, holder, next(cards_to_show)).token for _ in range(SAMPLES)])
            results.append(measure("e-card verify (once)", lambda: _valid(env, next(fresh)), SAMPLES,
                                   VERIFY_TARGET_MS))
            used = cards.issue_card_token(env, holder).token
            cards.verify_card_token(env, used)
            results.append(measure("e-card verify, already used", lambda: cards.verify_card_token(env, used), 50,
                                   None))
            return results
        finally:
            env.db.dispose()


def _valid(env: Env, token: str) -> None:
    result = cards.verify_card_token(env, token)
    assert result.valid, result.reason


if __name__ == "__main__":
    started = time.perf_counter()
    for r in run():
        print(f"{r.name:32} n={r.samples:3} p50 {r.p50_ms:6.1f}  p95 {r.p95_ms:6.1f}  max {r.max_ms:6.1f} ms",
              r.verdict)
    print(f"({time.perf_counter() - started:.1f} s)")
