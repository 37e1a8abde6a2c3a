"""Pages load our Quasar build (`assets/vendor/quasar.prod.js`, only the components the app renders, made by
`scripts/build-quasar.sh`) instead of NiceGUI's full one: the page template's Quasar script line names ours."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from nicegui import client as nicegui_client

from app.components import assets
from app.web.speedups.brotli_static import NICEGUI_QUASAR, NICEGUI_STATIC

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


def use_app_build() -> str | None:
    """Make every page load `assets/vendor/quasar.prod.js` (idempotent); returns why it cannot (pages then load
    NiceGUI's full build: slower, never broken)."""
    env = nicegui_client.templates.env
    if isinstance(env.loader, _AppBuildLoader):
        return None
    ours, theirs = quasar_version(assets.ASSETS / BUILD), quasar_version(nicegui_quasar())
    if ours != theirs:
        return f"assets/{BUILD} is Quasar {ours} but NiceGUI ships {theirs} (run scripts/build-quasar.sh)"
    url = assets.url(BUILD)
    try:
        with_app_build(env.loader.get_source(env, PAGE_TEMPLATE)[0], url)
    except ValueError as error:
        return str(error)
    env.loader = _AppBuildLoader(env.loader, lambda source: with_app_build(source, url))
    if env.cache is not None:
        env.cache.clear()
    return None


def installed() -> bool:
    """Pages load our build."""
    return isinstance(nicegui_client.templates.env.loader, _AppBuildLoader)


install = use_app_build
