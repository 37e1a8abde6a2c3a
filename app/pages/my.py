"""My (personal centre): profile, entries, data download, log out on all devices, delete account."""

from __future__ import annotations

from nicegui import run, ui

from app.components.dialogs import modal, on_demand
from app.components.forms import Form
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, current_session, set_token, t
from app.components.text import facts, heading, id_number
from app.pages.common import Busy, live_session, show_domain_error
from app.services import auth, ids, privacy
from app.services.env import Env
from app.services.errors import DomainError

RESIDENT_ENTRIES = [("my.family", "/family"), ("home.show_card", "/ecard"),
                    ("home.contributions", "/records/contributions"), ("home.expenses", "/records/expenses"),
                    ("my.holders", "/my/holders"), ("my.activity", "/activity"), ("my.settings", "/settings"),
                    ("my.privacy", "/privacy")]
STAFF_ENTRIES = [("my.activity", "/activity"), ("my.settings", "/settings")]


def _logout_everywhere_dialog(env: Env) -> ui.dialog:
    with modal("logout-all-title") as confirm, ui.card().classes("stack"):
        heading(2, t("my.logout_all"), element_id="logout-all-title")
        ui.label(t("my.logout_all_text"))

        def logout_all() -> None:
            current = live_session(env)
            if current is None:
                return
            auth.logout_everywhere(env, current.account_id, client=client_address())
            set_token(None)
            ui.navigate.to("/login?all_devices=1")

        ui.button(t("my.logout_all"), on_click=logout_all).props(
            "unelevated color=primary no-caps").classes("full").mark("confirm-logout-all")
        ui.button(t("confirm.cancel"), on_click=confirm.close).props("outline no-caps").classes("full")
    return confirm


def _logout_everywhere(env: Env) -> None:
    ui.button(t("my.logout_all"), icon=icon("devices"), on_click=on_demand(lambda: _logout_everywhere_dialog(env))
              ).props("outline no-caps").classes("full").mark("logout-all")


def _delete_account_dialog(env: Env) -> ui.dialog:
    with modal("delete-title") as confirm, ui.card().classes("stack"):
        heading(2, t("my.delete"), element_id="delete-title")
        ui.label(t("my.delete_text"))
        form = Form(t("form.error_summary"))
        password = form.field("password", t("my.delete_password"), kind="password", max_length=128)
        delete = ui.button(t("my.delete")).props("unelevated color=negative no-caps").classes("full").mark(
            "confirm-delete")

        async def delete_now() -> None:
            current = live_session(env)
            if current is None:
                return
            form.clear_errors()
            with Busy(delete):
                try:
                    await run.io_bound(privacy.delete_account, env, current.account_id, password.value,
                                       client=client_address())
                except DomainError as exc:
                    show_domain_error(form, exc, default_field="password")
                    return
            set_token(None)
            ui.navigate.to("/login?deleted=1")

        delete.on_click(delete_now)
        ui.button(t("confirm.cancel"), on_click=confirm.close).props("outline no-caps").classes("full")
    return confirm


def _delete_account(env: Env) -> None:
    ui.button(t("my.delete"), icon=icon("person_remove"), on_click=on_demand(lambda: _delete_account_dialog(env))
              ).props("outline color=negative no-caps").classes("full").mark("delete-account")


def register(env: Env) -> None:
    @ui.page("/my")
    def my_page() -> None:
        info = current_session()
        assert info is not None
        person = info.person
        with frame(env, t("my.title"), active="nav.my"):
            with ui.element("section").classes("card"):
                rows = [(t("login.mobile"), info.phone)]
                if person:
                    rows = [(t("card.name"), person.name),
                            (t("card.id_number"), id_number(ids.mask_id_number(person.id_number))), *rows]
                facts(rows)
            with ui.element("ul").classes("link-list"):
                entries = STAFF_ENTRIES if info.role == "staff" else RESIDENT_ENTRIES
                if info.role != "staff" and person is not None and person.insurance_type == "employee":
                    entries = [*entries[:4], ("my.personal_account", "/account"), *entries[4:]]  # after the records
                for key, target in entries:
                    with ui.element("li"):
                        ui.link(t(key), target)

            async def download() -> None:
                current = live_session(env)
                if current is None:
                    return
                data = privacy.export_account_data(env, current.account_id, client=client_address())
                ui.download.content(data, "family-ecard-my-data.json", "application/json")

            ui.button(t("my.download"), icon=icon("download"), on_click=download).props(
                "outline no-caps").classes("full").mark("download-data")
            _logout_everywhere(env)
            _delete_account(env)  # every account, staff too (DESIGN.md §2.1.6)
