"""Settings, account activity and notifications: the account's own pages off "My"."""

from __future__ import annotations

from nicegui import ui

from app.components.display_controls import contrast_toggle, language_choice, read_aloud_toggle, text_size_choice
from app.components.frame import frame, preference_saver
from app.components.help_links import bring_link
from app.components.state import current_session, t
from app.components.text import heading, text
from app.services import audit, notifications
from app.services.clock import to_local
from app.services.env import Env

# Notifications that send the person to a service counter → the case whose "What to bring" fits ("You were added
# as a family member. If this is wrong, ... visit a service counter": to remove that holder there).
COUNTER_NOTIFICATIONS = {"member_bound": "remove_holder"}


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


def register(env: Env) -> None:
    @ui.page("/settings")
    def settings_page() -> None:
        info = current_session()
        with frame(env, t("settings.title"), active="nav.my"):
            save = preference_saver(env, info)
            with ui.element("section").classes("card stack").props('aria-labelledby="display-title"'):
                heading(2, t("settings.display"), element_id="display-title")
                heading(3, t("a11y.text_size"))
                text_size_choice(save)
                contrast_toggle(save)
                read_aloud_toggle(save)
                language_choice(save, collapsed=False)
            with ui.element("section").classes("card stack").props('aria-labelledby="account-title"'):
                heading(2, t("settings.account"), element_id="account-title")
                with ui.element("ul").classes("link-list"):
                    with ui.element("li"):
                        ui.link(t("settings.change_password"), "/settings/password")
                    if info is None or info.role == "resident":  # staff numbers are the operator's (app/cli.py)
                        with ui.element("li"):
                            ui.link(t("settings.change_phone"), "/settings/mobile")
            ui.link(t("nav.back"), "/my")

    @ui.page("/activity")
    def activity_page() -> None:
        info = current_session()
        assert info is not None
        with frame(env, t("activity.title"), active="nav.my"):
            ui.label(t("activity.intro")).props("data-read-aloud")
            items = audit.account_activity(env, info.account_id)
            if not items:
                ui.label(t("activity.empty"))
            with ui.element("ol").classes("link-list"):
                for item in items:
                    with ui.element("li").classes("card"):
                        text("strong", t(f"action.{item.action}"))
                        ui.label(f"{_when(item.at)} · {t(_who(item))}").classes("muted")
            ui.link(t("nav.back"), "/my")

    @ui.page("/notifications")
    def notifications_page() -> None:
        info = current_session()
        assert info is not None
        items = notifications.list_and_mark_read(env, info.account_id)
        with frame(env, t("notifications.title")):
            if not items:
                ui.label(t("notifications.empty")).props("data-read-aloud")
            with ui.element("ol").classes("link-list"):
                for item in items:
                    with ui.element("li").classes("card"):
                        text("strong", t(f"notification.{item.kind}", **item.params))
                        ui.label(_when(item.created_at)).classes("muted")
                        if item.kind in COUNTER_NOTIFICATIONS:
                            bring_link(COUNTER_NOTIFICATIONS[item.kind])


def _who(item) -> str:  # type: ignore[no-untyped-def]
    if item.by_self:
        return "activity.by_you"
    return {"staff": "activity.by_staff", "system": "activity.by_system", "admin": "activity.by_staff",
            "member": "activity.by_member"}.get(
        item.actor_role, "activity.by_unknown")
