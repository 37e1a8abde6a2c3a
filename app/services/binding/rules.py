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
RELATIONSHIP_PROOF = "relationship_proof"  # "Proof of relationship"
GUARDIAN_CONSENT = "guardian_consent"  # "Guardian's signed consent photo"
PHOTO_KINDS = (HOUSEHOLD_HEAD, HOUSEHOLD_MEMBER, BIRTH_CERTIFICATE, FACE, RELATIONSHIP_PROOF, GUARDIAN_CONSENT)

# What the online rules send to a counter, and the exception staff there may make instead (DESIGN.md §2.7): each
# with its evidence, a photo or, for a third holder, a written "Reason for the exception".
RELATIONSHIP_OTHER = "relationship_other"
MINOR_NON_GUARDIAN = "minor_non_guardian"
THIRD_HOLDER = "third_holder"
EVIDENCE = {RELATIONSHIP_OTHER: RELATIONSHIP_PROOF, MINOR_NON_GUARDIAN: GUARDIAN_CONSENT, THIRD_HOLDER: None}
REASON_MAX = 500


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def relationship_problem(relationship: str, holder_birth: date, member_birth: date, today: date) -> str | None:
    """The error code when this relationship cannot be bound online, else None."""
    problems = _relationship_problems(relationship, holder_birth, member_birth, today)
    return problems[0] if problems else None


def counter_exceptions(relationship: str, holder_birth: date, member_birth: date,
                       today: date) -> tuple[tuple[str, ...], str | None]:
    """The exceptions staff at a counter make so that this relationship can be bound there, and the first problem
    a counter does not lift (a relationship that does not fit the birth dates is a mistake, not an exception)."""
    lifted = {"relationship_counter_only": RELATIONSHIP_OTHER, "minor_guardian_only": MINOR_NON_GUARDIAN}
    problems = _relationship_problems(relationship, holder_birth, member_birth, today)
    left = [problem for problem in problems if problem not in lifted]
    return tuple(lifted[problem] for problem in problems if problem in lifted), (left[0] if left else None)


def _relationship_problems(relationship: str, holder_birth: date, member_birth: date, today: date) -> list[str]:
    if relationship not in RELATIONSHIPS:
        return ["relationship_missing"]
    problems = []
    if relationship == "other":
        problems.append("relationship_counter_only")
    if age_on(member_birth, today) < MINOR_AGE and relationship not in {"child", "grandchild"}:
        problems.append("minor_guardian_only")
    years = _YEARS_APART.get(relationship)
    if years is not None:
        plausible = (_add_years(member_birth, years) <= holder_birth if years > 0
                     else _add_years(holder_birth, -years) <= member_birth)
        if not plausible:
            problems.append("relationship_implausible")
    return problems


def documents_needed(method: str, member_birth: date, today: date,
                     exceptions: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The photos a request needs: newborns a birth certificate, under 16 two household-register pages,
    everyone else a face photo (taken in their presence) plus their consent; and the exceptions' evidence."""
    if method == "newborn":
        needed: tuple[str, ...] = (BIRTH_CERTIFICATE,)
    elif age_on(member_birth, today) < DOCUMENT_PHOTO_AGE:
        needed = (HOUSEHOLD_HEAD, HOUSEHOLD_MEMBER)
    else:
        needed = (FACE,)
    return needed + tuple(kind for exception in exceptions if (kind := EVIDENCE.get(exception)))


def needs_member_consent(method: str, member_birth: date, today: date) -> bool:
    return FACE in documents_needed(method, member_birth, today)
