"""Domain errors survive the trip through a worker process (spawned, as the server runs them)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from app.services.photos import PhotoRejected, process_photo
from app.services.workers import returning_domain_errors


def test_a_domain_error_comes_back_from_a_worker_process_with_its_details():
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result = pool.submit(returning_domain_errors, process_photo, b"x" * (10 * 1024 * 1024 + 1)).result()
    assert isinstance(result, PhotoRejected)
    assert result.code == "photo_too_big"
    assert result.params == {"max_mb": 10}


def test_a_result_comes_back_unchanged():
    assert returning_domain_errors(sorted, [3, 1, 2]) == [1, 2, 3]
