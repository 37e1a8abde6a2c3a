"""Account fixtures and small helpers shared by the binding tests (test_binding_*.py).

Each fixture function is named `<name>_fixture` and registered with `name=`, so a test module can import it
(`# noqa: F401`) without the test arguments that request it shadowing the import."""

from __future__ import annotations

import pytest

from app.services.binding import lifecycle
from tests.unit.binding_helpers import (
    STAFF_PHONE,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI_PHONE,
    account_id,
    member_values,
)

FATHER = member_values(ZHANG_JIANGUO, "parent")


@pytest.fixture(name="zw")
def zw_fixture(env) -> int:
    """张伟's account id."""
    return account_id(env, ZHANG_WEI_PHONE)


@pytest.fixture(name="wf")
def wf_fixture(env) -> int:
    """王芳's account id."""
    return account_id(env, WANG_FANG_PHONE)


@pytest.fixture(name="staff")
def staff_fixture(env) -> int:
    return account_id(env, STAFF_PHONE)


def _family(env, holder: int) -> dict[str, str]:
    return {m.name: m.status for m in lifecycle.family(env, holder)}
