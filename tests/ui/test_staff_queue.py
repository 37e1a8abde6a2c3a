"""Staff console (DESIGN.md §2.3): the review queue, oldest first, its filters (in the address and chosen on
the page), and decided requests leaving it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User

from app.services import review
from tests.ui.helpers import (
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
    wait_for_path,
)
from tests.ui.staff_page_helpers import (
    choose,
    row,
    submit,
    submit_newborn,
)
from tests.unit.binding_helpers import (
    ZHANG_ZIHAN,
)

# --- the queue ----------------------------------------------------------------------------------------

@pytest.fixture
def three() -> dict[str, int]:
    """张建国 (74, waiting 2 days), 张子涵 (10, waiting 2 hours), 张小满 (newborn by 王芳, just now)."""
    return {"father": submit(waited=timedelta(days=2)),
            "son": submit(ZHANG_ZIHAN, "child", waited=timedelta(hours=2)),
            "baby": submit_newborn()}


def queue_numbers(user: User) -> list[str]:
    """Request numbers of the "Open request …" links, in page order."""
    assert user.client is not None
    return [element.text.removeprefix("Open request ") for element in user.client.layout.descendants()
            if isinstance(element, ui.link) and element.text.startswith("Open request ")]


async def test_queue_lists_requests_oldest_first_with_links(user: User, three: dict[str, int]) -> None:
    numbers = {key: row(request_id).number for key, request_id in three.items()}
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see("Requests waiting: 3")
    assert queue_numbers(user) == [numbers["father"], numbers["son"], numbers["baby"]]
    for key, request_id in three.items():
        link = next(iter(user.find(kind=ui.link, content=f"Open request {numbers[key]}").elements))
        assert link.props["href"] == f"/staff/request/{request_id}"  # type: ignore[attr-defined]
    await user.should_see("74 years old")
    await user.should_see("waiting 48 h")
    await user.should_see("10 years old")
    await user.should_see("waiting 2 h")
    await user.should_see("0 years old")
    await user.should_see("waiting 0 min")

    user.find(kind=ui.link, content=f"Open request {numbers['son']}").click()
    await wait_for_path(user, f"/staff/request/{three['son']}")
    await user.should_see(f"Request {numbers['son']}")
    assert row(three["son"]).status == "in_review"


@pytest.mark.parametrize(("query", "expected"), [
    ("age_group=60_plus", ["father"]),
    ("age_group=under_16", ["son", "baby"]),
    ("age_group=16_59", []),
    ("method=newborn", ["baby"]),
    ("method=id_number", ["father", "son"]),
    ("waiting=over_1_hour", ["father", "son"]),
    ("waiting=over_1_day", ["father"]),
    ("method=id_number&age_group=under_16", ["son"]),
])
async def test_queue_filters_in_the_address(user: User, three: dict[str, int], query: str,
                                            expected: list[str]) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff?{query}")
    await user.should_see(f"Requests waiting: {len(expected)}")
    assert queue_numbers(user) == [row(three[key]).number for key in expected]
    if not expected:
        await user.should_see("No requests are waiting.")
    for part in query.split("&"):  # the filters show what was chosen
        key, value = part.split("=")
        assert next(iter(user.find(marker=f"filter-{key}").elements)).value == value  # type: ignore[attr-defined]


async def test_queue_filter_chosen_on_the_page(user: User, three: dict[str, int]) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    choose(user, "filter-age_group", "60 and older")
    user.find(kind=ui.button, content="Apply filter").click()
    await wait_for_path(user, "/staff?age_group=60_plus")
    await user.should_see("Requests waiting: 1")
    assert queue_numbers(user) == [row(three["father"]).number]


async def test_decided_requests_leave_the_queue(user: User) -> None:
    first, second = submit(waited=timedelta(hours=1)), submit(ZHANG_ZIHAN, "child")
    staff = account_id(STAFF_PHONE)
    with service_env() as env:
        review.open_request(env, staff, first)
        review.decide(env, staff, first, approve=True)
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see("Requests waiting: 1")
    assert queue_numbers(user) == [row(second).number]


@pytest.mark.parametrize("query", ["method=bogus", "age_group=old", "waiting=forever"])
async def test_unknown_filter_values_are_ignored(user: User, caplog: pytest.LogCaptureFixture, query: str) -> None:
    submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    try:
        response = await user.http_client.get(f"/staff?{query}", follow_redirects=False)
    finally:
        caplog.clear()  # the page's error is what this test is about, not an unexpected log
    assert response.status_code == 200
    assert "Requests waiting:" in response.text
