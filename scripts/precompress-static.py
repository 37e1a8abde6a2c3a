"""Compressed copies of the scripts and styles every first page loads, for nginx to send as they are
(deploy/nginx/fec-locations.conf: `gzip_static`, and `brotli_static` where nginx has that module).

Usage:  .venv/bin/python scripts/precompress-static.py [DIR]      (DIR: .cache/static by default)

For each file of `brotli_static.first_page_files()` (the list the app itself compresses when no nginx does) it
writes DIR/<URL path> (the file itself), DIR/<URL path>.br (Brotli, quality 11) and DIR/<URL path>.gz (gzip -9):
NiceGUI's files at DIR/_nicegui/<version>/static/<name>, ours at DIR/assets/<name>, so nginx finds each one under
`root DIR`. Run it again after an upgrade or a change to assets/: it redoes only the files whose content changed and
removes the copies of files no longer served (an earlier NiceGUI version's). The Brotli bytes come from the cache the
app keeps (.cache/brotli/), so a file the app or an earlier run compressed is not compressed again.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the list of files and the Brotli cache come from the app

from app.web.speedups import brotli_static  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "static"
SERVED = ("_nicegui", "assets")  # the top folders of the URL paths: what a run owns (and prunes) inside DIR
COPIES = (".br", ".gz")


def build(out: Path, files: dict[str, Path] | None = None,
          cache_dir: Path = brotli_static.CACHE_DIR) -> tuple[list[str], list[Path]]:
    """Write the copies of `files` (URL path -> file; the first page's by default) under `out`; returns the URL
    paths (re)written and the files removed."""
    files = brotli_static.first_page_files() if files is None else files
    out = out.resolve()
    written: list[str] = []
    keep: set[Path] = set()
    for url, source in files.items():
        target = out / url.lstrip("/")
        if not url.startswith(tuple(f"/{top}/" for top in SERVED)) or target.resolve() == source.resolve():
            raise ValueError(f"{url} cannot be written to {target}")
        keep.update((target, *(_copy(target, suffix) for suffix in COPIES)))
        data = source.read_bytes()
        if _up_to_date(target, data):
            continue
        # The compressed copies first, the file itself last: a run stopped half-way leaves a file whose content is
        # not the source's, so the next run redoes it.
        _write(_copy(target, ".br"), brotli_static.compressed(source, cache_dir))
        _write(_copy(target, ".gz"), gzip.compress(data, compresslevel=9, mtime=0))
        _write(target, data)
        written.append(url)
    return written, _prune(out, keep)


def _copy(target: Path, suffix: str) -> Path:
    return target.with_name(target.name + suffix)


def _up_to_date(target: Path, data: bytes) -> bool:
    try:
        return target.read_bytes() == data and all(_copy(target, suffix).is_file() for suffix in COPIES)
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    """Replace `path` at once: nginx never sends half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def _prune(out: Path, keep: set[Path]) -> list[Path]:
    removed = []
    for top in SERVED:
        folders = [out / top] if (out / top).is_dir() else []
        for path in [*sorted((out / top).rglob("*"), reverse=True), *folders]:  # a folder's files before the folder
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in keep:
                path.unlink()
                removed.append(path)
    return removed


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else DEFAULT_OUT
    written, removed = build(out)
    print(f"Compressed static files in {out}: {len(written)} made again, {len(removed)} old copies removed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
