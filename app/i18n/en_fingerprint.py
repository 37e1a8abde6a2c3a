"""English words of the letter signed with a fingerprint at the counter, for people who cannot sign (DESIGN.md §2.7)."""

MESSAGES: dict[str, str] = {
    "fingerprint.title": "Cannot sign on the screen?",
    "fingerprint.intro": "The resident can press a fingerprint on the printed letter instead. Print the letter on A4 "
    "paper; they press a fingerprint in the box, and their name is written on the line by hand. Then take a photo "
    "of the whole letter and add it here: it replaces a signature drawn on the screen.",
    "fingerprint.print": "Print letter for fingerprint",
    "fingerprint.printing": "Making the letter to print\u2026",
    "fingerprint.printed": "The letter {file} was downloaded. Print it on A4 paper.",
    "fingerprint.names_blank": "Some characters of a name cannot be printed, so the names on this letter are left "
    "blank. Write them in by hand.",
    "fingerprint.unprintable": "At the counter, use \u201cPrint letter for fingerprint\u201d below: the names on that "
    "letter are left blank, to be written in by hand.",
    "fingerprint.photo_hint": "The whole letter, flat and in good light, so that every word and the fingerprint can "
    "be read.",
    "fingerprint.saving": "Checking the photo and keeping the letter\u2026",
    "documents.signed_letter_photo": "Signed paper letter photo",
    "signed.screen": "Signed on the screen",
    "signed.paper": "Signed on paper with a fingerprint (photo)",
    "action.binding_fingerprint_letter_printed": "Service staff printed your commitment letter to sign with a "
    "fingerprint",
    "action.binding_letter_signed_on_paper": "Commitment letter signed on paper with a fingerprint (photo added by "
    "service staff)",
    "signature.hand_over": "Turn the tablet to the resident",
    "signature.hand_over_hint": "While the resident signs, the tablet shows only the letter and the signature pad.",
    "signature.staff_view": "Back to the staff view",
}
