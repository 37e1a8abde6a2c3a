"""The e-card in a phone browser (390x844, touch): the own card, switching to the father's card with the
"Acting for" banner, an automatic refresh, the QR decoded from a screenshot (as a scanner would) and
verified through the API once, the full-screen view in portrait and landscape, the offline notice, and
axe on the card and the full-screen view in Standard and Extra large.

The test has its own server whose codes refresh 50 s before they expire (so after 10 s, not 55 s; the
60 s lifetime stays) and whose database is fresh, so the father's binding does not depend on other tests."""

from __future__ import annotations

import io
import re
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
import segno
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from app.models import Account
from app.services import review
from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import PHONE, SHOTS, Server, check_a11y, phone_context
from tests.e2e.test_journeys import log_in
from tests.unit.binding_helpers import ZHANG_JIANGUO, ready_request

LEAD_SECONDS = "50"


@pytest.fixture(scope="module")
def ecard_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARD_REFRESH_LEAD_SECONDS", LEAD_SECONDS)
        running = Server(tmp_path_factory.mktemp("ecard-server"))
    bind_father(running)
    yield running
    running.stop()


@pytest.fixture
def phone(browser: Browser, ecard_server: Server) -> Iterator[Page]:
    context = phone_context(browser, ecard_server.url)
    yield context.new_page()
    context.close()


