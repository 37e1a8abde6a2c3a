"""English words of family mutual aid (DESIGN.md §2.9): the switch on My family members, its confirmations, why it
cannot be turned on, and what Account activity and the notifications say."""

MESSAGES: dict[str, str] = {
    "aid.switch": "Let {name} use my personal account",
    "aid.state.on": "On",
    "aid.state.off": "Off",
    "aid.on_text": "Your personal account pays {name}'s own share at hospitals and pharmacies when {name}'s own "
    "account cannot.",
    "aid.confirm_on_title": "Let {name} use your personal account?",
    "aid.confirm_on_text": "When {name}'s own personal account cannot pay, your personal account pays {name}'s own "
    "share at hospitals and pharmacies. You can turn this off here at any time. {name} is told.",
    "aid.turn_on": "Turn on",
    "aid.confirm_off_title": "Stop {name} using your personal account?",
    "aid.confirm_off_text": "Your personal account will no longer pay {name}'s own share. {name} is told.",
    "aid.turn_off": "Turn off",
    "aid.turned_on": "Turned on: your personal account can now pay {name}'s own share.",
    "aid.turned_off": "Turned off: your personal account no longer pays {name}'s own share.",
    "aid.cannot": "{name} cannot use your personal account.",
    "error.mutual_aid_not_employee": "Only someone with employee medical insurance has a personal account to share.",
    "error.mutual_aid_not_close_relative": "A personal account can only be shared with a close relative: a husband "
    "or wife, a parent, a child, a brother or sister, a grandparent or a grandchild.",
    "error.mutual_aid_not_insured": "This family member's medical insurance has lapsed, so your personal account "
    "cannot pay for them. When they are insured again, you can turn it on.",
    "error.mutual_aid_not_proven": "Because money moves, your relationship must be proven first, and the insurance "
    "registry does not show it. Bring a paper that shows how you are related, such as the household registration "
    "book, a marriage certificate or a birth certificate, to a service counter, with both your ID cards.",
    "error.mutual_aid_not_member": "This family member is no longer on your list, so nothing was changed.",
    "action.mutual_aid_on": "Family mutual aid turned on: a family member can use your personal account",
    "action.mutual_aid_off": "Family mutual aid turned off for a family member",
    "action.mutual_aid_ended": "Family mutual aid for a family member ended: unbound, removed, an account deleted or "
    "insurance lapsed",
    "action.mutual_aid_on_for_me": "Someone who can show your card let you use their personal account",
    "action.mutual_aid_off_for_me": "Someone who can show your card stopped you using their personal account",
    "action.mutual_aid_ended_for_me": "Your use of a family member's personal account ended",
    "notification.mutual_aid_on": "{holder} lets you use their personal account: it pays your own share at hospitals "
    "and pharmacies when your own account cannot.",
    "notification.mutual_aid_off": "{holder} turned off family mutual aid: their personal account no longer pays "
    "your own share.",
    "notification.mutual_aid_ended": "Family mutual aid from {holder} has ended: their personal account no longer "
    "pays your own share.",
    "notification.mutual_aid_ended_holder": "Family mutual aid for {name} has ended, because their insurance lapsed "
    "or they deleted their account: your personal account no longer pays their own share.",
    "help.bring.relationship": "What to bring: proving a relationship",
    "help.case.relationship": "To let a family member use your personal account, your relationship must be proven. "
    "Often the insurance registry already shows it; if not, staff check a paper at the counter. Bring:",
    "help.item.relationship_paper": "A paper that shows how you are related: the household registration book, a "
    "marriage certificate, a birth certificate, or a certificate from your neighbourhood committee.",
}
