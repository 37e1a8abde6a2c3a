"""Shared helpers for the e-card tests (test_ecard_*.py): members bound through the service layer
(submitted by the holder, approved by staff with review.decide), and tokens taken apart."""

from __future__ import annotations

import base64

from app.services import review
from app.services.binding import lifecycle
from app.services.env import Env
from tests.unit.binding_helpers import STAFF_PHONE, ZHANG_JIANGUO, account_id, ready_request


def submitted_member(env: Env, holder: int, person: tuple[str, str] = ZHANG_JIANGUO,
                     relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


def approved_member(env: Env, holder: int, person: tuple[str, str] = ZHANG_JIANGUO,
                    relationship: str = "parent") -> int:
    """A member bound the way the product binds them: submitted, opened and approved by staff."""
    request_id = submitted_member(env, holder, person, relationship)
    staff = account_id(env, STAFF_PHONE)
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=True)
    return request_id


def raw(token: str) -> bytes:
    return base64.b32decode(token + "=" * (-len(token) % 8))


def text(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def flipped(token: str, index: int) -> str:
    """`token` with one bit of byte `index` changed."""
    data = bytearray(raw(token))
    data[index] ^= 0x01
    return text(bytes(data))
