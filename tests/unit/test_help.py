"""Help's service (DESIGN.md §2.8 and §6): the demo service halls from their seed file, the resident's own first,
in both languages; which counter case a binding is; which "What to bring" a message sending someone to a counter
needs; and the catalogue words of every case."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.i18n import EN, ZH
from app.services.help import CASES, COUNTER_CASES, SEED_FILE, binding_case, counter_case, service_halls
from tests.unit.binding_helpers import with_check

TODAY = date(2026, 11, 23)
REGISTRY = json.loads((SEED_FILE.parent / "registry.json").read_text(encoding="utf-8"))


def test_every_insured_region_of_the_registry_has_its_hall_with_everything_filled_in() -> None:
    regions = {person["region_code"] for person in REGISTRY["persons"]}
    for language in ("en-US", "zh-CN"):
        halls = service_halls(language)
        assert [hall.region_code for hall in halls] == ["110101", "310104"]
        assert regions <= {hall.region_code for hall in halls}
        for hall in halls:
            assert hall.name and hall.address and hall.hours and hall.phone
            assert f"region.{hall.region_code}" in EN and f"region.{hall.region_code}" in ZH
            assert hall.dial.isdigit() and hall.phone.replace("-", "") == hall.dial


def test_halls_are_clearly_demo_data_in_both_languages() -> None:
    for hall in service_halls("en-US"):
        assert "(demo)" in hall.name and "demo address" in hall.address
    for hall in service_halls("zh-CN"):
        assert "演示" in hall.name and "演示地址" in hall.address
    english, chinese = service_halls("en-US")[0], service_halls("zh-CN")[0]
    assert english.name == "Dongcheng District Medical Insurance Service Hall (demo)"
    assert chinese.name == "东城区医疗保障服务大厅（演示）"
    assert english.phone == chinese.phone == "010-12393"


def test_the_residents_region_comes_first_and_the_rest_keep_their_order() -> None:
    assert [h.region_code for h in service_halls("en-US", "310104")] == ["310104", "110101"]
    assert [h.region_code for h in service_halls("en-US", "110101")] == ["110101", "310104"]
    assert [h.region_code for h in service_halls("en-US", "440305")] == ["110101", "310104"]  # no hall: all
    assert [h.region_code for h in service_halls("en-US", None)] == ["110101", "310104"]


def test_an_unknown_language_reads_english() -> None:
    assert service_halls("fr-FR") == service_halls("en-US")


@pytest.mark.parametrize(("method", "number", "case"), [
    ("newborn", "", "newborn"),
    ("id_number", "110101201604080012", "child"),  # 10 years old: household register
    ("id_number", with_check("11010120101123001"), "elder"),  # 16 today: in person
    ("id_number", "110101195207010039", "elder"),
    ("id_number", "11010119520701003", "elder"),  # unreadable: the case needing the most
    (None, "", "elder"),
])
def test_binding_case(method: str | None, number: str, case: str) -> None:
    assert binding_case(method, number, TODAY) == case


def test_counter_cases_name_error_codes_with_words_and_real_cases() -> None:
    assert all(f"error.{code}" in EN and f"error.{code}" in ZH for code in COUNTER_CASES)
    assert set(COUNTER_CASES.values()) <= set(CASES)
    assert counter_case("person_holder_limit") == "exception"
    assert counter_case("relationship_counter_only") == "exception"
    assert counter_case("letter_unprintable") == "exception"
    assert counter_case("minor_guardian_only") == "child"
    assert counter_case("claim_cancelled") == "identity"
    assert counter_case("lookup_limit", lookups="identity") == "identity"
    assert counter_case("lookup_limit") is None
    assert counter_case("person_not_found") is None


def test_every_counter_message_has_a_case() -> None:
    """A message that sends someone to a service counter has a "What to bring"; a new one must get its case."""
    for catalogue, words in ((EN, "service counter"), (ZH, "服务窗口")):
        sending = {key.removeprefix("error.") for key, text in catalogue.items()
                   if key.startswith("error.") and words in text}
        assert sending <= set(COUNTER_CASES) | {"lookup_limit"}, sending - set(COUNTER_CASES)


def test_every_case_has_its_words_in_both_languages() -> None:
    for case in CASES:
        for catalogue in (EN, ZH):
            assert catalogue[f"help.bring.{case}"] and catalogue[f"help.case.{case}"]
    assert [EN[f"help.bring.{case}"] for case in CASES] == [
        "What to bring: binding a child", "What to bring: binding an elder", "What to bring: binding a newborn",
        "What to bring: an exception", "What to bring: verifying your identity", "What to bring: removing a holder",
        "What to bring: proving a relationship"]


def test_every_case_says_what_to_bring_in_both_languages_and_no_item_is_left_over() -> None:
    from app.pages.help import BRING

    assert list(BRING) == list(CASES)
    used = {f"help.item.{item}" for items in BRING.values() for item in items}
    for catalogue in (EN, ZH):
        assert used == {key for key in catalogue if key.startswith("help.item.")}
