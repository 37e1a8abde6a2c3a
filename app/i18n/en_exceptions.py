"""English words of exceptions staff make at a counter to the online rules, and of relationships proven there."""

MESSAGES: dict[str, str] = {
    "documents.relationship_proof": "Proof of relationship",
    "documents.relationship_proof_hint": "A photo of a paper that shows how the two are related: the household "
    "register, a notarised kinship certificate, or a certificate from the residents' committee.",
    "documents.guardian_consent": "Guardian's signed consent photo",
    "documents.guardian_consent_hint": "A photo of the consent the child's parent or guardian signed, with their "
    "ID card next to it.",
    "documents.evidence_at_counter": "Staff at a service counter add this when you bring it there. Everything "
    "else you did is kept.",
    "documents.exception_reason": "Reason for the exception",
    "documents.exception_reason_hint": "Why this person needs a third family account, in a few words. The "
    "reviewer reads it.",
    "exception.relationship_other": "Counter exception: the relationship is \u201cOther\u201d, so a proof of "
    "relationship is needed.",
    "exception.minor_non_guardian": "Counter exception: a child under 14 added by someone who is not their parent "
    "or grandparent, so the guardian's signed consent is needed.",
    "exception.third_holder": "Counter exception: a third family account for this person, so a reason is needed.",
    "error.counter_only": "Only staff at a service counter can do this.",
    "error.person_holder_exception_limit": "This person already has 3 family accounts, the most there can be. "
    "One of them must unbind this person first.",
    "error.exception_reason_too_long": "Write at most 500 characters.",
    "error.exception_reason_missing": "Write the reason for the exception",
    "action.binding_exception": "Staff at a service counter made an exception to the online rules",
    "action.binding_exception_reason": "Staff at a service counter wrote the reason for an exception",
}
