"""Screens. Each module registers its pages with `register(env)`."""

from __future__ import annotations

from app.services.env import Env


def register_all(env: Env) -> None:
    from app.pages import api, home, login, my, placeholders, realname, register, settings

    for module in (api, login, register, realname, home, my, settings, placeholders):
        module.register(env)
