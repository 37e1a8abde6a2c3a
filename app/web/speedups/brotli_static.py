"""Sends the scripts and styles of every first page Brotli-compressed at its highest quality (made once per file
version in a background thread, kept in `.cache/brotli/`); until a file is ready it goes out gzip-compressed."""

from __future__ import annotations

import hashlib
import os
import threading
from http import HTTPStatus
from pathlib import Path

import brotli
import nicegui
from nicegui import app
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import ROOT

NICEGUI_STATIC = Path(nicegui.__file__).resolve().parent / "static"
NICEGUI_QUASAR = "quasar.umd.prod.js"  # Quasar's full build: pages load it only if ours is not used
FIRST_PAGE = ("fonts.css", "quasar.unimportant.prod.css", "quasar.important.prod.css", "nicegui.css",
              "vue.esm-browser.prod.js", "socket.io.min.js", "nicegui.js", "dompurify.mjs",
              "lang/zh-CN.umd.prod.js", "lang/en-US.umd.prod.js")  # what NiceGUI's page template loads, but Quasar
CACHE_DIR = ROOT / ".cache" / "brotli"


def first_page_files(*, nicegui_quasar: bool = True) -> dict[str, Path]:
    """URL path -> file: NiceGUI's scripts and styles of every page (its Quasar build only if `nicegui_quasar`), and
    our own (assets/*.js, *.css, and the vendored scripts in assets/vendor/, our Quasar build among them)."""
    names = FIRST_PAGE + ((NICEGUI_QUASAR,) if nicegui_quasar else ())
    table = {f"/_nicegui/{nicegui.__version__}/static/{name}": NICEGUI_STATIC / name for name in names}
    assets = ROOT / "assets"
    for path in sorted([*assets.glob("*"), *(assets / "vendor").glob("*.js")]):
        if path.suffix in {".js", ".css"}:
            table["/" + path.relative_to(ROOT).as_posix()] = path
    return {url: path for url, path in table.items() if path.is_file()}


def compressed(path: Path, cache_dir: Path) -> bytes:
    """The file at Brotli's highest quality, from `cache_dir` when this content was compressed before."""
    data = path.read_bytes()
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()[:24]}.br"
    try:
        body = cached.read_bytes()
        if brotli.decompress(body) == data:
            return body
    except (OSError, brotli.error):
        pass  # not compressed yet, or a damaged copy: made again
    return _compress(data, cached)


def _compress(data: bytes, cached: Path) -> bytes:
    body = brotli.compress(data, quality=11)
    try:  # a read-only disk only costs the next start the same work
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(body)
        partial.replace(cached)
    except OSError:
        pass
    return body


class BrotliFiles:
    """The Brotli bytes of `files` (URL path -> file) once `warm` has made them; `start` runs it in a thread."""

    def __init__(self, files: dict[str, Path] | None = None, cache_dir: Path = CACHE_DIR) -> None:
        self.files, self.cache_dir = first_page_files() if files is None else files, cache_dir
        self.ready: dict[str, tuple[int, bytes]] = {}  # URL path -> (the file's length, its Brotli bytes)

    def start(self) -> None:
        threading.Thread(target=self.warm, name="brotli-warm", daemon=True).start()

    def warm(self) -> None:
        for url, path in self.files.items():  # brotli lets go of the GIL while it compresses
            try:
                self.ready[url] = (path.stat().st_size, compressed(path, self.cache_dir))
            except OSError:
                continue  # the file went away: it is served as it is


class BrotliStatic:
    def __init__(self, app: ASGIApp, files: BrotliFiles) -> None:
        self.app, self.files = app, files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        entry = self.files.ready.get(scope.get("path", "")) if scope["type"] == "http" else None
        if entry is None or scope["method"] not in {"GET", "HEAD"} or not accepts_br(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        size, body = entry
        replaced = False

        async def sending(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if (message["status"] == HTTPStatus.OK and "content-encoding" not in headers
                        and headers.get("content-length") == str(size)):
                    replaced = True
                    headers["Content-Encoding"], headers["Content-Length"] = "br", str(len(body))
                    headers.add_vary_header("Accept-Encoding")
                    await send(message)
                    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
                    return
            elif replaced:
                return  # the file's own bytes: the Brotli ones went out instead
            await send(message)

        await self.app(scope, receive, sending)


def accepts_br(headers: Headers) -> bool:
    for part in headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "br":
            return params.replace(" ", "") not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


def install(*, nicegui_quasar: bool) -> str | None:
    """Add `BrotliStatic` for the first page's files (its Quasar build only if `nicegui_quasar`) inside NiceGUI's
    GZip, which `ui.run` adds later; returns why it does not fit (NiceGUI no longer ships a file its page loads)."""
    missing = [name for name in FIRST_PAGE if not (NICEGUI_STATIC / name).is_file()]
    if missing:
        return f"NiceGUI's static files no longer include {', '.join(missing)}"
    files = BrotliFiles(first_page_files(nicegui_quasar=nicegui_quasar))
    app.on_startup(files.start)
    app.add_middleware(BrotliStatic, files=files)
    return None
