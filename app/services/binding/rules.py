"""The rules of who may be bound online (DESIGN.md §2.2 step 3). Pure functions of dates and counts."""

from __future__ import annotations

from datetime import date

from app.services.ids import age_on

RELATIONSHIPS = ("parent", "child", "spouse", "grandparent", "grandchild", "sibling", "other")
MAX_MEMBERS = 5
MAX_HOLDERS_PER_PERSON = 2
MINOR_AGE = 14  # PIPL: a guardian consents for a child under 14
DOCUMENT_PHOTO_AGE = 16  # under 16: household register pages; 16 and older: face photo and consent
LOOKUPS_PER_DAY = 10

# How much older (+) or younger (-) than the holder the member must be, in whole years.
_YEARS_APART = {"parent": 12, "child": -12, "grandparent": 24, "grandchild": -24}

HOUSEHOLD_HEAD = "household_head"
HOUSEHOLD_MEMBER = "household_member"
BIRTH_CERTIFICATE = "birth_certificate"
FACE = "face"
PHOTO_KINDS = (HOUSEHOLD_HEAD, HOUSEHOLD_MEMBER, BIRTH_CERTIFICATE, FACE)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def relationship_problem(relationship: str, holder_birth: date, member_birth: date, today: date) -> str | None:
    """The error code when this relationship cannot be bound online, else None."""
    if relationship not in RELATIONSHIPS:
        return "relationship_missing"
    if relationship == "other":
        return "relationship_counter_only"
    if age_on(member_birth, today) < MINOR_AGE and relationship not in {"child", "grandchild"}:
        return "minor_guardian_only"
    years = _YEARS_APART.get(relationship)
    if years is not None:
        plausible = (_add_years(member_birth, years) <= holder_birth if years > 0
                     else _add_years(holder_birth, -years) <= member_birth)
        if not plausible:
            return "relationship_implausible"
    return None


def documents_needed(method: str, member_birth: date, today: date) -> tuple[str, ...]:
    """The photos a request needs: newborns a birth certificate, under 16 two household-register pages,
    everyone else a face photo (taken in their presence) plus their consent."""
    if method == "newborn":
        return (BIRTH_CERTIFICATE,)
    if age_on(member_birth, today) < DOCUMENT_PHOTO_AGE:
        return (HOUSEHOLD_HEAD, HOUSEHOLD_MEMBER)
    return (FACE,)


def needs_member_consent(method: str, member_birth: date, today: date) -> bool:
    return FACE in documents_needed(method, member_birth, today)
