"""Settings (display choices saved to the account) and language switching."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import (
    RESIDENT_PHONE,
    account_row,
    log_in,
    wait_for_path,
    wait_until,
)
from tests.ui.pages_helpers import (
    _h1,
)


def _section(user: User, labelled_by: str) -> ui.element:
    assert user.client is not None
    for element in user.client.layout.descendants():
        if element.props.get("aria-labelledby") == labelled_by:
            return element
    raise AssertionError(f"no section labelled by {labelled_by!r}")


def _text_size_radio(within: ui.element) -> ui.radio:
    radios = [e for e in within.descendants() if isinstance(e, ui.radio) and "large" in e.options]
    assert len(radios) == 1, radios
    return radios[0]


def _header_text_size_radio(user: User) -> ui.radio:
    """The header's text size choice, which is made (with its panel) when the panel first opens."""
    assert user.client is not None
    header = next(e for e in user.client.layout.descendants() if isinstance(e, ui.header))
    made_early = [e for e in header.descendants() if isinstance(e, ui.radio | ui.menu)]
    assert not made_early, "made before the panel opened"
    button = next(e for e in header.descendants() if isinstance(e, ui.button) and e.text == "Text size")
    UserInteraction(user, {button}, None).click()
    [menu] = [e for e in button.descendants() if isinstance(e, ui.menu)]
    assert menu.value is True
    UserInteraction(user, {button}, None).click()  # closes it; opening again uses the same panel
    UserInteraction(user, {button}, None).click()
    assert [e for e in button.descendants() if isinstance(e, ui.menu)] == [menu] and menu.value is True
    return _text_size_radio(menu)


async def test_settings_show_display_choices(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    assert _h1(user) == "Settings"
    section = _section(user, "display-title")  # the page's own controls, not the header's menus
    texts = [getattr(e, "text", "") for e in section.descendants()]
    assert "Display and reading" in texts
    assert "Text size" in texts
    buttons = {e.text: e for e in section.descendants() if isinstance(e, ui.button)}
    assert {"High contrast", "Read aloud", "Language"} <= set(buttons)
    assert buttons["High contrast"].props.get("aria-pressed") == "false"
    assert buttons["Read aloud"].props.get("aria-pressed") == "false"
    radio = _text_size_radio(section)
    assert list(radio.options.values()) == ["Standard", "Large", "Extra large"]
    assert radio.value == "standard"
    languages = [e for e in section.descendants() if isinstance(e, ui.radio) and "en-US" in e.options]
    assert len(languages) == 1 and languages[0].visible  # shown open on this page
    assert list(languages[0].options.values()) == ["简体中文", "English"]
    assert languages[0].value == "en-US"


async def test_text_size_choice_is_saved_to_the_account(user: User, create_user: Callable[[], User]) -> None:
    await log_in(user)
    await user.open("/settings")
    radio = _text_size_radio(_section(user, "display-title"))
    UserInteraction(user, {radio}, "Large").click()
    assert radio.value == "large"
    await wait_until(lambda: account_row(RESIDENT_PHONE).text_size == "large", what="text size saved")

    user.find(marker="logout").click()
    await wait_for_path(user, "/login")

    other_device = create_user()
    await log_in(other_device)
    assert _header_text_size_radio(other_device).value == "large"
    assert other_device.client is not None
    assert "fs-large" in other_device.client._head_html  # the <html> class set on load


async def _extra_large_then_log_in(user: User) -> None:
    """On the login page: Extra large from the header, then log in; it stays Extra large, for the account too."""
    await user.open("/login?lang=en")
    UserInteraction(user, {_header_text_size_radio(user)}, "Extra large").click()
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="password").type("Family-2026")
    user.find(marker="submit").click()
    await wait_for_path(user, "/")
    assert _header_text_size_radio(user).value == "extra_large"
    assert account_row(RESIDENT_PHONE).text_size == "extra_large"


async def test_text_size_chosen_before_login_is_kept_for_the_account(user: User) -> None:
    await _extra_large_then_log_in(user)


async def test_defaults_on_one_phone_do_not_undo_a_choice_on_another(
        user: User, create_user: Callable[[], User]) -> None:
    """Logging in on a phone where nothing was chosen writes nothing to the account, so text made
    Extra large before logging in on the next phone stays Extra large."""
    await log_in(user)
    row = account_row(RESIDENT_PHONE)
    assert (row.text_size, row.high_contrast, row.read_aloud) == (None, None, None)
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")

    await _extra_large_then_log_in(create_user())  # the next phone


async def test_high_contrast_toggle_is_pressed_and_saved(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    section = _section(user, "display-title")
    toggle = next(e for e in section.descendants() if isinstance(e, ui.button) and e.text == "High contrast")
    assert toggle.props.get("aria-pressed") == "false"
    UserInteraction(user, {toggle}, None).click()
    assert toggle.props.get("aria-pressed") == "true"
    await wait_until(lambda: account_row(RESIDENT_PHONE).high_contrast is True, what="contrast saved")


async def test_a_toggle_keeps_the_state_the_browser_shows(user: User) -> None:
    """The browser flips the button and applies it at once (assets/app.js FEC.flip), then says what it shows."""
    await log_in(user)
    await user.open("/settings")
    section = _section(user, "display-title")
    toggle = next(e for e in section.descendants() if isinstance(e, ui.button) and e.text == "Read aloud")
    assert toggle.props.get("data-toggle") == "read_aloud"
    for shown in (True, True, False):  # a state said twice is kept, not flipped
        UserInteraction(user, {toggle}, None).trigger("click", shown)
        assert toggle.props.get("aria-pressed") == ("true" if shown else "false")
        assert account_row(RESIDENT_PHONE).read_aloud is shown


async def test_language_query_switches_and_is_remembered(user: User) -> None:
    await user.open("/login?lang=zh-CN")
    await user.should_see("手机号")
    await user.should_see(kind=ui.button, content="登录")
    await user.should_not_see("Mobile number")
    assert user.client is not None and user.client.page.language == "zh-CN"

    await user.open("/login?lang=en")
    await user.should_see("Mobile number")
    await user.should_see(kind=ui.button, content="Log in")
    await user.should_not_see("手机号")
    assert user.client is not None and user.client.page.language == "en-US"  # <html lang>

    await user.open("/register")  # no ?lang: the choice is remembered
    await user.should_see("I agree to the privacy notice")
    assert _h1(user) == "Create account"


async def test_language_query_applies_to_the_heading_of_the_same_page(user: User) -> None:
    await user.open("/login?lang=en")
    assert _h1(user) == "Log in"
    assert user.client is not None and user.client.title == "Log in - Family E-Card"


async def test_browser_language_picks_the_default(user: User) -> None:
    user.http_client.headers["Accept-Language"] = "en-GB,en;q=0.9,zh-CN;q=0.5"
    await user.open("/login")
    assert _h1(user) == "Log in"
    await user.should_see("Mobile number")


async def test_language_choice_on_settings_is_saved_to_the_account(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    section = _section(user, "display-title")
    languages = next(e for e in section.descendants() if isinstance(e, ui.radio) and "en-US" in e.options)
    UserInteraction(user, {languages}, "简体中文").click()
    await wait_for_path(user, "/settings?lang=zh-CN")
    await user.should_see("显示和朗读")
    await user.should_not_see("Display and reading")
    assert account_row(RESIDENT_PHONE).language == "zh-CN"
