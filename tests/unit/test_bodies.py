"""app/pages/bodies.py: a request body is read only up to its limit (DESIGN.md §5, "Request bodies are limited
before they are read"): a larger one is refused after limit + 1 bytes, or before any byte when Content-Length
says so, however much the client goes on sending."""

from __future__ import annotations

from starlette.requests import Request

from app.pages.bodies import read_limited

LIMIT = 4096


class Sender:
    """An ASGI `receive` that hands out `chunks` pieces of `size` bytes, counting what was taken."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.taken = chunks, size, 0

    async def __call__(self) -> dict[str, object]:
        self.taken += 1
        more = self.taken < self.chunks
        return {"type": "http.request", "body": b"x" * self.size if self.taken <= self.chunks else b"",
                "more_body": more}


def _request(receive: Sender, content_length: int | None = None) -> Request:
    headers = [(b"content-length", str(content_length).encode())] if content_length is not None else []
    return Request({"type": "http", "method": "POST", "path": "/api/verify", "headers": headers}, receive)


async def test_a_body_beyond_the_limit_stops_being_read_at_the_limit():
    receive = Sender(chunks=10_000, size=1000)  # 10 MB, sent without a length
    assert await read_limited(_request(receive), LIMIT) is None
    assert receive.taken == 5  # 5000 bytes: the first chunk past 4096, not one more


async def test_a_body_within_the_limit_is_read_whole():
    receive = Sender(chunks=4, size=1024)
    assert await read_limited(_request(receive), LIMIT) == b"x" * LIMIT
    assert receive.taken == 4


async def test_one_byte_over_is_refused():
    assert await read_limited(_request(Sender(chunks=1, size=LIMIT + 1)), LIMIT) is None


async def test_a_content_length_over_the_limit_is_refused_before_reading():
    receive = Sender(chunks=10_000, size=1000)
    assert await read_limited(_request(receive, content_length=10_000_000), LIMIT) is None
    assert receive.taken == 0


async def test_a_content_length_that_understates_the_body_does_not_help():
    receive = Sender(chunks=10_000, size=1000)
    assert await read_limited(_request(receive, content_length=10), LIMIT) is None
    assert receive.taken == 5


async def test_an_empty_body():
    assert await read_limited(_request(Sender(chunks=1, size=0), content_length=0), LIMIT) == b""
