"""Our Quasar build on every page instead of NiceGUI's full one (DESIGN.md §7: what the first page ships).

NiceGUI's page loads Quasar's whole UMD build: every component and plugin, 491 KiB of script (127 KiB over the
network with Brotli) that a phone downloads, parses and runs before the page appears. The app renders 14 of
Quasar's components. `assets/vendor/quasar.prod.js` is the same Quasar version with only those (built by
`scripts/build-quasar.sh` from `scripts/quasar/entry.js`): 145 KiB of script, 41 KiB over the network.

`use_app_build` makes NiceGUI's page template load it: the template's one Quasar script line names our file (with its
content digest, like our other assets) instead of NiceGUI's. The change is made to the template's text once, when
Jinja loads it, so pages cost nothing more. If the template's line is not there (a NiceGUI upgrade), or our build
is of another Quasar version than NiceGUI's styles, the page keeps NiceGUI's full build and a warning is logged:
slower, never broken. `tests/unit/test_quasar.py` fails in both cases, so an upgrade cannot land unnoticed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from nicegui import client as nicegui_client

from app.brotli_static import NICEGUI_QUASAR, NICEGUI_STATIC
from app.components import assets

log = logging.getLogger("family_ecard")

BUILD = "vendor/quasar.prod.js"
NICEGUI_SCRIPT = "{{ prefix | safe }}/_nicegui/{{version}}/static/" + NICEGUI_QUASAR
PAGE_TEMPLATE = "index.html"
Uptodate = Callable[[], bool] | None
_VERSION = re.compile(rb"Quasar Framework v(\d+\.\d+\.\d+)")


def quasar_version(path: Path) -> str | None:
    """The Quasar version named in a build's opening comment."""
    with path.open("rb") as build:
        found = _VERSION.search(build.read(300))
    return found.group(1).decode() if found else None


def nicegui_quasar() -> Path:
    return NICEGUI_STATIC / NICEGUI_QUASAR


def with_app_build(source: str, url: str) -> str:
    """The page template's text with its Quasar script line naming `url`; ValueError when the line is not there."""
    if source.count(NICEGUI_SCRIPT) != 1:
        raise ValueError("NiceGUI's page template does not load Quasar from the expected address")
    return source.replace(NICEGUI_SCRIPT, "{{ prefix | safe }}" + url)


class _AppBuildLoader(jinja2.BaseLoader):
    """NiceGUI's template loader, with `edit` applied to the page template's text."""

    def __init__(self, loader: jinja2.BaseLoader, edit: Callable[[str], str]) -> None:
        self.loader, self.edit = loader, edit

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Uptodate]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return (self.edit(source) if template == PAGE_TEMPLATE else source), filename, uptodate


def use_app_build() -> bool:
    """Make every page load `assets/vendor/quasar.prod.js` (idempotent). False, with a warning, when it cannot."""
    env = nicegui_client.templates.env
    if isinstance(env.loader, _AppBuildLoader):
        return True
    ours, theirs = quasar_version(assets.ASSETS / BUILD), quasar_version(nicegui_quasar())
    if ours != theirs:
        log.warning("assets/%s is Quasar %s but NiceGUI ships %s: pages load NiceGUI's full Quasar build "
                    "(run scripts/build-quasar.sh)", BUILD, ours, theirs)
        return False
    url = assets.url(BUILD)
    try:
        with_app_build(env.loader.get_source(env, PAGE_TEMPLATE)[0], url)
    except ValueError as error:
        log.warning("%s: pages load NiceGUI's full Quasar build", error)
        return False
    env.loader = _AppBuildLoader(env.loader, lambda source: with_app_build(source, url))
    if env.cache is not None:
        env.cache.clear()
    return True
