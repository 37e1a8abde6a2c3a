"""Endpoints for a request's documents: photo upload and reading back previews and letters. Only the
holder of the request (or staff assisting that holder at the counter) gets anything; everything else
is a 404, so IDs cannot be probed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from nicegui import app, run

from app.components.acting import Acting, acting_outside_pages
from app.pages.bodies import read_limited
from app.pages.common import cpu_bound
from app.services.binding import documents, relationship
from app.services.binding.store import PAPER_LETTER, NotFound
from app.services.env import Env
from app.services.errors import DomainError
from app.services.fingerprint_letter import fingerprint_letter_pdf
from app.services.photos import MAX_BYTES, PhotoRejected, ProcessedPhoto, process_photo


def _holder(env: Env) -> Acting:
    found = acting_outside_pages(env)
    if found is None:
        raise HTTPException(status_code=404, detail="Not Found")
    return found


def register(env: Env) -> None:
    @app.post("/api/requests/{request_id}/photos/{kind}")
    async def upload_photo(request_id: int, kind: str, request: Request) -> JSONResponse:
        """The photo is the body itself (no form to parse). Who may upload it is known before any byte is read."""
        info = _holder(env)
        if kind == PAPER_LETTER:
            return await _paper_letter(env, info, request_id, request)

        async def keep(photo: ProcessedPhoto) -> None:
            await run.io_bound(documents.add_photo, env, info.holder_id, request_id, kind, photo, actor=info.actor)

        return await _receive(request, lambda: run.io_bound(documents.check_photo_upload, env, info.holder_id,
                                                            request_id, kind, actor=info.actor), keep)

    @app.post("/api/requests/{request_id}/relationship-proof")
    async def upload_relationship_proof(request_id: int, request: Request) -> JSONResponse:
        """"Proof of relationship" of an approved binding, from staff assisting its holder (DESIGN.md §2.7)."""
        info = _holder(env)

        async def keep(photo: ProcessedPhoto) -> None:
            await run.io_bound(relationship.submit, env, info.holder_id, request_id, photo, actor=info.actor)

        return await _receive(request, lambda: run.io_bound(relationship.check_upload, env, info.holder_id,
                                                            request_id, actor=info.actor), keep)

    @app.get("/family/document/{document_id}")
    def read_document(document_id: int, request: Request) -> Response:
        info = _holder(env)
        try:
            content = documents.read_document(env, info.holder_id, document_id,
                                              thumbnail=request.query_params.get("thumbnail") == "1", actor=info.actor)
        except NotFound as exc:
            raise HTTPException(status_code=404, detail="Not Found") from exc
        headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
        if content.mime == "application/pdf":
            headers["Content-Disposition"] = 'attachment; filename="commitment-letter.pdf"'
        return Response(content.data, media_type=content.mime, headers=headers)


def _version(request: Request) -> int | None:
    """The version of the request the page showed (`?version=`): the letter on paper is the letter of that one."""
    value = request.query_params.get("version", "")
    return int(value) if value.isdigit() else None


async def _receive(request: Request, check: Callable[[], Awaitable[object]],
                   keep: Callable[[ProcessedPhoto], Awaitable[None]]) -> JSONResponse:
    """One way to take a photo: `check` says whether it is wanted (before any byte is read), then the body is read
    up to its limit, processed off the event loop and kept; every refusal is a code the page words, never a trace."""
    try:
        await check()
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="Not Found") from exc
    except DomainError as exc:
        return JSONResponse({"ok": False, "code": exc.code}, status_code=409)
    data = await read_limited(request, MAX_BYTES)
    if data is None:
        return JSONResponse({"ok": False, "code": "photo_too_big"}, status_code=413)
    try:
        await keep(await cpu_bound(process_photo, data))
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="Not Found") from exc
    except PhotoRejected as exc:
        return JSONResponse({"ok": False, "code": exc.code}, status_code=422)
    except DomainError as exc:
        return JSONResponse({"ok": False, "code": exc.code}, status_code=409)
    return JSONResponse({"ok": True})


async def _paper_letter(env: Env, info: Acting, request_id: int, request: Request) -> JSONResponse:
    """"Signed paper letter photo": checked, read and processed like any photo; then the printed letter of the same
    version is made again (the same words as on the paper) and both are kept in one go, or nothing is."""
    version = _version(request)

    async def keep(photo: ProcessedPhoto) -> None:
        letter, kept_version = await run.io_bound(documents.fingerprint_letter_data, env, info.holder_id, request_id,
                                                  version, actor=info.actor)
        printed = await cpu_bound(fingerprint_letter_pdf, letter)
        await run.io_bound(documents.store_paper_letter, env, info.holder_id, request_id, kept_version, photo=photo,
                           pdf=printed.pdf, actor=info.actor)

    return await _receive(request, lambda: run.io_bound(documents.fingerprint_letter_data, env, info.holder_id,
                                                        request_id, version, actor=info.actor), keep)
