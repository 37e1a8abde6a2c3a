"""The one state machine of a binding request. Every change of status goes through `next_status`."""

from __future__ import annotations

from app.services.errors import DomainError

DRAFT = "draft"
SUBMITTED = "submitted"
IN_REVIEW = "in_review"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
UNBOUND = "unbound"
EXPIRED = "expired"

# Requests that count towards the limits (5 members per holder, 2 holders per person).
ACTIVE = frozenset({SUBMITTED, IN_REVIEW, APPROVED})

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "submit"): SUBMITTED,
    (SUBMITTED, "withdraw"): WITHDRAWN,
    (SUBMITTED, "open_review"): IN_REVIEW,
    (IN_REVIEW, "approve"): APPROVED,
    (IN_REVIEW, "reject"): REJECTED,
    (REJECTED, "edit"): DRAFT,  # "Resubmit": fix what was wrong, then submit again
    (WITHDRAWN, "edit"): DRAFT,
    (APPROVED, "unbind"): UNBOUND,
    (DRAFT, "expire"): EXPIRED,
    # Deleting the holder's account withdraws whatever is still open, even once a staff member opened it (the
    # holder's own "Withdraw" is not allowed then): nobody is left to hear the decision (DESIGN.md §2.1.6).
    (SUBMITTED, "withdraw_on_deletion"): WITHDRAWN,
    (IN_REVIEW, "withdraw_on_deletion"): WITHDRAWN,
    # The reviewer is gone (their account deleted): the request goes back to the queue instead of waiting forever.
    (IN_REVIEW, "release"): SUBMITTED,
}


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


def next_status(current: str, action: str) -> str:
    """The status after `action`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(status=current, action=action) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