def bind_father(server: Server) -> None:
    """张伟 submits his father and staff approve it, through the service layer, on the server's database."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    with env.db.transaction() as s:
        holder = s.exec(select(Account.id).where(Account.phone == "13800138000")).one()
        staff = s.exec(select(Account.id).where(Account.phone == "13900139000")).one()
    view = ready_request(env, holder, ZHANG_JIANGUO, "parent")
    lifecycle.submit(env, holder, view.id, view.version, client="e2e")
    review.open_request(env, staff, view.id)
    review.decide(env, staff, view.id, approve=True)
    env.db.dispose()


def choose_text_size(page: Page, size: str) -> None:
    page.get_by_role("button", name="Text size", exact=True).click()
    page.get_by_role("radio", name=size, exact=True).check()
    page.keyboard.press("Escape")


def qr_source(page: Page) -> str:
    return page.get_by_role("img", name="E-card QR code", exact=True).first.get_attribute("src") or ""


def decode_screenshot(page: Page, name: str) -> str:
    """What a scanner reads from a screenshot of the phone's screen."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=str(SHOTS / f"{name}.png"))
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    texts = [barcode.text for barcode in found if barcode.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(texts) == 1, f"expected one QR code in {name}, found {texts}"
    return texts[0]


def drawn_modules(page: Page) -> tuple[str, set[tuple[int, int]]]:
    """The code the page holds, and the dark modules (x, y) of the QR code the browser drew from it."""
    image = page.locator("img.ecard-qr")
    token, source = image.get_attribute("data-card-token") or "", image.get_attribute("src") or ""
    svg = urllib.parse.unquote(source.removeprefix("data:image/svg+xml,"))
    assert 'viewBox="0 0 49 49"' in svg  # version 6 (41 modules) and the 4-module quiet zone
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", svg)
    return token, {(int(x) + dx, int(y)) for x, y, length in runs for dx in range(int(length))}


def segno_modules(token: str) -> set[tuple[int, int]]:
    """The dark modules of the same code as segno encodes it: error correction M, data mask 1."""
    code = segno.make(token, error="m", micro=False, mask=1, boost_error=False)
    return {(x, y) for y, row in enumerate(code.matrix_iter(border=4)) for x, dark in enumerate(row) if dark}


def verify(server: Server, token: str) -> dict[str, object]:
    response = httpx.post(f"{server.url}/api/verify?lang=en", json={"token": token}, timeout=10)
    assert response.status_code == 200
    return response.json()


def test_show_own_card_switch_to_father_refresh_scan_and_verify(phone: Page, ecard_server: Server) -> None:
    page = phone
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    page.get_by_role("button", name="Show e-card", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="E-card")).to_be_visible()
    expect(page.get_by_role("heading", name="E-card of 张伟")).to_be_visible()
    expect(page.get_by_role("img", name="E-card QR code", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Code valid for \d+ more seconds")).first).to_be_visible()
    check_a11y(page, "ecard-own-standard")
    expect(page.get_by_text("The code could not be shown")).to_be_hidden()
    # Each of our scripts is named with its version, so a phone that kept an older one fetches the new one.
    for script in ("app.js", "ecard.js", "ecard-qr.js"):
        expect(page.locator(f'script[src^="/assets/{script}?v="]')).to_have_count(1)
    # The browser draws the code the server signed, module for module as the reference encoder does.
    token, drawn = drawn_modules(page)
    assert drawn == segno_modules(token) and len(drawn) > 800  # about half of 49x49 is dark

    # "Whose card" -> the father; the banner says whose card it is.
    page.get_by_role("combobox", name="Whose card").click()
    page.get_by_role("option", name="张建国 (Father or mother)", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ecard/member/\d+$"))
    expect(page.get_by_role("heading", name="Acting for 张建国")).to_be_visible()
    expect(page.get_by_role("button", name="Switch back to my card", exact=True)).to_be_visible()
    expect(page.get_by_text("110101********0039")).to_be_visible()

    # The code refreshes by itself before it expires.
    first = qr_source(page)
    page.wait_for_function("(before) => document.querySelector('img.ecard-qr').src !== before", arg=first,
                           timeout=25_000)
    page.locator("img.ecard-qr").scroll_into_view_if_needed()
    token = decode_screenshot(page, "ecard-father-standard")
    assert re.fullmatch(r"[A-Z2-7]{144}", token)
    assert verify(ecard_server, token) == {"valid": True, "message": "Valid e-card", "name": "张*国",
                                           "region": "Beijing, Dongcheng District", "region_code": "110101",
                                           "insurance_type": "resident", "insurance_status": "insured"}
    assert verify(ecard_server, token)["reason"] == "already_used"
    check_a11y(page, "ecard-father-standard")

    # Full screen for the cashier: still scannable, in portrait and landscape; Escape closes it.
    page.get_by_role("button", name="Show to the cashier", exact=True).click()
    dialog = page.get_by_role("dialog", name="张建国")
    expect(dialog.get_by_role("img", name="E-card QR code", exact=True)).to_be_visible()
    check_a11y(page, "ecard-cashier-standard")
    assert len(decode_screenshot(page, "ecard-cashier-portrait")) == 144
    page.set_viewport_size({"width": PHONE["height"], "height": PHONE["width"]})
    expect(dialog.get_by_role("button", name="Exit full screen", exact=True)).to_be_in_viewport()
    assert len(decode_screenshot(page, "ecard-cashier-landscape")) == 144
    page.set_viewport_size(PHONE)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Switch back to my card", exact=True).click()
    expect(page.get_by_role("heading", name="E-card of 张伟")).to_be_visible()
    expect(page.get_by_role("heading", name="Acting for 张建国")).to_have_count(0)


def test_extra_large_text_card_and_full_screen(phone: Page, ecard_server: Server) -> None:
    page = phone
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    choose_text_size(page, "Extra large")
    page.goto("/ecard")
    page.get_by_role("combobox", name="Whose card").click()
    page.get_by_role("option", name="张建国 (Father or mother)", exact=True).click()
    expect(page.get_by_role("heading", name="Acting for 张建国")).to_be_visible()
    check_a11y(page, "ecard-father-xl")
    page.set_viewport_size({"width": 320, "height": 700})  # reflows at 320 px: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Show to the cashier", exact=True).click()
    dialog = page.get_by_role("dialog", name="张建国")
    exit_button = dialog.get_by_role("button", name="Exit full screen", exact=True)
    expect(exit_button).to_be_visible()
    check_a11y(page, "ecard-cashier-xl")
    assert len(decode_screenshot(page, "ecard-cashier-xl-portrait")) == 144
    page.set_viewport_size({"width": PHONE["height"], "height": PHONE["width"]})
    exit_button.scroll_into_view_if_needed()
    expect(exit_button).to_be_in_viewport()
    assert len(decode_screenshot(page, "ecard-cashier-xl-landscape")) == 144
    box = exit_button.bounding_box()
    assert box and box["height"] >= 59.5 and box["width"] >= 59.5
    exit_button.click()
    expect(dialog).to_be_hidden()
    page.set_viewport_size(PHONE)

    # The same controls in Chinese.
    page.goto("/ecard?lang=zh-CN")
    expect(page.get_by_role("combobox", name="谁的凭证")).to_be_visible()
    expect(page.get_by_role("img", name="电子凭证二维码", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="刷新二维码", exact=True)).to_be_visible()
    page.get_by_role("button", name="出示给收费员", exact=True).click()
    expect(page.get_by_role("button", name="退出全屏", exact=True)).to_be_visible()
    check_a11y(page, "ecard-cashier-zh-xl")
    page.get_by_role("button", name="退出全屏", exact=True).click()
    page.goto("/ecard?lang=en")
    choose_text_size(page, "Standard")


def test_offline_keeps_the_code_and_refreshes_when_back(phone: Page, ecard_server: Server) -> None:
    page = phone
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    page.goto("/ecard")
    page.wait_for_function("window.socket && window.socket.connected && window.FEC && FEC._watchingCard")
    shown = qr_source(page)
    page.evaluate("window.socket.disconnect()")
    notice = page.get_by_role("status").filter(has_text="Offline")
    expect(notice).to_be_visible()
    check_a11y(page, "ecard-offline")
    assert qr_source(page) == shown  # the current code stays
    # A tap while offline waits in the browser and counts once the server has the page again (assets/app.js).
    page.get_by_role("button", name="Refresh code", exact=True).click()
    assert page.evaluate("FEC.waitingEvents()") == 1
    page.evaluate("window.socket.connect()")
    expect(notice).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="A new code is shown.")).to_have_count(1)
    page.wait_for_function("(before) => document.querySelector('img.ecard-qr').src !== before", arg=shown)


def test_a_code_the_phone_cannot_draw_is_said_in_words(phone: Page, ecard_server: Server) -> None:
    page = phone
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    page.route("**/assets/vendor/qr.js", lambda route: route.abort())  # the drawing script does not load
    page.goto("/ecard")
    expect(page.get_by_role("alert").filter(has_text="The code could not be shown. Reload the page to try again.")
           ).to_be_visible()
    check_a11y(page, "ecard-not-drawn")


def test_staff_never_see_a_card(phone: Page, ecard_server: Server) -> None:
    log_in(phone, "13900139000", "Counter-2026")
    expect(phone.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    phone.goto("/ecard")
    expect(phone).to_have_url(ecard_server.url + "/staff")
    expect(phone.get_by_role("img", name="E-card QR code")).to_have_count(0)
