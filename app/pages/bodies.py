"""Request bodies read up to a limit (DESIGN.md §5): `request.body()` would hold whatever a client sends in
memory before anyone could look at its size."""

from __future__ import annotations

from starlette.requests import Request


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body of `request`, or None once it is known to be larger than `limit` bytes: at once when its
    Content-Length says so, else as soon as more than `limit` bytes have arrived (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    # A Content-Length within the limit is not trusted either: what arrives is counted.
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
