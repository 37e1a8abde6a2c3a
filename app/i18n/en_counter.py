"""English words of counter service (staff helping a resident in person)."""

MESSAGES: dict[str, str] = {
    "counter.intro": "Help a resident at the counter. Enter their mobile number and press \u201cFind\u201d. They get "
    "a text message with a code; when they read it out to you, they agree that you act for them.",
    "counter.phone": "Resident's mobile number",
    "counter.phone_hint": "The number of the resident's own account, 11 digits",
    "counter.find": "Find",
    "counter.code_sent": "A code was sent to {phone}. It works until {time}. Ask the resident to read it out to you.",
    "counter.code": "Code read out by the resident",
    "counter.code_hint": "6 digits, from the text message on the resident's phone",
    "counter.start": "Start assisting",
    "counter.assisting": "Assisting {name}",
    "counter.banner_region": "Counter service: assisting a resident",
    "counter.finish": "Finish assisting",
    "counter.ended": "Assisting had already ended, so nothing was changed. Find the resident again to go on.",
    "counter.finished": "You have finished assisting. The resident's account is closed to you again.",
    "counter.now_assisting": "You are assisting {name}. Everything you do is recorded on their account as done by "
    "you for them.",
    "counter.open_family": "Family members of {name}",
    "counter.add_member": "Add a family member for {name}",
    "counter.error.phone_empty": "Enter the resident's mobile number",
    "counter.error.code_expired": "This code has expired. Press \u201cFind\u201d to send the resident a new one.",
    "counter.error.code_none": "Press \u201cFind\u201d first, then enter the code the resident reads out.",
    "counter.error.code_too_many": "Too many wrong tries: this code no longer works. Press \u201cFind\u201d to send "
    "a new one.",
    "error.resident_unknown": "There is no resident account with this mobile number. Check the number with the "
    "resident.",
    "error.resident_unverified": "This account has not verified its real name yet. The resident needs to do that "
    "first, with their ID card.",
    "error.resident_is_staff": "This number belongs to a staff account. Counter service is for residents.",
    "error.counter_lookup_limit": "Too many look-ups in the last hour. You can look up again at {time}.",
    "error.not_assisting": "You are no longer assisting this resident. Start counter service again.",
    "action.assist_code_sent": "Service staff sent a code to your phone to help you at the counter",
    "action.assist_started": "Service staff started helping you at the counter (you read out the code)",
    "action.assist_ended": "Service staff finished helping you at the counter",
    "action.binding_photo_added": "Service staff added a photo of a document for you",
    "action.binding_consent_recorded": "Service staff recorded the family member's consent for you",
    "action.binding_consent_removed": "Service staff removed the family member's consent they had recorded for "
    "you",
    "my.holders": "Who can show my card",
    "holders.title": "Who can show my card",
    "holders.intro": "These people added you as a family member, and it was approved. They can show your e-card "
    "and see your contribution and medical expense records. You can remove any of them at any time.",
    "holders.relationship": "You are their: {relationship}",
    "holders.since": "Since {date}",
    "holders.remove": "Remove {name}",
    "holders.remove_text": "{name} will no longer be able to show your e-card or see your records, and is told. "
    "Your insurance does not change.",
    "holders.removed": "Removed. They can no longer show your card and have been told.",
    "holders.empty": "Nobody can show your card: no one has added you as a family member.",
    "holders.counter": "Someone without a phone can have a holder removed at a service counter.",
    "activity.by_member": "By the family member",
    "action.binding_unbound_by_member": "A family member removed you: you can no longer show their card",
    "action.holder_removed": "You removed someone who could show your card",
    "notification.member_removed_holder": "{member} removed you as a holder: you can no longer show their e-card.",
    "notification.assist_started": "Service staff started helping you at the counter (you read out the code). Not at "
    "a counter? Call 12393.",
    "notification.assist_ended": "Service staff finished helping you at the counter.",
    "counter.claim_title": "Verify identity in person",
    "counter.claim_check": "The resident has entered these details, but could not prove them online. Check their "
    "physical ID card: the name and the ID number must be exactly these, and the photo must be them.",
    "counter.claim_takeover": "Another account holds this person now. Verifying moves the person to this resident's "
    "account: the other account loses it, and both numbers get a text message.",
    "counter.verify_in_person": "Verify identity in person",
    "counter.verified": "Identity verified. The resident's e-voucher is active, and they have been told by text "
    "message.",
    "counter.no_claim": "This resident has not entered their name and ID number yet. Ask them to do that in the app "
    "first.",
}
