"""English words of the e-card screens and the card verification API."""

MESSAGES: dict[str, str] = {
    "ecard.intro": "Show this code at the hospital, clinic or pharmacy. It changes by itself every minute, so a "
    "photo or screenshot of it soon stops working.",
    "ecard.whose": "Whose card",
    "ecard.whose_self": "{name} (me)",
    "ecard.whose_member": "{name} ({relationship})",
    "ecard.acting_for": "Acting for {name}",
    "ecard.switch_back": "Switch back to my card",
    "ecard.card_title": "E-card of {name}",
    "ecard.qr": "E-card QR code",
    "ecard.qr_failed": "The code could not be shown. Reload the page to try again.",
    "ecard.countdown": "Code valid for {seconds} more seconds",
    "ecard.expired": "This code has expired. A new one will be shown.",
    "ecard.expired_offline": "This code has expired. A new one will be shown when you are back online.",
    "ecard.refresh": "Refresh code",
    "ecard.refreshed": "A new code is shown.",
    "ecard.cashier": "Show to the cashier",
    "ecard.exit_full": "Exit full screen",
    "ecard.cashier_hint": "Hold the screen up to the scanner.",
    "ecard.offline": "Offline. The code stays on the screen until it expires; a new one comes as soon as you "
    "are back online.",
    "ecard.not_insured": "Not insured",
    "ecard.not_insured_text": "There is no QR code because this person's medical insurance is not active. The medical "
    "insurance service centre can tell you how to restore it.",
    "ecard.member_gone": "That family member's card can no longer be shown (the binding has ended). This is your own "
    "card.",
    "error.card_not_insured": "This person's medical insurance is not active, so there is no QR code.",
    "action.ecard_shown": "Your e-card was shown",
    "action.ecard_member_shown": "A family member's e-card was shown",
    "action.ecard_shown_by_holder": "A family member who holds your card showed your e-card",
    "action.ecard_verified": "An e-card code was checked by a scanner",
    # POST /api/verify: "message" beside the reason code
    "verify.valid": "Valid e-card",
    "verify.malformed": "This is not an e-card code.",
    "verify.unsupported_version": "This e-card code has a format this service does not read.",
    "verify.unknown_key": "This e-card code was signed with a key this service does not know.",
    "verify.invalid_signature": "This e-card code is forged or was changed.",
    "verify.not_yet_valid": "This e-card code is not valid yet: check the scanner's clock.",
    "verify.expired": "This e-card code has expired. Ask for the code on the screen to be refreshed.",
    "verify.unknown_card": "This e-card is unknown.",
    "verify.revoked": "This e-card can no longer be used.",
    "verify.unbound": "The family member binding behind this e-card has ended.",
    "verify.not_insured": "This person is not insured.",
    "verify.already_used": "This e-card code has already been used. Ask for the code on the screen to be refreshed.",
    "verify.bad_request": "Send a JSON object with the scanned code in its token field.",
    "verify.token_missing": "The request has no token.",
}
