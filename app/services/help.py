"""Help (DESIGN.md §2.8): the service halls of the insured regions, and which counter case a person is in, so
every message that sends someone to a service counter can link to what to bring for it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from app.services import ids
from app.services.binding.rules import DOCUMENT_PHOTO_AGE

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "service_halls.json"

# The counter cases, in the order the help page lists them; each has a "What to bring" section there.
CASES = ("child", "elder", "newborn", "exception", "identity", "remove_holder", "relationship")

# Error codes whose message sends the person to a service counter → the case whose "What to bring" fits.
# The counter does what the online rules refuse (DESIGN.md §2.7), with the evidence the case needs.
COUNTER_CASES: dict[str, str] = {
    "relationship_counter_only": "exception",  # relationship "Other": a proof of relationship
    "person_holder_limit": "exception",  # a third holder: a reason for the exception
    "letter_unprintable": "exception",  # a printed letter with the name written by hand
    "counter_only": "exception",  # an exception's evidence or reason, added by staff at the counter
    "minor_guardian_only": "child",  # a child under 14 bound by a non-guardian: the guardian's signed consent
    "claim_cancelled": "identity",  # another account proved first: staff check the physical ID card
    "activation_code_limit": "identity",  # no more activation codes today
    "provider_refused": "identity",  # the verification provider could not confirm the person
    "mutual_aid_not_proven": "relationship",  # mutual aid: a paper that shows the relationship (DESIGN.md §2.9)
    "premium_not_proven": "relationship",  # paying a premium: the same paper (DESIGN.md §2.9)
}


@dataclass(frozen=True)
class ServiceHall:
    region_code: str
    name: str
    address: str
    hours: str
    phone: str  # as printed, e.g. "010-12393"

    @property
    def dial(self) -> str:
        """The number for a `tel:` link: digits only."""
        return "".join(ch for ch in self.phone if ch.isdigit())


@cache
def _seed(path: Path = SEED_FILE) -> tuple[dict, ...]:  # type: ignore[type-arg]
    return tuple(json.loads(path.read_text(encoding="utf-8"))["halls"])


def _words(entry: dict, field: str, language: str) -> str:  # type: ignore[type-arg]
    """A hall's text in the page's language ("zh-CN" or "en-US"), English when the seed has no such language."""
    texts = entry[field]
    return texts.get(language.split("-", maxsplit=1)[0]) or texts["en"]


def service_halls(language: str, region_code: str | None = None) -> list[ServiceHall]:
    """Every service hall, the one of `region_code` (the resident's insured region) first."""
    halls = [ServiceHall(entry["region_code"], _words(entry, "name", language), _words(entry, "address", language),
                         _words(entry, "hours", language), entry["phone"]) for entry in _seed()]
    return sorted(halls, key=lambda hall: hall.region_code != region_code)  # stable: the seed's order otherwise


def binding_case(method: str | None, member_id_number: str, today: date) -> str:
    """The counter case of a binding: a newborn, a child under 16 (household register) or anyone older (in person).
    A number that cannot be read counts as an older member's, the case that needs the most at the counter."""
    if method == "newborn":
        return "newborn"
    try:
        birth = ids.parse_id_number(member_id_number, today).birth_date
    except ids.InvalidIdNumber:
        return "elder"
    return "child" if ids.age_on(birth, today) < DOCUMENT_PHOTO_AGE else "elder"


def counter_case(code: str, *, lookups: str | None = None) -> str | None:
    """The case whose "What to bring" fits error `code`, or None when the message sends no one to a counter.
    "Too many checks today, or visit a service counter" (lookup_limit) is about what the page was checking:
    `lookups` names that case (the binding's own, or verifying one's identity)."""
    if code == "lookup_limit":
        return lookups
    return COUNTER_CASES.get(code)
