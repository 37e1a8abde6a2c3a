"""English words of the staff tools: removing a holder for a member at the counter, and the audit trail."""

MESSAGES: dict[str, str] = {
    "staff.members": "Remove a holder for a member",
    "members.intro": "For a member without a phone who wants someone removed who can show their card. First check "
    "the member's ID card, then enter the name and ID number as they are on it and press \u201cFind member\u201d.",
    "members.name": "Member's name",
    "members.name_hint": "Check the ID card first",
    "members.id_number": "Member's ID number",
    "members.find": "Find member",
    "members.found": "{name}, ID number {id}. These people can show the member's card:",
    "members.relationship": "The member is their: {relationship}",
    "members.remove": "Remove {name}",
    "members.remove_text": "{name} will no longer be able to show the member's e-card or see their records, and is "
    "told in the app and by text message. The member's insurance does not change.",
    "members.removed": "Removed. {name} can no longer show the member's card and has been told.",
    "members.none": "Nobody can show this member's card.",
    "members.find_again": "Find the member again first: this look-up is more than 30 minutes old, or did not show "
    "this person.",
    "members.already_removed": "This person can no longer show the member's card already. The list is up to date "
    "now.",
    "error.member_not_found": "No insured person has this name and ID number. Check both against the ID card.",
    "error.counter_member_name_empty": "Enter the member's name as it is on their ID card",
    "error.counter_member_id_empty": "Enter the member's ID number",
    "error.counter_member_lookup_limit": "You have made 200 look-ups in the last 24 hours, the most allowed. You "
    "can look up again at {time}.",
    "staff.audit": "Audit trail",
    "audit.intro": "See what happened on a resident's account. Your search is recorded, and the resident sees it "
    "in their Account activity.",
    "audit.query": "Mobile number or ID number",
    "audit.query_hint": "11 digits, or 18 characters",
    "audit.search": "Search",
    "audit.account": "Account of {name}, mobile number {phone}",
    "audit.count": "Events, newest first: {n}",
    "audit.who.resident": "By the resident",
    "audit.who.staff": "By service staff {phone}",
    "audit.who.admin": "By the administrator",
    "audit.who.member": "By the family member",
    "audit.who.system": "Automatic",
    "audit.who.unknown": "By someone who was not logged in",
    "error.audit_query_empty": "Enter a mobile number or an ID number",
    "error.audit_query_invalid": "Enter an 11-digit mobile number or an 18-character ID number",
    "error.audit_no_account": "No resident account found",
    "error.audit_search_limit": "You have made 200 searches in the last 24 hours, the most allowed. You can search "
    "again at {time}.",
    "action.counter_member_found": "Service staff looked you up at a service counter, to see who can show your card",
    "action.counter_member_not_found": "A look-up at a service counter found nobody",
    "action.binding_unbound_at_counter": "At a service counter, at the family member's request, staff removed you: "
    "you can no longer show their card",
    "action.holder_removed_at_counter": "At a service counter, at your request, staff removed someone who could show "
    "your card",
    "action.audit_trail_viewed": "Service staff looked at your account activity",
    "action.audit_trail_search_missed": "An audit trail search found no account",
    "notification.member_removed_holder_at_counter": "{member} had you removed as a holder at a service counter: you "
    "can no longer show their e-card.",
}
