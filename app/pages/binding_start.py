"""The "+" flow, first steps: the notice, the method, and who the family member is."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import context, run, ui

from app.components.acting import acting
from app.components.forms import Form
from app.components.help_links import BringLinks
from app.components.icons import icon
from app.components.navigation import action_bar
from app.components.state import client_address, t
from app.components.wizard import open_step, step_url, wizard
from app.pages.common import Busy, primary_button, show_domain_error
from app.pages.realname import id_number_field
from app.services.binding import drafts, rules
from app.services.binding.store import RequestView
from app.services.env import Env
from app.services.errors import DomainError
from app.services.help import binding_case, counter_case


def _reload_after(exc: DomainError, form: Form) -> None:
    show_domain_error(form, exc)
    if exc.code == "draft_changed":
        ui.timer(2.5, ui.navigate.reload, once=True)


def _bring_links(env: Env, request: RequestView, form: Form) -> BringLinks:
    """Under the form's summary, "What to bring" for a refusal that sends the holder to a service counter; what to
    bring depends on whom they are adding (a newborn, a child under 16 or someone older)."""
    def case_for(code: str) -> str | None:
        typed = form.fields.get("id_number")
        binding = binding_case(request.method, typed.value if typed else "", env.clock.today())
        return counter_case(code, lookups=binding)
    return BringLinks(case_for)


class _DetailsDraft:
    """What the holder types is kept on the server as they type (at most 1.5 s behind), and once more when
    the page is let go (they went elsewhere, app/web/speedups/leaving.py)."""

    def __init__(self, env: Env, request: RequestView, form: Form, values: Callable[[], dict[str, str]]) -> None:
        self.env, self.request, self.form, self.values = env, request, form, values
        self.saved, self.version, self.stale = values(), request.version, False
        ui.timer(1.5, self.save)
        context.client.on_delete(lambda: self.save(shown=False))

    def save(self, *, shown: bool = True) -> None:
        now = self.values()
        if now == self.saved or self.stale:
            return
        try:
            self.version = drafts.save_details(self.env, self.request.holder, self.request.id, now,
                                               version=self.version)
        except DomainError as exc:  # changed in another window: say so and show the latest
            self.stale = True
            if shown:
                _reload_after(exc, self.form)
            return
        self.saved = now


def register(env: Env) -> None:  # noqa: PLR0915 - one closure per step keeps each step's page in one place
    @ui.page("/family/add")
    def add_member() -> None:
        holder = acting()
        assert holder is not None  # the guard lets only residents and assisting staff in
        request = drafts.open_draft(env, holder.holder_id, client=client_address(), actor=holder.actor)
        ui.navigate.to(step_url(request.id, request.step))

    @ui.page("/family/request/{request_id}/notice")
    def notice_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "notice")
        if not isinstance(request, RequestView):
            return request
        with wizard(env, t("notice.title"), "notice", "/family", action_bar=True):
            with ui.element("section").classes("card stack"):
                for key in ("notice.who", "notice.promise", "notice.data", "notice.told"):
                    ui.label(t(key)).props("data-read-aloud")
            form = Form(t("form.error_summary"))
            agree = form.check("agree", t("notice.agree_box"), value=request.notice_accepted)
            with action_bar():
                button = primary_button(t("notice.agree")).mark("submit")

            async def accept() -> None:
                with Busy(button):
                    try:
                        drafts.accept_notice(env, request.holder, request_id, request.version, agreed=agree.value)
                    except DomainError as exc:
                        _reload_after(exc, form)
                        return
                ui.navigate.to(step_url(request_id, "method"))

            button.on_click(accept)

    @ui.page("/family/request/{request_id}/method")
    def method_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "method")
        if not isinstance(request, RequestView):
            return request
        with wizard(env, t("method.title"), "method", step_url(request_id, "notice")):
            form = Form(t("form.error_summary"))

            def choose(method: str) -> None:
                try:
                    drafts.choose_method(env, request.holder, request_id, request.version, method)
                except DomainError as exc:
                    _reload_after(exc, form)
                    return
                ui.navigate.to(step_url(request_id, "who"))

            # One tile per method, its explanation inside it: both on the first screen in every text size.
            for method, icon_name in (("id_number", "badge"), ("newborn", "child_friendly")):
                tile = ui.button(icon=icon(icon_name), on_click=lambda m=method: choose(m)).props(
                    f'unelevated color=primary no-caps align=left aria-label="{t(f"method.{method}")}" '
                    f'aria-describedby="method-{method}-hint"').classes("full tile method-tile")
                with tile.mark(f"method-{method}"), ui.element("span").classes("tile-text"):
                    ui.label(t(f"method.{method}")).classes("tile-title").props('aria-hidden="true"')
                    ui.label(t(f"method.{method}_hint")).classes("tile-hint").props(f'id="method-{method}-hint"')

    @ui.page("/family/request/{request_id}/who")
    def who_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "who")
        if not isinstance(request, RequestView):
            return request
        newborn = request.method == "newborn"
        holder = acting()
        actor = holder.actor if holder else None
        with wizard(env, t("who.title_newborn" if newborn else "who.title"), "who", step_url(request_id, "method")):
            form = Form(t("form.error_summary"))
            bring = _bring_links(env, request, form)
            typed = request.details
            if newborn:
                form.field("mother_name", t("who.mother_name"), kind="name", max_length=40,
                           value=typed.get("mother_name", ""))
                id_number_field(form, "mother_id_number", t("who.mother_id_number"), env)
                form.fields["mother_id_number"].value = typed.get("mother_id_number", "")
                form.field("birth_certificate", t("who.birth_certificate"), hint=t("who.birth_certificate_hint"),
                           max_length=20, value=typed.get("birth_certificate", ""))
                father = form.check("declared_father", t("who.father"), value=typed.get("declared_father") == "yes")
            else:
                form.field("name", t("who.name"), kind="name", max_length=40, value=typed.get("name", ""))
                id_number_field(form, "id_number", t("who.id_number"), env)
                form.fields["id_number"].value = typed.get("id_number", "")
                options = {key: t(f"relationship.{key}") for key in rules.RELATIONSHIPS}
                form.radio("relationship", t("who.relationship"), options, hint=t("who.relationship_hint"),
                           value=request.relationship or typed.get("relationship") or None)
            if request.signed:  # said before "Continue", where a change would take effect (the fields come first)
                ui.label(t("who.voids")).classes("notice").props('role="note"')
            button = primary_button(t("nav.continue")).mark("submit")

            def values() -> dict[str, str]:
                found = {name: field.value for name, field in form.fields.items() if name != "declared_father"}
                if newborn:
                    found["declared_father"] = "yes" if father.value else "no"
                return {k: v if isinstance(v, str) else str(v) for k, v in found.items()}

            draft = _DetailsDraft(env, request, form, values)

            async def go_on() -> None:
                form.clear_errors()
                bring.show(None)
                with Busy(button):
                    setter = drafts.set_newborn if newborn else drafts.set_member
                    try:
                        draft.save()
                        if draft.stale:
                            return
                        await run.io_bound(setter, env, request.holder, request_id, draft.version, values(),
                                           client=client_address(), actor=actor)
                    except DomainError as exc:
                        _reload_after(exc, form)
                        bring.show(exc)
                        return
                ui.navigate.to(step_url(request_id, "documents"))

            button.on_click(go_on)
