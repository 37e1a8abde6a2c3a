"""Translation catalogues (zh-CN and en-US) and the lookup used by pages.

Services never produce UI text; they raise errors with codes, and pages look the codes up here
under `error.<code>`.
"""

from __future__ import annotations

import logging

from app.i18n import (
    en,
    en_binding,
    en_binding_errors,
    en_counter,
    en_ecard,
    en_exceptions,
    en_fingerprint,
    en_help,
    en_money,
    en_mutual_aid,
    en_premium,
    en_records,
    en_recovery,
    en_staff,
    en_staff_tools,
    zh,
    zh_binding,
    zh_binding_errors,
    zh_counter,
    zh_ecard,
    zh_exceptions,
    zh_fingerprint,
    zh_help,
    zh_money,
    zh_mutual_aid,
    zh_premium,
    zh_records,
    zh_recovery,
    zh_staff,
    zh_staff_tools,
)

EN = {**en.MESSAGES, **en_binding.MESSAGES, **en_binding_errors.MESSAGES, **en_staff.MESSAGES,
      **en_ecard.MESSAGES, **en_records.MESSAGES, **en_counter.MESSAGES, **en_help.MESSAGES,
      **en_recovery.MESSAGES, **en_exceptions.MESSAGES,
      **en_fingerprint.MESSAGES, **en_staff_tools.MESSAGES, **en_mutual_aid.MESSAGES, **en_money.MESSAGES,
      **en_premium.MESSAGES}
ZH = {**zh.MESSAGES, **zh_binding.MESSAGES, **zh_binding_errors.MESSAGES, **zh_staff.MESSAGES,
      **zh_ecard.MESSAGES, **zh_records.MESSAGES, **zh_counter.MESSAGES, **zh_help.MESSAGES,
      **zh_recovery.MESSAGES, **zh_exceptions.MESSAGES,
      **zh_fingerprint.MESSAGES, **zh_staff_tools.MESSAGES, **zh_mutual_aid.MESSAGES, **zh_money.MESSAGES,
      **zh_premium.MESSAGES}

LANGUAGES = {"zh-CN": ZH, "en-US": EN}
DEFAULT_LANGUAGE = "zh-CN"
UNKNOWN = "error.generic"  # said for a key the catalogues do not have

log = logging.getLogger("family_ecard.i18n")


def pick_language(accept_language: str | None) -> str:
    """The catalogue to use for a browser's Accept-Language header (Chinese unless English comes first)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en-US"
    return DEFAULT_LANGUAGE


def parse_language(value: str | None) -> str | None:
    """`?lang=` values: en, en-US, zh, zh-CN (any case); None for anything else."""
    tag = (value or "").strip().lower()
    if tag in {"en", "en-us", "en_us"}:
        return "en-US"
    if tag in {"zh", "zh-cn", "zh_cn", "zh-hans"}:
        return "zh-CN"
    return None


def translate(language: str, key: str, **params: object) -> str:
    """The text for `key` in `language`, with `{name}` placeholders filled in. Only the catalogues' own texts
    are templates: a key they do not have (which may have come from a browser) gives the generic message and
    is never formatted."""
    catalogue = LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE])
    text = catalogue.get(key) or EN.get(key)
    if text is None:
        log.warning("no text for key %r", key[:80])
        return catalogue[UNKNOWN]
    return text.format(**params) if params else text
