"""Authorization matrix (DESIGN.md §5; issue: hardening): every page and API route of the app, opened as an
anonymous visitor, as the resident whose data it is (张伟), as another resident (王芳) and as staff who are not
assisting anyone. Every cell's answer is asserted, and a route the table does not know fails the test, so a new
route cannot ship without a decision about who may open it.

A cell is a status code, or for redirects "303 <where to>"; "login" stands for the login page with the path as
`next`. Pages answer 200 and then decide on the page; the guard decides before.

Staff who are not assisting see only requests waiting for a decision and the ones they decided (DESIGN.md §2.7),
so the staff routes get a second table: one request in each state, asked for by one staff member, with what a
decision of theirs gets once they have looked (four eyes: one they helped prepare at the counter is someone else's
to decide)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from nicegui import app
from nicegui.testing import User
from PIL import Image

from app.services import review
from app.services.binding import drafts, lifecycle
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
)
from tests.ui.staff_page_helpers import add_staff
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    ZHANG_ZIHAN,
    add_person,
    make_id_number,
    member_values,
    ready_request,
    start,
)
from tests.unit.review_helpers import SCOPE_STATES, request_in

OTHER_PHONE = "13700137000"
ROLES = ("anonymous", "resident", "other", "staff")
NOT_FOUND, LOGIN, HOME, STAFF = "404", "303 login", "303 /", "303 /staff"
# route (as the app registers it) → what each role gets: anonymous, resident (owner), other resident, staff.
EXPECTED: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("GET", "/"): (LOGIN, "200", "200", STAFF),
    ("GET", "/login"): ("200", HOME, HOME, STAFF),
    ("GET", "/register"): ("200", HOME, HOME, STAFF),
    ("GET", "/forgot"): ("200", HOME, HOME, STAFF),
    ("GET", "/privacy"): ("200", "200", "200", "200"),
    ("GET", "/help"): ("200", "200", "200", "200"),
    ("GET", "/cashier"): ("200", "200", "200", "200"),  # the demo pharmacy's till: demo mode only, 404 otherwise
    ("GET", "/verify"): (LOGIN, "200", "200", STAFF),
    ("GET", "/my"): (LOGIN, "200", "200", "200"),
    ("GET", "/my/holders"): (LOGIN, "200", "200", "303 /my"),
    ("GET", "/settings"): (LOGIN, "200", "200", "200"),
    ("GET", "/settings/password"): (LOGIN, "200", "200", "200"),
    ("GET", "/settings/mobile"): (LOGIN, "200", "200", "200"),  # staff are told an administrator changes it
    ("GET", "/activity"): (LOGIN, "200", "200", "200"),
    ("GET", "/notifications"): (LOGIN, "200", "200", "200"),
    ("GET", "/family"): (LOGIN, "200", "200", STAFF),
    ("GET", "/family/what-you-need"): (LOGIN, "200", "200", STAFF),
    ("GET", "/family/add"): (LOGIN, "200", "200", STAFF),
    ("GET", "/family/request/{request_id}/notice"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/method"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/who"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/documents"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/letter"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/signature"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/check"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/request/{request_id}/submitted"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/family/document/{document_id}"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("POST", "/api/requests/{request_id}/photos/{kind}"): (NOT_FOUND, "200", NOT_FOUND, NOT_FOUND),
    # "Prove relationship": staff assisting the holder only, so the holder alone is answered as for a missing page.
    ("GET", "/family/relationship/{request_id}"): (LOGIN, NOT_FOUND, NOT_FOUND, STAFF),
    ("POST", "/api/requests/{request_id}/relationship-proof"): (NOT_FOUND,) * 4,
    ("GET", "/ecard"): (LOGIN, "200", "200", STAFF),
    ("GET", "/ecard/member/{member}"): (LOGIN, "200", NOT_FOUND, STAFF),
    ("GET", "/records/contributions"): (LOGIN, "200", "200", STAFF),
    ("GET", "/records/expenses"): (LOGIN, "200", "200", STAFF),
    ("GET", "/account"): (LOGIN, "200", "200", STAFF),  # the own personal account only (王芳 sees hers)
    ("GET", "/staff"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/counter"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/members"): (LOGIN, HOME, HOME, "200"),  # what a look-up shows stays on the page (its scope)
    ("GET", "/staff/audit"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/request/{request_id}"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/document/{document_id}"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/proofs"): (LOGIN, HOME, HOME, "200"),
    ("GET", "/staff/proofs/{request_id}"): (LOGIN, HOME, HOME, NOT_FOUND),  # no proof is waiting for it
    ("GET", "/staff/proof-photo/{request_id}"): (LOGIN, HOME, HOME, NOT_FOUND),
    # Public by design: the scanner API, its keys, health checks, static files; the SMS inbox in demo mode only.
    ("POST", "/api/verify"): ("422", "422", "422", "422"),  # asked without a token
    ("GET", "/api/keys"): ("200", "200", "200", "200"),
    # Institutions only, with their key (DESIGN.md §2.9): without one, 401 invalid_key for everybody.
    ("POST", "/api/settle"): ("401",) * 4,
    ("POST", "/api/settle/{number}/reverse"): ("401",) * 4,
    # Where a login goes on; without its one-time handoff it changes nothing and says to log in again.
    ("GET", "/login/continue"): ("303 /login?expired=1",) * 4,
    ("GET", "/api/health"): ("200", "200", "200", "200"),
    ("GET", "/api/dev/sms"): (NOT_FOUND,) * 4,  # no code was sent to the number asked about
    ("GET", "/api/dev/pages"): ("200", "200", "200", "200"),  # counts only, in demo mode only
    ("GET", "/assets/{path:path}"): ("200", "200", "200", "200"),
    ("GET", "/favicon.ico"): ("200", "200", "200", "200"),
}

# The request's state ("me" is the staff member asking) → the review page, its document, "Show full ID number",
# and then what "Approve" gets (opening the page assigned a submitted request to me, unless I helped prepare it).
# The decision is a page's action, offered only on a request in view; past one, it is refused like any decided one.
SHOWN = ("200", "200", "shown")
HIDDEN = (NOT_FOUND, NOT_FOUND, NOT_FOUND)  # as for an id that does not exist, so ids cannot be probed
REFUSED = "already_decided"
STAFF_SCOPE: dict[str, tuple[str, str, str, str]] = {
    "submitted": (*SHOWN, "approved"),
    "submitted_helped_by_me": (*SHOWN, "assisted_it"),  # read-only, never assigned to me: someone else decides
    "in_review_by_me": (*SHOWN, "approved"),
    "in_review_by_other": (*SHOWN, "assigned_to_other"),  # read-only: the decision is the other staff member's
    "approved_by_me": (*SHOWN, REFUSED),
    "approved_by_other": (*HIDDEN, REFUSED),
    "rejected_by_me": (*SHOWN, REFUSED),
    "rejected_by_other": (*HIDDEN, REFUSED),
    "unbound_by_me": (*SHOWN, REFUSED),  # approved by me, later unbound by the holder
    "unbound_by_other": (*HIDDEN, REFUSED),
    "withdrawn": (*HIDDEN, REFUSED),
    "edited_after_my_rejection": (*HIDDEN, REFUSED),  # a draft again, the holder's until resubmitted
    "draft": (*HIDDEN, REFUSED),
}


@dataclass
class Family:
    """张伟's data: his father approved (with his documents), his son in a draft."""

    approved: int
    face_document: int
    draft: int


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 700), (120, 140, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def _prepare() -> Family:
    holder, staff = account_id(RESIDENT_PHONE), account_id(STAFF_PHONE)
    with service_env() as env:
        father = ready_request(env, holder, ZHANG_JIANGUO, "parent")
        lifecycle.submit(env, holder, father.id, father.version, client="test")
        review.open_request(env, staff, father.id)
        review.decide(env, staff, father.id, approve=True)
        face = drafts.get(env, holder, father.id).documents["face"].id
        son = start(env, holder)
        son = drafts.set_member(env, holder, son.id, son.version, member_values(ZHANG_ZIHAN, "child"), client="test")
    return Family(approved=father.id, face_document=face, draft=son.id)


def _concrete(path: str, family: Family) -> str:
    approved = path.endswith(("/submitted", "relationship-proof")) or path.startswith(
        ("/staff/request", "/staff/proof", "/family/relationship"))
    request = family.approved if approved else family.draft
    return (path.replace("{request_id}", str(request)).replace("{document_id}", str(family.face_document))
            .replace("{member}", str(family.approved)).replace("{kind}", "household_head")
            .replace("{path:path}", "app.css") + ("?phone=13800138000" if path == "/api/dev/sms" else ""))


def _routes() -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and methods and not path.startswith("/_nicegui") and path not in {"/docs", "/openapi.json",
                                                                                  "/redoc", "/docs/oauth2-redirect"}:
            found |= {(method, path) for method in methods if method in {"GET", "POST"}}
    return found


async def _answer(user: User, method: str, path: str, url: str) -> str:
    if method == "POST" and ("/photos/" in path or path.endswith("relationship-proof")):
        response = await user.http_client.post(url, content=_jpeg(), headers={"Content-Type": "image/jpeg"})
    elif method == "POST":
        response = await user.http_client.post(url, content=b"{}", headers={"Content-Type": "application/json"})
    else:
        response = await user.http_client.get(url, follow_redirects=False)
    if response.status_code in {302, 303, 307}:
        location = response.headers["location"]
        return LOGIN if location.startswith("/login?") and "next=" in location else f"303 {location}"
    return str(response.status_code)


async def _log_in_as(user: User, role: str) -> None:
    if role == "resident":
        await log_in(user)
    elif role == "other":
        await log_in(user, OTHER_PHONE, RESIDENT_PASSWORD)
    elif role == "staff":
        await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")


async def test_every_route_has_a_decision(user: User) -> None:
    await user.open("/login")
    assert _routes() == set(EXPECTED), "a route without a row in EXPECTED (or a row for a route that is gone)"


@pytest.mark.parametrize("role", ROLES)
async def test_authorization_matrix(user: User, role: str) -> None:
    family = _prepare()
    await _log_in_as(user, role)
    column = ROLES.index(role)
    answers = {route: await _answer(user, *route, _concrete(route[1], family)) for route in EXPECTED}
    wrong = {f"{method} {path}": (answers[(method, path)], cells[column])
             for (method, path), cells in EXPECTED.items() if answers[(method, path)] != cells[column]}
    assert not wrong, f"{role}: route → (got, expected): {wrong}"


def _requests_in_each_state(staff: int, other: int) -> dict[str, tuple[int, int]]:
    """One request per state (state → request id, face document id), each for a person of its own; the two
    residents take turns as holders, so neither reaches the member or look-up limits, and each ends with at most
    one draft (the flow resumes an open draft)."""
    holders = (account_id(RESIDENT_PHONE), account_id(OTHER_PHONE))
    made = {}
    with service_env() as env:
        for index, state in enumerate(SCOPE_STATES):
            person = (f"测试{index}", make_id_number(date(1980, 1, 1), index))
            add_person(env, *person)
            holder = holders[index % 2]
            request_id = request_in(env, state, holder, staff, other, person, "sibling")
            made[state] = (request_id, drafts.get(env, holder, request_id).documents["face"].id)
    return made


def _full_id_number(staff: int, request_id: int) -> str:
    with service_env() as env:
        try:
            review.full_id_number(env, staff, request_id, whose="member")
        except NotFound:
            return NOT_FOUND
    return "shown"


def _approve(staff: int, request_id: int) -> str:
    with service_env() as env:
        try:
            review.decide(env, staff, request_id, approve=True)
        except NotFound:
            return NOT_FOUND
        except DomainError as refused:
            return refused.code
    return "approved"


async def test_staff_see_only_requests_waiting_or_decided_by_them(user: User) -> None:
    assert set(STAFF_SCOPE) == set(SCOPE_STATES), "a state without a row in STAFF_SCOPE"
    staff = account_id(STAFF_PHONE)
    made = _requests_in_each_state(staff, add_staff())
    await _log_in_as(user, "staff")
    answers = {state: (await _answer(user, "GET", "/staff/request/{request_id}", f"/staff/request/{request_id}"),
                       await _answer(user, "GET", "/staff/document/{document_id}", f"/staff/document/{document}"),
                       _full_id_number(staff, request_id), _approve(staff, request_id))
               for state, (request_id, document) in made.items()}
    wrong = {state: (answers[state], cells) for state, cells in STAFF_SCOPE.items() if answers[state] != cells}
    assert not wrong, f"staff: state → (got, expected): {wrong}"
    hidden_request, hidden_document = made["approved_by_other"]  # word for word the answer for a missing id
    for path, hidden in (("/staff/request/{}", hidden_request), ("/staff/document/{}", hidden_document)):
        assert (await user.http_client.get(path.format(hidden))).text == (
            await user.http_client.get(path.format(999_999))).text
