"""Family E-Card: `python main.py` serves the app (settings from the environment, see app/config.py)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from nicegui import app, run, ui

from app import web
from app.components import assets, tokens
from app.config import ROOT, InsecureSettings, Settings, get_settings
from app.pages import register_all
from app.pages.errors import server_error_page
from app.pages.guard import AuthGuard
from app.scheduled import schedule_purge
from app.services.demo import demo_logins
from app.services.env import Env, build_env
from app.web.speedups import event_loop

log = logging.getLogger("family_ecard")


def build(settings: Settings) -> Env:
    """Wire settings, services and pages into the NiceGUI app."""
    settings.check_secure()
    env = build_env(settings)
    app.add_static_files("/assets", assets.ASSETS)  # pages name each file with its version (assets.url)
    # Quasar's Ajax loading bar is an unnamed progressbar outside any landmark; buttons show progress instead.
    # (Our Quasar build has no loading bar; this is for NiceGUI's full build, which pages load if ours is not used.)
    app.config.quasar_config["loadingBar"] = {"skipHijack": True}
    app.colors(primary=tokens.NORMAL["primary"], negative=tokens.NORMAL["error"], positive=tokens.NORMAL["success"])
    ui.add_head_html(
        f"<style>{tokens.css_variables()}</style>\n"
        f'<link rel="stylesheet" href="{assets.url("app.css")}">\n'
        f'<script src="{assets.url("app.js")}"></script>',
        shared=True,
    )
    register_all(env)
    app.on_page_exception(server_error_page)
    # What the app changes in NiceGUI (app/web): the fixes, and the speed-ups unless STOCK_NICEGUI (the Brotli files
    # not when nginx sends them, STATIC_FROM_NGINX); before AuthGuard, so that the Brotli files' middleware sits inside.
    web.install(stock=settings.stock_nicegui, static_from_nginx=settings.static_from_nginx,
                left_out=settings.speedups_off).log()
    app.add_middleware(AuthGuard, env=env)
    app.on_shutdown(env.db.dispose)
    schedule_purge(env)  # the retention rule, daily (DESIGN.md §5)
    return env


def banner(settings: Settings) -> str:
    lines = [f"Family E-Card is serving on http://{settings.host}:{settings.port}"]
    if settings.demo_mode:
        lines.append("Demo mode is on (dev SMS inbox at /api/dev/sms?phone=...). Demo logins:")
        lines += [f"  {role:<9} {phone}  /  {password}" for role, phone, password in demo_logins()]
    return "\n".join(lines)


def run_options(settings: Settings) -> dict[str, Any]:
    """What `ui.run` gets: our own CSS instead of Tailwind, the session secret, and the event loop that
    takes new connections at once under load (app/web/speedups/event_loop.py)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "title": "Family E-Card",
        "storage_secret": settings.storage_secret,
        "language": "zh-CN",
        "tailwind": False,
        "show": False,
        "reload": False,
        "favicon": ROOT / "assets" / "favicon.svg",
        "reconnect_timeout": 30,
        **event_loop.run_options(),
        # The browser id cookie: sent only over HTTPS outside demo mode (a demo runs on plain http://127.0.0.1).
        "session_middleware_kwargs": {"https_only": not settings.demo_mode, "same_site": "lax"},
        # FastAPI's own documentation of the API (/docs, /openapi.json): served in demo mode; otherwise the schema
        # is `app.openapi()` (README "Paying with the e-card").
        "fastapi_docs": {"title": "Family E-Card API", "version": "1"} if settings.demo_mode else False,
    }


def main() -> int:
    """Serve until stopped; 2 when the settings are refused (said in plain words)."""
    # Workers for CPU-bound work (photos, letters) start fresh rather than forking a threaded server.
    run.process_pool_start_method = "spawn"
    settings = get_settings()
    try:
        build(settings)
    except InsecureSettings as refused:
        print(refused, file=sys.stderr)  # the operator needs what to set, not where in the code it was found
        return 2
    print(banner(settings), flush=True)
    ui.run(**run_options(settings))
    return 0


# Exit only on a refusal: the UI tests' simulated user runs this file as __main__ and goes on after ui.run.
if __name__ == "__main__" and (status := main()):
    raise SystemExit(status)
