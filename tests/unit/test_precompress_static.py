"""scripts/precompress-static.py: the copies nginx sends from disk (deploy/nginx/fec-locations.conf) are the first
page's files at their URL paths, Brotli at quality 11 and gzip -9 beside each, redone only when a file changed."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path
from types import ModuleType

import brotli
import nicegui
import pytest

from app.config import ROOT
from app.web.speedups import brotli_static


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precompress_static", ROOT / "scripts" / "precompress-static.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


precompress = _script()


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    files = {"/_nicegui/9.9.9/static/lang/zh-CN.umd.prod.js": folder / "zh.js", "/assets/app.css": folder / "app.css"}
    for number, path in enumerate(files.values()):
        path.write_text(f"/* file {number} */ " + "body { color: #1b1f24; } " * 200)
    return files


def test_each_file_is_written_at_its_url_path_with_its_brotli_and_gzip_copies(tmp_path: Path,
                                                                             sources: dict[str, Path]) -> None:
    out = tmp_path / "static"
    written, removed = precompress.build(out, sources, cache_dir=tmp_path / "cache")
    assert written == list(sources) and removed == []
    for url, source in sources.items():
        data = source.read_bytes()
        target = out / url.lstrip("/")  # nginx: `root out`, so the URL path finds it
        assert target.read_bytes() == data
        assert Path(f"{target}.br").read_bytes() == brotli.compress(data, quality=11)
        packed = Path(f"{target}.gz").read_bytes()
        assert gzip.decompress(packed) == data and packed[8] == 2  # XFL 2: the slowest, smallest compression (-9)


def test_a_second_run_redoes_only_what_changed_and_removes_what_is_gone(tmp_path: Path,
                                                                        sources: dict[str, Path]) -> None:
    out, cache = tmp_path / "static", tmp_path / "cache"
    precompress.build(out, sources, cache_dir=cache)
    assert precompress.build(out, sources, cache_dir=cache) == ([], [])

    css = sources["/assets/app.css"]
    css.write_text("main { margin: 0 } " * 100)
    assert precompress.build(out, sources, cache_dir=cache) == (["/assets/app.css"], [])
    assert brotli.decompress((out / "assets" / "app.css.br").read_bytes()) == css.read_bytes()

    (out / "notes.txt").write_text("not ours")  # only the served folders are the script's
    gone = out / "_nicegui" / "9.9.9" / "static" / "lang" / "zh-CN.umd.prod.js"
    written, removed = precompress.build(out, {"/assets/app.css": css}, cache_dir=cache)
    assert written == [] and sorted(removed) == sorted([gone, Path(f"{gone}.br"), Path(f"{gone}.gz")])
    assert not (out / "_nicegui").exists() and (out / "notes.txt").exists()


def test_a_copy_made_half_way_is_made_again(tmp_path: Path, sources: dict[str, Path]) -> None:
    out, cache = tmp_path / "static", tmp_path / "cache"
    precompress.build(out, sources, cache_dir=cache)
    Path(out / "assets" / "app.css.gz").unlink()
    assert precompress.build(out, sources, cache_dir=cache)[0] == ["/assets/app.css"]


def test_it_never_writes_over_the_files_it_copies() -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        precompress.build(ROOT, {"/assets/app.css": ROOT / "assets" / "app.css"})


def test_the_files_are_the_ones_the_app_compresses_itself() -> None:
    """One list (brotli_static.first_page_files): NiceGUI's at its versioned address, ours under /assets/."""
    files = brotli_static.first_page_files()
    assert f"/_nicegui/{nicegui.__version__}/static/vue.esm-browser.prod.js" in files
    assert {"/assets/app.js", "/assets/app.css", "/assets/vendor/quasar.prod.js"} <= set(files)
    assert all(url.startswith(("/_nicegui/", "/assets/")) for url in files)
