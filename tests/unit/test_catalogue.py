"""Translation catalogues, language choice and colour contrast of the design tokens (DESIGN.md section 3)."""

from __future__ import annotations

import ast
import string
from datetime import datetime
from pathlib import Path

import pytest

from app.components import tokens
from app.i18n import DEFAULT_LANGUAGE, EN, LANGUAGES, ZH, parse_language, pick_language, translate
from app.services import ids

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
ERROR_CLASSES = {"DomainError", "ValidationFailed", "RateLimited", "AccountLocked", "NotAuthenticated"}
# Parameters services (and pages) attach to errors, with sample values; pages turn retry_at / until into
# {time} (components/state.error_text).
ERROR_PLACEHOLDERS = {"left": 3, "time": "10:15", "characters": "䶮", "photo": "Birth certificate photo",
                      "max_mb": 10, "min_px": 600}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _strings(node: ast.AST | None) -> set[str]:
    """String constants that are the value itself, or the values of a dict literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Dict):
        return set().union(*(_strings(value) for value in node.values))
    return set()


def _returns(function: ast.FunctionDef) -> set[str]:
    return set().union(*(_strings(n.value) for n in ast.walk(function) if isinstance(n, ast.Return)))


def error_codes_in_services() -> set[str]:
    """Every error code the services can produce, read from their source (sub-packages such as binding/ too)."""
    found: set[str] = {f"id_{reason}" for reason in ids.REASONS}
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ERROR_CLASSES and node.args:
                    found |= _strings(node.args[0])
                found |= set().union(*(_strings(k.value) for k in node.keywords if k.arg == "code"))
            elif isinstance(node, ast.ClassDef) and node.name in ERROR_CLASSES:
                for statement in node.body:
                    if isinstance(statement, ast.Assign) and any(getattr(t, "id", "") == "code"
                                                                  for t in statement.targets):
                        found |= _strings(statement.value)
            elif isinstance(node, ast.Assign):
                # errors["field"] = "some_code"
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == "errors":
                        found |= _strings(node.value)
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_problem"):
                found |= _returns(node)
    return found


ERROR_CODES = sorted(error_codes_in_services())


def test_the_error_code_collector_sees_every_kind_of_raise():
    # Guards against the collector silently finding nothing: one code from each way services produce them.
    expected = {
        "generic", "validation", "rate_limited", "account_locked", "not_authenticated",  # class defaults
        "code_too_many", "already_verified",  # DomainError("...")
        "code_resend_wait",  # RateLimited("...")
        "code_hourly_limit", "lookup_limit", "login_rate_limited",  # ratelimit.check(code=...)
        "login_wrong", "person_not_found", "staff_unknown", "invalid_choice",  # ValidationFailed({...})
        "consent_required", "name_long",  # errors[...] = "..."
        "password_common", "phone_invalid", "phone_empty",  # *_problem() returns
        "id_checksum", "id_future",  # f"id_{reason}"
    }
    assert expected <= set(ERROR_CODES)


def test_both_catalogues_have_the_same_keys():
    assert set(EN) - set(ZH) == set(), "missing in zh.py"
    assert set(ZH) - set(EN) == set(), "missing in en.py"
    assert set(LANGUAGES) == {"zh-CN", "en-US"}


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match(key):
    assert _placeholders(EN[key]) == _placeholders(ZH.get(key, ""))


@pytest.mark.parametrize("key", sorted(EN))
def test_no_empty_texts(key):
    assert EN[key].strip() and ZH[key].strip()



@pytest.mark.parametrize(
    "code",
    ERROR_CODES,
)
def test_every_service_error_code_has_words(code):
    assert f"error.{code}" in EN
    assert f"error.{code}" in ZH


@pytest.mark.parametrize("key", sorted(k for k in EN if k.startswith("error.")))
def test_error_texts_only_use_parameters_services_provide(key):
    assert _placeholders(EN[key]) <= set(ERROR_PLACEHOLDERS)
    for language in LANGUAGES:
        filled = translate(language, key, **ERROR_PLACEHOLDERS)
        assert "{" not in filled


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_translate_fills_placeholders(language):
    text = translate(language, "error.login_wrong", left=3)
    assert "3" in text and "{left}" not in text
    assert "10:15" in translate(language, "error.account_locked", time="10:15")


def test_translate_falls_back_sensibly():
    assert translate("fr-FR", "login.submit") == ZH["login.submit"]  # unknown language: the default one
    assert translate("en-US", "no.such.key") == EN["error.generic"]
    assert DEFAULT_LANGUAGE == "zh-CN"


def test_an_unknown_key_is_never_used_as_a_template():
    """A key that reaches `translate` from the browser once filled a 3-million-character error: an unknown key
    is never formatted, whatever the parameters."""
    for language in LANGUAGES:
        text = translate(language, "{p:>3000000}", p="x")
        assert text == LANGUAGES[language]["error.generic"]
        assert translate(language, "{0.__class__}", p="x") == LANGUAGES[language]["error.generic"]


def test_chinese_catalogue_is_chinese():
    # A copy-paste slip would leave English in zh.py; most texts must contain CJK characters.
    chinese = [key for key, text in ZH.items() if any("\u4e00" <= ch <= "\u9fff" for ch in text)]
    assert len(chinese) >= 0.9 * len(ZH)


# --- language choice ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("zh-Hans-CN", "zh-CN"),
        ("en-US,en;q=0.9", "en-US"),
        ("en-GB", "en-US"),
        ("EN", "en-US"),
        ("en-US,zh-CN;q=0.5", "en-US"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "en-US"),
        ("de-DE,zh;q=0.7,en;q=0.5", "zh-CN"),
        ("fr-FR", "zh-CN"),
        ("*", "zh-CN"),
        (" en ; q=0.9", "en-US"),
    ],
)
def test_pick_language(header, expected):
    assert pick_language(header) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en-US"), ("EN", "en-US"), ("en-US", "en-US"), ("en-us", "en-US"), ("en_US", "en-US"),
        (" en ", "en-US"), ("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("ZH-cn", "zh-CN"), ("zh_CN", "zh-CN"),
        ("zh-Hans", "zh-CN"), (None, None), ("", None), ("fr", None), ("english", None), ("../en", None),
    ],
)
def test_parse_language(value, expected):
    assert parse_language(value) == expected


# --- colour contrast ---------------------------------------------------------------------------------------------


def _relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance, computed here independently of app.components.tokens."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_agrees_with_wcag():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert tokens.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert tokens.contrast("#1746a2", "#ffffff") == pytest.approx(_contrast("#1746a2", "#ffffff"), abs=0.01)


@pytest.mark.parametrize(("foreground", "background"), tokens.TEXT_PAIRS)
def test_normal_mode_text_is_at_least_4_5_to_1(foreground, background):
    ratio = _contrast(tokens.NORMAL[foreground], tokens.NORMAL[background])
    assert ratio >= 4.5, f"{foreground} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize(("foreground", "background"), tokens.TEXT_PAIRS)
def test_high_contrast_mode_text_is_at_least_7_to_1(foreground, background):
    ratio = _contrast(tokens.HIGH_CONTRAST[foreground], tokens.HIGH_CONTRAST[background])
    assert ratio >= 7, f"{foreground} on {background}: {ratio:.2f}:1"


def test_both_modes_define_the_same_tokens():
    assert set(tokens.NORMAL) == set(tokens.HIGH_CONTRAST)
    for foreground, background in tokens.TEXT_PAIRS:
        assert foreground in tokens.NORMAL and background in tokens.NORMAL


def test_css_variables_carry_every_token_and_text_size():
    css = tokens.css_variables()
    for name, value in tokens.NORMAL.items():
        assert f"--c-{name}: {value};" in css
    for name, value in tokens.HIGH_CONTRAST.items():
        assert f"--c-{name}: {value};" in css
    assert "html.fs-standard { --fs: 18px; --target: 44px; --caption: 15px; }" in css
    assert "html.fs-large { --fs: 24px; --target: 60px; --caption: 17px; }" in css
    assert "html.fs-extra_large { --fs: 30px; --target: 60px; --caption: 19px; }" in css


def test_text_sizes_match_the_design():
    assert tokens.TEXT_SIZES == {"standard": 18, "large": 24, "extra_large": 30}
    assert tokens.TARGET_MIN["standard"] >= 44
    assert all(tokens.TARGET_MIN[size] >= 60 for size in ("large", "extra_large"))


def test_error_params_are_displayable():
    # A datetime parameter must not crash the formatting (pages format it as local time first).
    assert "2026" in translate("en-US", "error.rate_limited", time=datetime(2026, 11, 23, 10, 1))
