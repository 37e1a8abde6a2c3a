"""Editing a response's headers on their way out, for the plain ASGI middlewares of `app/web`."""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Send


def at_response_start(send: Send, edit: Callable[[MutableHeaders], None]) -> Send:
    """`send`, with `edit` given the response's headers just before they go out."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            edit(MutableHeaders(scope=message))
        await send(message)

    return sending
