"""Our Quasar build (app/web/speedups/quasar_build.py):
the page loads it, it is of NiceGUI's Quasar version, it was made from the
entry file as it is now, and it has every component the app's `ui.*` calls render by tag."""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import jinja2
import pytest
from nicegui import Client, ui
from nicegui import client as nicegui_client
from nicegui.element import Element

from app.components import assets
from app.config import ROOT
from app.web.speedups import quasar_build as quasar

BUILD = assets.ASSETS / quasar.BUILD
ENTRY = ROOT / "scripts" / "quasar" / "entry.js"
INPUTS = [ENTRY, ROOT / "scripts" / "quasar" / "vue-shim.js", ROOT / "scripts" / "quasar" / "package-lock.json"]
# ui functions that need a Quasar plugin (ui.notification is an element whose script calls Quasar.Notify)
PLUGINS = {"notify": "Notify", "notification": "Notify", "fullscreen": "AppFullscreen"}
TAG = re.compile(r"""(?:['"]|<)(q-[a-z-]+)\b""")


def entry_components() -> set[str]:
    (listing,) = re.findall(r"const components = \{([^}]*)\}", ENTRY.read_text())
    return {name.strip() for name in listing.split(",") if name.strip()}


def component_name(tag: str) -> str:
    return "".join(part.capitalize() for part in tag.split("-"))  # q-option-group -> QOptionGroup


def ui_functions_the_app_calls() -> set[str]:
    sources = [*(ROOT / "app").rglob("*.py"), ROOT / "main.py"]
    return {name for path in sources for name in re.findall(r"\bui\.([a-z_]+)", path.read_text())}


def quasar_tags(element: type[Element]) -> set[str]:
    """The Quasar tags an element renders: its own tag, and those in the template of its script."""
    tags = set(TAG.findall(inspect.getsource(element.__init__)))
    if element.component is not None:
        tags |= set(TAG.findall(Path(element.component.path).read_text()))
    return tags


def test_the_build_is_of_nicegui_quasar_version() -> None:
    ours, theirs = quasar.quasar_version(BUILD), quasar.quasar_version(quasar.nicegui_quasar())
    assert ours is not None
    assert ours == theirs, "run scripts/build-quasar.sh after upgrading NiceGUI"


def test_the_build_was_made_from_the_entry_file_as_it_is() -> None:
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in INPUTS)).hexdigest()[:16]
    assert f"inputs {digest}" in BUILD.read_text()[:300], "run scripts/build-quasar.sh after changing scripts/quasar"


def test_every_component_the_app_renders_is_in_the_build() -> None:
    used = ui_functions_the_app_calls()
    assert {"button", "input", "select", "dialog", "menu"} <= used  # the scan finds the app's calls
    tags = set(TAG.findall(inspect.getsource(Client.__init__)))  # NiceGUI's layout around every page
    assert {"q-layout", "q-page-container", "q-page"} <= tags
    for name in sorted(used):
        element = getattr(ui, name, None)
        if isinstance(element, type) and issubclass(element, Element):
            tags |= quasar_tags(element)
    needed = {component_name(tag) for tag in tags}
    assert {"QBtn", "QInput", "QSelect", "QDialog", "QMenu", "QHeader", "QExpansionItem"} <= needed
    missing = needed - entry_components()
    assert not missing, f"add {sorted(missing)} to scripts/quasar/entry.js and run scripts/build-quasar.sh"
    text = BUILD.read_text()
    assert all(f"{name}:" in text for name in entry_components())  # the build's window.Quasar names each one


def test_the_app_calls_no_ui_function_whose_quasar_plugin_is_left_out() -> None:
    entry = ENTRY.read_text()
    for name, plugin in PLUGINS.items():
        if name in ui_functions_the_app_calls():
            assert f"plugins/{plugin.lower()}" in entry.lower(), f"{plugin} is not in scripts/quasar/entry.js"


@pytest.mark.parametrize("function", ["notify", "notification"])
def test_notify_and_notification_need_quasar_notify_plugin(function: str) -> None:
    """`ui.notify` shows Quasar's Notify through NiceGUI's page script, `ui.notification` through its element's own
    script: the test above holds both to the plugin being in our build."""
    script = (Path(ui.notification.component.path) if function == "notification"
              else Path(nicegui_client.__file__).parent / "static" / "nicegui.js")
    assert "Quasar.Notify.create(" in script.read_text()
    assert PLUGINS[function] == "Notify"


@pytest.mark.speedup
def test_the_page_template_loads_our_build_instead_of_nicegui_full_one() -> None:
    assert quasar.use_app_build() is None
    assert quasar.use_app_build() is None  # twice is once
    assert quasar.installed()
    env = nicegui_client.templates.env
    source = env.loader.get_source(env, quasar.PAGE_TEMPLATE)[0]  # what Jinja compiles the page from
    assert f'<script defer src="{{{{ prefix | safe }}}}{assets.url(quasar.BUILD)}"></script>' in source
    assert "quasar.umd.prod.js" not in source.replace("quasar.umd.js", "")  # the debug build's line stays
    assert source.count("<script") > 5  # the rest of the page is NiceGUI's template as it was


def test_a_template_without_quasar_script_line_is_refused() -> None:
    with pytest.raises(ValueError, match="does not load Quasar"):
        quasar.with_app_build("<script src='/quasar.js'></script>", "/assets/vendor/quasar.prod.js")


def test_a_build_of_another_version_leaves_nicegui_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({quasar.PAGE_TEMPLATE: quasar.NICEGUI_SCRIPT}))
    monkeypatch.setattr(nicegui_client.templates, "env", env)
    monkeypatch.setattr(quasar, "quasar_version", lambda path: "2.0.0" if path == BUILD else "2.18.5")
    assert "run scripts/build-quasar.sh" in (quasar.use_app_build() or "")  # said, not silently skipped
    assert not quasar.installed()
    page = env.get_template(quasar.PAGE_TEMPLATE).render(prefix="", version="3")
    assert page == "/_nicegui/3/static/quasar.umd.prod.js"
