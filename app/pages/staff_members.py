"""A member without a phone removes a holder at the counter (DESIGN.md §2.7): staff check the ID card, "Find member"
by name and ID number, and remove a holder for the member after a confirmation that says what happens.

The page remembers the name and ID number of its last look-up that found someone, and a removal names them again:
the service matches them again and acts only on a binding that look-up showed (app/services/counter_members.py)."""

from __future__ import annotations

from nicegui import run, ui

from app.components.dialogs import modal
from app.components.forms import Form
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, current_session, t
from app.components.text import heading
from app.pages.common import Busy, primary_button, show_domain_error
from app.pages.counter import staff_links
from app.services import counter_members
from app.services.binding.lifecycle import Holder
from app.services.binding.states import TransitionNotAllowed
from app.services.binding.store import NotFound
from app.services.clock import to_local
from app.services.counter_members import FoundMember
from app.services.env import Env
from app.services.errors import DomainError

PATH = "/staff/members"


class MembersPage:
    """The look-up form, what it found, and the removal of one holder."""

    def __init__(self, env: Env, staff_id: int) -> None:
        self.env, self.staff_id = env, staff_id
        self.looked_up: dict[str, str] = {}  # name and ID number of the look-up whose holders are shown
        self.form = Form(t("form.error_summary"))
        self.name = self.form.field("name", t("members.name"), hint=t("members.name_hint"), kind="name",
                                    max_length=40)
        self.number = self.form.field("id_number", t("members.id_number"), kind="id_number", max_length=24)
        self.find = primary_button(t("members.find")).mark("find-member")
        self.outcome = ui.label("").classes("notice fec-hidden").props('role="status"').mark("members-outcome")
        self.results = ui.element("div").classes("stack").mark("members-results")
        # After "Find member", so the first screen holds it in every text size (DESIGN.md §3); the hint of the
        # first field already says to check the ID card.
        ui.label(t("members.intro")).classes("muted").props("data-read-aloud")
        self.dialogs = ui.element("div")  # apart from the list, so removing an item never removes an open dialog
        self.find.on_click(self.find_member)
        self.number.input.on("keydown.enter", self.find_member)

    def _say(self, text: str, *, success: bool = False) -> None:
        self.outcome.text = text
        self.outcome.classes(remove="fec-hidden")
        self.outcome.classes(**({"add": "success"} if success else {"remove": "success"}))

    async def find_member(self) -> None:
        self.form.clear_errors()
        self.outcome.classes(add="fec-hidden")
        self.looked_up.clear()
        self.results.clear()
        self.dialogs.clear()
        with Busy(self.find):
            try:
                found = await run.io_bound(counter_members.find_member, self.env, self.staff_id, self.name.value,
                                           self.number.value, client=client_address())
            except DomainError as exc:
                show_domain_error(self.form, exc, default_field="id_number")
                return
        self.looked_up.update(name=self.name.value, id_number=self.number.value)
        self._show(found)

    def _show(self, found: FoundMember) -> None:
        with self.results:
            ui.label(t("members.found", name=found.name, id=found.id_masked)).classes("strong").props(
                'role="status"').mark("member-found")
            self.empty = ui.label(t("members.none")).mark("members-none")
            self.empty.set_visibility(not found.holders)
            with ui.element("ul").classes("member-list"):
                for holder in found.holders:
                    self._holder_item(holder)

    def _holder_item(self, holder: Holder) -> None:
        with ui.element("li").classes("card stack").mark(f"holder-{holder.request_id}") as item:
            heading(2, holder.name)
            if holder.relationship:
                ui.label(t("members.relationship", relationship=t(f"relationship.{holder.relationship}")))
            if holder.since:
                ui.label(t("holders.since", date=to_local(holder.since).strftime("%Y-%m-%d"))).classes("muted")
            dialog: list[ui.dialog] = []

            def open_dialog() -> None:
                if not dialog:
                    dialog.append(self._remove_dialog(holder, item))
                dialog[0].open()

            ui.button(t("members.remove", name=holder.name), icon=icon("person_remove"), on_click=open_dialog).props(
                "outline color=negative no-caps").classes("full").mark(f"remove-{holder.request_id}")

    def _remove_dialog(self, holder: Holder, item: ui.element) -> ui.dialog:
        title_id = f"remove-title-{holder.request_id}"
        with self.dialogs, modal(title_id) as dialog, ui.card().classes("stack"):
            heading(2, t("members.remove", name=holder.name), element_id=title_id)
            ui.label(t("members.remove_text", name=holder.name))
            confirm = ui.button(t("members.remove", name=holder.name)).props(
                "unelevated color=negative no-caps").classes("full").mark(f"confirm-remove-{holder.request_id}")
            ui.button(t("confirm.cancel"), on_click=dialog.close).props("outline no-caps").classes("full")

        async def remove() -> None:
            with Busy(confirm):
                try:
                    await run.io_bound(counter_members.remove_holder, self.env, self.staff_id,
                                       self.looked_up.get("name", ""), self.looked_up.get("id_number", ""),
                                       holder.request_id, client=client_address())
                except NotFound:
                    dialog.close()
                    self._say(t("members.find_again"))
                    return
                except TransitionNotAllowed:
                    self._say(t("members.already_removed"))
                else:
                    self._say(t("members.removed", name=holder.name), success=True)
            dialog.close()
            item.delete()  # gone either way: removed now, or no longer a holder
            self.empty.set_visibility(not self._holders_left())

        confirm.on_click(remove)
        return dialog

    def _holders_left(self) -> bool:
        return any(child.tag == "li" for child in self.results.descendants())


def register(env: Env) -> None:
    @ui.page(PATH)
    def members_page() -> None:
        info = current_session()
        assert info is not None  # the guard lets only staff in
        with frame(env, t("staff.members"), active="nav.home"):
            MembersPage(env, info.account_id)
            staff_links(PATH)
