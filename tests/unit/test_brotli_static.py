"""Brotli for the first page's scripts and styles: sent in place of the file when the browser takes it, made once
and kept on disk, and everything else as before."""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import brotli
import nicegui
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from app.web.speedups import brotli_static
from app.web.speedups.brotli_static import BrotliFiles, BrotliStatic, accepts_br, first_page_files

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 in place of httpx; both work
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.speedup

SCRIPT = b"function hello(name) { return 'hello ' + name; }\n" * 400


@pytest.fixture
def site(tmp_path: Path) -> tuple[TestClient, BrotliFiles]:
    static = tmp_path / "static"
    static.mkdir()
    (static / "app.js").write_bytes(SCRIPT)
    (static / "other.js").write_bytes(SCRIPT)
    files = BrotliFiles({"/static/app.js": static / "app.js"}, cache_dir=tmp_path / "cache")
    app = Starlette(routes=[Mount("/static", StaticFiles(directory=static))],
                    middleware=[Middleware(GZipMiddleware), Middleware(BrotliStatic, files=files)])
    return TestClient(app), files


def test_a_browser_that_takes_brotli_gets_the_brotli_bytes(site: tuple[TestClient, BrotliFiles]) -> None:
    client, files = site
    files.warm()
    response = client.get("/static/app.js", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.content == SCRIPT  # the client decodes br
    assert int(response.headers["content-length"]) == len(brotli.compress(SCRIPT, quality=11)) < len(
        gzip.compress(SCRIPT, 9))


def test_others_get_what_they_got_before(site: tuple[TestClient, BrotliFiles]) -> None:
    client, files = site
    files.warm()
    gzip_only = client.get("/static/app.js", headers={"Accept-Encoding": "gzip"})
    assert gzip_only.headers["content-encoding"] == "gzip" and gzip_only.content == SCRIPT
    refused = client.get("/static/app.js", headers={"Accept-Encoding": "gzip, br;q=0"})
    assert refused.headers["content-encoding"] == "gzip"
    other = client.get("/static/other.js", headers={"Accept-Encoding": "br, gzip"})  # not a first-page file
    assert other.headers["content-encoding"] == "gzip" and other.content == SCRIPT
    missing = client.get("/static/none.js", headers={"Accept-Encoding": "br"})
    assert missing.status_code == 404


def test_before_the_warm_up_the_file_goes_out_as_before(site: tuple[TestClient, BrotliFiles]) -> None:
    client, _files = site
    response = client.get("/static/app.js", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["content-encoding"] == "gzip" and response.content == SCRIPT


def test_a_conditional_request_still_gets_304(site: tuple[TestClient, BrotliFiles]) -> None:
    client, files = site
    files.warm()
    etag = client.get("/static/app.js", headers={"Accept-Encoding": "br"}).headers["etag"]
    again = client.get("/static/app.js", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    head = client.head("/static/app.js", headers={"Accept-Encoding": "br"})
    assert head.headers["content-encoding"] == "br" and head.content == b""


def test_a_changed_file_is_compressed_again_and_a_damaged_copy_is_replaced(tmp_path: Path) -> None:
    source, cache = tmp_path / "a.css", tmp_path / "cache"
    source.write_bytes(b"body { color: red; }\n" * 50)
    first = brotli_static.compressed(source, cache)
    assert brotli.decompress(first) == source.read_bytes() and len(list(cache.iterdir())) == 1
    source.write_bytes(b"body { color: blue; }\n" * 50)
    assert brotli.decompress(brotli_static.compressed(source, cache)) == source.read_bytes()
    assert len(list(cache.iterdir())) == 2  # one per content
    for kept in cache.iterdir():
        kept.write_bytes(b"not brotli")
    assert brotli.decompress(brotli_static.compressed(source, cache)) == source.read_bytes()


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    source = tmp_path / "a.js"
    source.write_bytes(SCRIPT)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert brotli.decompress(brotli_static.compressed(source, blocked / "cache")) == SCRIPT


def test_the_first_page_files_are_the_ones_nicegui_and_we_ship() -> None:
    files = first_page_files()
    names = {url.rsplit("/", 1)[-1] for url in files}
    assert {"quasar.umd.prod.js", "vue.esm-browser.prod.js", "quasar.unimportant.prod.css", "socket.io.min.js",
            "app.js", "app.css", "zh-CN.umd.prod.js"} <= names
    assert "/assets/vendor/quasar.prod.js" in files  # our Quasar build (app/web/speedups/quasar_build.py)
    assert len(files) == len(brotli_static.FIRST_PAGE) + 1 + sum(
        1 for url in files if url.startswith("/assets/"))  # every NiceGUI file named is there, and its Quasar


def test_nicegui_quasar_build_is_left_out_when_pages_load_ours() -> None:
    files = first_page_files(nicegui_quasar=False)
    assert set(first_page_files()) - set(files) == {f"/_nicegui/{nicegui.__version__}/static/quasar.umd.prod.js"}
    assert "/assets/vendor/quasar.prod.js" in files


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip, deflate, br, zstd", True), ("br", True), ("BR;q=0.5", True), ("gzip", False), ("", False),
    ("br;q=0", False), ("gzip, br ; q=0.0", False), ("brotli", False)])
def test_accept_encoding(header: str, expected: bool) -> None:
    from starlette.datastructures import Headers

    assert accepts_br(Headers({"accept-encoding": header})) is expected
