"""A new person registers and activates their e-voucher; the demo resident logs in and uses the
elder-mode controls. axe runs on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, check_a11y


def log_in(page: Page, phone: str, password: str) -> None:
    page.goto("/login?lang=en")  # typing may start before the page is connected (tests/e2e/test_early_taps.py)
    page.get_by_role("textbox", name="Mobile number", exact=True).fill(phone)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()


def assert_targets_at_least(page: Page, pixels: int) -> None:
    """Every button, link and text box on the page is at least `pixels` tall and wide."""
    controls = page.locator("header .q-btn, main .q-btn, main a, header a:not(.skip-link), main input")
    assert controls.count() > 5
    for control in controls.all():
        if not control.is_visible():
            continue
        box = control.bounding_box()
        assert box and box["height"] >= pixels - 0.5 and box["width"] >= pixels - 0.5, (control.inner_text(), box)


def read_aloud_off(page: Page) -> None:
    page.get_by_role("button", name="Accessibility", exact=True).click()
    page.get_by_role("button", name="Read aloud", exact=True).click()
    expect(page.get_by_role("button", name="Read aloud", exact=True)).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Escape")


def test_new_person_registers_and_activates_e_voucher(page: Page, server: Server) -> None:
    page.goto("/register?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en-US")
    check_a11y(page, "register")

    # Sending a code before agreeing is refused next to the checkbox.
    page.get_by_role("textbox", name="Mobile number", exact=True).fill("136 1234 0001")
    page.get_by_role("button", name="Send code", exact=True).click()
    expect(page.get_by_text("Tick the box to agree to the privacy notice").first).to_be_visible()
    check_a11y(page, "register-error")

    page.get_by_role("checkbox", name="I agree to the privacy notice", exact=True).check()
    page.get_by_role("button", name="Send code", exact=True).click()
    expect(page.get_by_text(re.compile(r"We sent a 6-digit code to 136\*\*\*\*0001"))).to_be_visible()
    expect(page.get_by_role("button", name="Send code", exact=True)).to_be_disabled()
    page.get_by_role("textbox", name="Verification code", exact=True).fill(server.sms_code("13612340001"))
    page.get_by_role("textbox", name="Password", exact=True).fill("Garden-Path-2026")
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Verify your real name")).to_be_visible()
    check_a11y(page, "verify")
    page.get_by_role("textbox", name="Real name", exact=True).fill("陈喆")
    page.get_by_role("textbox", name="ID number", exact=True).fill("310104198808080033")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_text("a character may be mistyped").first).to_be_visible()
    page.get_by_role("textbox", name="ID number", exact=True).fill("310104198808080032")
    page.get_by_role("button", name="Verify", exact=True).click()

    # 136 1234 0001 is not the number the insurance agency holds for 陈喆 (136 0013 6000): knowing his name and ID
    # number is not enough. Until the code sent to that number is given, no card and no records.
    code = page.get_by_role("textbox", name="Code sent to the number the insurance agency holds", exact=True)
    expect(code).to_be_visible()
    expect(page.get_by_text("We sent a code to 136****6000")).to_be_visible()
    expect(page.get_by_role("link", name="I no longer have this number", exact=True)).to_be_visible()
    check_a11y(page, "verify-code")
    for path in ("/ecard", "/records/expenses", "/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1, name="Verify your real name")).to_be_visible()
        expect(page.get_by_role("img", name="E-card QR code")).to_have_count(0)
    code.fill(server.sms_code("13600136000"))
    page.get_by_role("button", name="Verify code", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Hello, 陈喆")).to_be_visible()
    card = page.get_by_role("region", name="My medical insurance e-voucher")
    expect(card).to_contain_text("Active")
    expect(card).to_contain_text("310104********0032")
    expect(card).to_contain_text("Shanghai, Xuhui District")
    check_a11y(page, "home-new-person")


def _home_has_the_controls_of_the_spec(page: Page) -> None:
    for name in ("Home", "My"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in ("Notifications", "Log out", "Show e-card"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    for name in ("My family members", "Contribution records", "Medical expense records"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    check_a11y(page, "home")


def _extra_large_text(page: Page) -> None:
    """30 px body text, targets of at least 60 px, no sideways scrolling at 320 px."""
    page.get_by_role("button", name="Text size", exact=True).click()
    expect(page.get_by_role("dialog", name="Text size")).to_be_visible()
    check_a11y(page, "text-size-panel")
    page.get_by_role("radio", name="Extra large", exact=True).check()
    expect(page.locator("body")).to_have_css("font-size", "30px")
    page.keyboard.press("Escape")
    assert_targets_at_least(page, 60)
    check_a11y(page, "home-xl")
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 390, "height": 844})


def _my_page_remembers_text_size(page: Page) -> None:
    page.get_by_role("link", name="My", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="My")).to_be_visible()
    expect(page.locator("body")).to_have_css("font-size", "30px")
    for name in ("My family members", "Account activity", "Settings"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log out on all devices", exact=True)).to_be_visible()
    check_a11y(page, "my-xl")

    # Deleting the account asks first, in a named dialog; "Cancel" closes it.
    page.get_by_role("button", name="Delete my account", exact=True).click()
    dialog = page.get_by_role("dialog", name="Delete my account")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("textbox", name="Enter your password to confirm", exact=True)).to_be_visible()
    page.wait_for_timeout(500)  # let the dialog finish fading in before measuring contrast
    check_a11y(page, "my-delete-dialog")
    dialog.get_by_role("button", name="Cancel", exact=True).click()
    expect(dialog).to_be_hidden()


def _accessibility_panel(page: Page) -> None:
    """High contrast and read aloud are toggle buttons with aria-pressed."""
    page.get_by_role("button", name="Accessibility", exact=True).click()
    expect(page.get_by_role("dialog", name="Accessibility")).to_be_visible()
    check_a11y(page, "accessibility-panel")
    contrast = page.get_by_role("button", name="High contrast", exact=True)
    expect(contrast).to_have_attribute("aria-pressed", "false")
    contrast.click()
    expect(contrast).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"\bhc\b"))
    # This headless browser has no voice, and the page says so instead of staying silent.
    read_aloud = page.get_by_role("button", name="Read aloud", exact=True)
    expect(read_aloud).to_have_attribute("aria-pressed", "false")
    read_aloud.click()
    expect(read_aloud).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    expect(page.get_by_role("status").filter(has_text="no voice for reading aloud")).to_be_visible()
    read_aloud_off(page)
    check_a11y(page, "my-xl-high-contrast")


def test_demo_resident_uses_elder_mode(page: Page, server: Server) -> None:
    page.goto("/login?lang=en")
    check_a11y(page, "login")
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    _home_has_the_controls_of_the_spec(page)
    _extra_large_text(page)
    _my_page_remembers_text_size(page)
    _accessibility_panel(page)

    for path, heading in (("/activity", "Account activity"), ("/settings", "Settings"),
                          ("/notifications", "Notifications"), ("/family", "My family members"),
                          ("/ecard", "E-card"), ("/records/contributions", "Contribution records"),
                          ("/records/expenses", "Medical expense records")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        check_a11y(page, "page" + path.replace("/", "-"))

    # Switch the language to Chinese through the Accessibility panel.
    page.get_by_role("button", name="Accessibility", exact=True).click()
    page.get_by_role("button", name="Language", exact=True).click()
    # A click, not check(): choosing the language reloads the page, and check() then looks in vain for the radio
    # it clicked to be ticked (the new page's panel is closed); the page's language below is what it changed.
    page.get_by_role("radio", name="简体中文", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("button", name="退出登录", exact=True)).to_be_visible()
    check_a11y(page, "zh-xl-high-contrast")

    page.goto("/?lang=en")
    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()


def test_session_warning_offers_stay_logged_in(page: Page, server: Server) -> None:
    page.clock.install()
    log_in(page, "13700137000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    page.wait_for_function("window.FEC && FEC._idleInterval !== undefined")  # started once connected
    page.clock.fast_forward("28:05")
    stay = page.get_by_role("button", name="Stay logged in", exact=True)
    expect(stay).to_be_visible()
    expect(page.get_by_text(re.compile(r"you will be logged out at \d\d:\d\d"))).to_be_visible()
    page.wait_for_timeout(500)  # let the dialog finish fading in before measuring contrast
    check_a11y(page, "session-warning")
    stay.click()
    expect(stay).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
