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
    "proof.prove": "Prove relationship",
    "proof.title": "Prove relationship",
    "proof.intro": "Take a photo of a paper that shows how {holder} and {member} are related. Relationship "
    "entered: {relationship}. A second staff member checks it, and {holder} is told the outcome in the app.",
    "proof.saving": "Saving the photo\u2026",
    "proof.sent": "Proof kept. A second staff member will check it; you can finish assisting now.",
    "proof.back": "Back to My family",
    "proof.state.submitted": "Proof of relationship: waiting for a second staff member to check it",
    "proof.state.proven": "Relationship proven",
    "proof.state.refused": "Proof of relationship not accepted. Another document can be brought to a service "
    "counter.",
    "staff.proofs": "Proofs of relationship",
    "staff.proofs_waiting": "Proofs of relationship waiting: {n}",
    "staff.proofs_empty": "No proof of relationship is waiting.",
    "staff.proofs_intro": "Proofs taken at a counter are checked by a second staff member. Proofs you took are "
    "not shown here.",
    "staff.proof_title": "Proof of relationship {number}",
    "staff.proof_open": "Check the proof of {number}",
    "staff.proof_question": "Does the photo show this relationship between the holder and {member}?",
    "staff.proof_accepted": "Proof accepted: the relationship is proven. The holder has been told.",
    "staff.proof_refused": "Proof refused. The holder has been told.",
    "staff.proof_decided_proven": "You accepted this proof.",
    "staff.proof_decided_refused": "You refused this proof.",
    "error.proof_taken_by_you": "You took this proof, so another staff member must check it.",
    "error.proof_already_decided": "This proof has already been checked. The list shows what is still waiting.",
    "error.relationship_already_proven": "This relationship is already proven.",
    "notification.relationship_proven": "Your relationship with {name} is proven.",
    "notification.relationship_proof_refused": "The proof of your relationship with {name} was not accepted. "
    "You can bring another document to a service counter.",
    "action.relationship_proof_submitted": "Staff at a service counter added a proof of relationship",
    "action.relationship_proven": "A proof of relationship was accepted",
    "action.relationship_proof_refused": "A proof of relationship was not accepted",
}
