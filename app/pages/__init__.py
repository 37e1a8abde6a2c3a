"""Screens. Each module registers its pages with `register(env)`."""

from __future__ import annotations

from app.services.env import Env


def register_all(env: Env) -> None:
    from app.pages import (
        account_settings,
        api,
        binding_check,
        binding_documents,
        binding_letter,
        binding_start,
        card_api,
        cashier,
        counter,
        documents_api,
        ecard,
        family,
        forgot,
        help,
        holders,
        home,
        login,
        my,
        personal_account,
        realname,
        records,
        register,
        relationship_proof,
        settings,
        settle_api,
        staff,
        staff_audit,
        staff_members,
        staff_proofs,
        what_you_need,
    )

    for module in (api, login, forgot, register, realname, home, my, settings, account_settings, family, what_you_need,
                   binding_start, binding_documents, binding_letter, binding_check, documents_api, staff,
                   counter, staff_members, staff_audit, holders, ecard, card_api, records, help, relationship_proof,
                   staff_proofs, settle_api, personal_account, cashier):
        module.register(env)
