"""Addresses of our own static files (assets/) with a version taken from their content.

NiceGUI lets browsers keep /assets for an hour. A phone that kept an older app.js or ecard.js would go on
running it after a new release (an older e-card script, say, that does not ask for the next code), so every
page names each file with its content's digest: a new release is a new address, fetched at once."""

from __future__ import annotations

import functools
import hashlib

from app.config import ROOT

ASSETS = ROOT / "assets"


@functools.cache
def url(name: str) -> str:
    """`/assets/<name>?v=<digest>`; the digest is read once per process (the files do not change while it runs)."""
    digest = hashlib.sha256((ASSETS / name).read_bytes()).hexdigest()[:12]
    return f"/assets/{name}?v={digest}"
