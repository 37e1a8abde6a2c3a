"""Staff review (DESIGN.md §2.3): the queue of submitted requests, oldest first, its filters by method,
age group and waiting time, and the count."""

from __future__ import annotations

import pytest

from app.services import review
from app.services.binding import lifecycle
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    WANG_FANG,
    ZHANG_ZIHAN,
    request_row,
    start,
)
from tests.unit.review_helpers import (
    _newborn_submitted,
    _numbers,
    _submitted,
)

# --- the queue -------------------------------------------------------------------------------------------------

@pytest.fixture
def three(env, zw, wf) -> dict[str, int]:
    """Three requests submitted an hour apart: 张建国 (74, ID), 张子涵 (10, ID), 张小满 (0, newborn by 王芳)."""
    father = _submitted(env, zw)
    env.clock.advance(hours=1)
    son = _submitted(env, zw, ZHANG_ZIHAN, "child")
    env.clock.advance(hours=1)
    baby = _newborn_submitted(env, wf)
    return {"father": father, "son": son, "baby": baby}


def test_queue_oldest_first_with_ages_and_waiting(env, staff, three) -> None:
    items = review.queue(env, staff)
    assert [item.request_id for item in items] == [three["father"], three["son"], three["baby"]]
    assert [item.member_age for item in items] == [74, 10, 0]
    assert [item.method for item in items] == ["id_number", "id_number", "newborn"]
    assert [item.status for item in items] == ["submitted"] * 3
    assert [item.waiting.total_seconds() / 3600 for item in items] == [2, 1, 0]
    assert _numbers(items) == [request_row(env, three[k]).number for k in ("father", "son", "baby")]


def test_queue_only_holds_submitted_and_in_review(env, zw, wf, staff, three) -> None:
    lifecycle.open_review(env, staff, three["son"])
    assert [(i.request_id, i.status) for i in review.queue(env, staff)] == [
        (three["father"], "submitted"), (three["son"], "in_review"), (three["baby"], "submitted")]
    review.decide(env, staff, three["son"], approve=True)
    lifecycle.withdraw(env, wf, three["baby"], client="t")  # just submitted: still inside its 10 minutes
    assert [i.request_id for i in review.queue(env, staff)] == [three["father"]]
    review.open_request(env, staff, three["father"])
    review.decide(env, staff, three["father"], approve=False, reason="documents")
    assert review.queue(env, staff) == []
    start(env, zw)  # a draft never shows
    assert review.queue(env, staff) == []


@pytest.mark.parametrize(("filters", "expected"), [
    ({"method": "id_number"}, ["father", "son"]),
    ({"method": "newborn"}, ["baby"]),
    ({"age_group": "under_16"}, ["son", "baby"]),
    ({"age_group": "16_59"}, []),
    ({"age_group": "60_plus"}, ["father"]),
    ({"waiting": "over_1_hour"}, ["father", "son"]),
    ({"waiting": "over_1_day"}, []),
    ({"method": "id_number", "age_group": "under_16"}, ["son"]),
    ({"method": "newborn", "age_group": "60_plus"}, []),
    ({"method": None, "age_group": None, "waiting": None}, ["father", "son", "baby"]),
], ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None)
def test_queue_filters(env, staff, three, filters: dict, expected: list[str]) -> None:
    assert [i.request_id for i in review.queue(env, staff, **filters)] == [three[k] for k in expected]


def test_queue_waiting_filters_follow_the_clock(env, staff, three) -> None:
    assert len(review.queue(env, staff, waiting="over_1_hour")) == 2  # 2 h and exactly 1 h
    env.clock.advance(minutes=59)
    assert len(review.queue(env, staff, waiting="over_1_hour")) == 2
    env.clock.advance(minutes=1)
    assert len(review.queue(env, staff, waiting="over_1_hour")) == 3
    assert review.queue(env, staff, waiting="over_1_day") == []
    env.clock.advance(hours=21)  # the father has now waited exactly 1 day, the son 23 h, the baby 22 h
    assert [i.request_id for i in review.queue(env, staff, waiting="over_1_day")] == [three["father"]]
    env.clock.advance(hours=1)
    assert [i.request_id for i in review.queue(env, staff, waiting="over_1_day")] == [three["father"], three["son"]]
    env.clock.advance(hours=1)
    assert len(review.queue(env, staff, waiting="over_1_day")) == 3


def test_queue_16_to_59(env, zw, staff) -> None:
    request_id = _submitted(env, zw, WANG_FANG, "spouse")
    items = review.queue(env, staff, age_group="16_59")
    assert [(i.request_id, i.member_age) for i in items] == [(request_id, 36)]
    assert review.queue(env, staff, age_group="60_plus") == []


def test_queue_count_and_empty(env, zw, staff) -> None:
    assert review.queue(env, staff) == []
    _submitted(env, zw)
    _submitted(env, zw, ZHANG_ZIHAN, "child")
    assert len(review.queue(env, staff)) == 2
