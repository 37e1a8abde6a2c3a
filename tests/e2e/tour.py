"""People and pages for the first-screen tour (tests/e2e/test_first_screen.py, `make screens`): a holder with five
approved members whose names have four characters, a holder with a complete draft and a request waiting for
review, and where each page's primary action is (DESIGN.md §3). Everyone is seeded here, on the server's database,
with numbers no other test uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Locator, Page
from sqlmodel import select

from app.models import Account
from app.services import passwords
from app.services.env import Env
from tests.unit.binding_helpers import (
    add_person,
    add_verified_account,
    make_id_number,
    ready_request,
)
from tests.unit.records_helpers import approve_member, submit_member

PASSWORD = "Family-2026"
TILES_HOLDER = "13100000001"  # 东方明亮, five approved members
DRAFT_HOLDER = "13100000002"  # 南宫明月, a complete draft and a request waiting for review
MEMBERS = [("欧阳建华", date(1950, 4, 2), True, "parent"), ("司马秀英", date(1952, 8, 9), False, "parent"),
           ("诸葛明德", date(1928, 1, 15), True, "grandparent"), ("上官婉清", date(2010, 5, 5), False, "child"),
           ("慕容小雪", date(2013, 11, 20), False, "child")]


@dataclass(frozen=True)
class Seeded:
    members: list[tuple[str, int]]  # name, request id (approved, for 东方明亮)
    draft: int  # 南宫明月's complete draft
    waiting: int  # 南宫明月's request waiting for review


def registry_person(env: Env, name: str, birth: date, serial: int, *, male: bool) -> tuple[str, str]:
    number = make_id_number(birth, serial, male=male)
    add_person(env, name, number)
    return name, number


def resident_account(env: Env, phone: str, person: tuple[str, str]) -> int:
    account_id = add_verified_account(env, phone, person)
    # A counter visit may have verified them (the demo staff member assisting): what they do next comes later, so
    # that staff member did not help with it and may still decide it (four eyes).
    env.clock.advance(minutes=1)  # type: ignore[attr-defined]
    with env.db.transaction() as session:
        account = session.exec(select(Account).where(Account.id == account_id)).one()
        account.password_hash = passwords.hash_password(PASSWORD)
    return account_id


def seed(env: Env) -> Seeded:
    """The two holders and their families (once per server)."""
    tiles = resident_account(env, TILES_HOLDER, registry_person(env, "东方明亮", date(1980, 3, 3), 41, male=True))
    members = []
    for serial, (name, birth, male, relationship) in enumerate(MEMBERS, start=41):
        person = registry_person(env, name, birth, serial, male=male)
        members.append((name, approve_member(env, tiles, person, relationship)))
    drafts_holder = resident_account(env, DRAFT_HOLDER,
                                     registry_person(env, "南宫明月", date(1982, 6, 6), 41, male=False))
    father = registry_person(env, "南宫建国", date(1951, 7, 7), 41, male=True)
    mother = registry_person(env, "南宫秀兰", date(1954, 9, 9), 41, male=False)
    waiting = submit_member(env, drafts_holder, mother, "parent")  # waits in the staff queue
    return Seeded(members=members, draft=ready_request(env, drafts_holder, father, "parent").id, waiting=waiting)


@dataclass(frozen=True)
class Stop:
    """A page of the tour: who sees it, where, and its primary actions (all must be on the first screen)."""

    name: str
    who: str  # "anonymous", a holder's phone, or "staff"
    path: str
    primary: Callable[[Page], list[Locator]]


def _button(name: str) -> Callable[[Page], list[Locator]]:
    return lambda page: [page.get_by_role("button", name=name, exact=True)]


def stops(seeded: Seeded) -> list[Stop]:
    draft = f"/family/request/{seeded.draft}"
    first, second = seeded.members[0], seeded.members[1]
    return [
        Stop("login", "anonymous", "/login?lang=en", _button("Log in")),
        Stop("home", TILES_HOLDER, "/", lambda page: [
            page.get_by_role("button", name="Show e-card", exact=True),
            page.get_by_role("button", name=f"Show {first[0]}'s e-card", exact=True),
            page.get_by_role("button", name=f"Show {second[0]}'s e-card", exact=True)]),
        Stop("ecard", TILES_HOLDER, "/ecard", lambda page: [page.get_by_role("img", name="E-card QR code")]),
        Stop("ecard-member", TILES_HOLDER, f"/ecard/member/{first[1]}",
             lambda page: [page.get_by_role("img", name="E-card QR code")]),
        Stop("notice", DRAFT_HOLDER, f"{draft}/notice", _button("I have read and agree")),
        Stop("method", DRAFT_HOLDER, f"{draft}/method", lambda page: [
            page.get_by_role("button", name="Bind with ID number", exact=True),
            page.get_by_role("button", name="Bind a newborn with birth certificate", exact=True)]),
        Stop("who", DRAFT_HOLDER, f"{draft}/who", lambda page: [page.get_by_role("textbox", name="Name", exact=True)]),
        Stop("documents", DRAFT_HOLDER, f"{draft}/documents",
             lambda page: [page.get_by_text("Face photo of the family member", exact=True)]),
        Stop("letter", DRAFT_HOLDER, f"{draft}/letter", _button("Generate commitment letter")),
        Stop("signature", DRAFT_HOLDER, f"{draft}/signature", lambda page: [
            page.get_by_role("img", name="Signature pad", exact=True), page.get_by_role("button", name="OK",
                                                                                         exact=True)]),
        Stop("check", DRAFT_HOLDER, f"{draft}/check", _button("Save and submit")),
        Stop("staff-queue", "staff", "/staff", lambda page: [page.locator("main ol.member-list a").first]),
        Stop("counter", "staff", "/staff/counter", _button("Find")),
        Stop("staff-members", "staff", "/staff/members", _button("Find member")),
        Stop("staff-audit", "staff", "/staff/audit", _button("Search")),
    ]


def other_pages(seeded: Seeded) -> list[Stop]:
    """Every other page, for `make screens` (looked at, not measured)."""
    none: Callable[[Page], list[Locator]] = lambda page: [page.locator("main h1")]  # noqa: E731
    first = seeded.members[0][1]
    return [
        Stop("register", "anonymous", "/register?lang=en", none), Stop("privacy", "anonymous", "/privacy", none),
        Stop("help", "anonymous", "/help", none), Stop("forgot", "anonymous", "/forgot?lang=en", none),
        *(Stop(name, TILES_HOLDER, path, none) for name, path in (
            ("family", "/family"), ("what-you-need", "/family/what-you-need"), ("my", "/my"),
            ("settings", "/settings"), ("activity", "/activity"), ("notifications", "/notifications"),
            ("holders", "/my/holders"), ("contributions", f"/records/contributions?whose={first}"),
            ("expenses", f"/records/expenses?whose={first}"), ("help-resident", "/help"),
            ("change-password", "/settings/password"), ("change-mobile", "/settings/mobile"),
            ("personal-account", "/account"))),
        Stop("submitted", DRAFT_HOLDER, f"/family/request/{seeded.waiting}/submitted", none),
        Stop("staff-request", "staff", f"/staff/request/{seeded.waiting}", none),
    ]
