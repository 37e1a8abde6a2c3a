"""Screens. Each module registers its pages with `register(env)`."""

from __future__ import annotations

from app.services.env import Env


def register_all(env: Env) -> None:
    from app.pages import (
        api,
        binding_check,
        binding_documents,
        binding_letter,
        binding_start,
        documents_api,
        family,
        home,
        login,
        my,
        placeholders,
        realname,
        register,
        settings,
        staff,
    )

    for module in (api, login, register, realname, home, my, settings, placeholders, family, binding_start,
                   binding_documents, binding_letter, binding_check, documents_api, staff):
        module.register(env)
