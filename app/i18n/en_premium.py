"""English words of "Pay premium for <name>" (DESIGN.md §2.9): the button on My family members, its confirmation,
why it cannot be paid, the Personal account's line, and what Account activity and the notifications say."""

MESSAGES: dict[str, str] = {
    "premium.button": "Pay premium for {name}",
    "premium.due": "Resident medical insurance premium for {year}: {amount}, from your personal account.",
    "premium.confirm_title": "Pay {name}'s premium for {year}?",
    "premium.confirm_text": "{amount} is paid from your personal account for {name}'s resident medical insurance "
    "in {year}. {name}'s contribution records show it. A payment made by mistake is refunded at a service counter.",
    "premium.pay": "Pay {amount}",
    "premium.paid": "Paid: {name}'s premium is in their contribution records.",
    "premium.cannot": "You cannot pay {name}'s premium now.",
    "premium.opens": "{name}'s premium for {year} can be paid from 1 September to 31 December {opens_year}.",
    "premium.already_paid": "{name}'s premium for {year} is already paid.",
    "premium.no_amount": "The premium for {year} in {name}'s region is not known yet, so it cannot be paid here.",
    "account.premium": "Premium {year} for {name}",
    "error.premium_not_employee": "Only someone with employee medical insurance has a personal account to pay from.",
    "error.premium_not_resident": "This family member does not have resident medical insurance, so there is no "
    "premium to pay here.",
    "error.premium_not_close_relative": "A premium can only be paid for a close relative: a husband or wife, a "
    "parent, a child, a brother or sister, a grandparent or a grandchild.",
    "error.premium_not_proven": "Because money moves, your relationship must be proven first, and the insurance "
    "registry does not show it. Bring a paper that shows how you are related, such as the household registration "
    "book, a marriage certificate or a birth certificate, to a service counter, with both your ID cards.",
    "error.premium_not_open": "Next year's premium can only be paid from 1 September to 31 December (a newborn's, "
    "any time in the year of birth), so nothing was paid.",
    "error.premium_paid": "This premium is already paid, so nothing was paid again.",
    "error.premium_no_amount": "The premium for this family member's region is not known yet, so nothing was paid.",
    "error.premium_not_enough": "Your personal account does not hold enough for this premium, so nothing was paid.",
    "error.premium_changed": "The premium changed since this page was opened, so nothing was paid. Look at it again.",
    "error.premium_not_member": "This family member is no longer on your list, so nothing was paid.",
    "action.premium_paid": "You paid a family member's resident medical insurance premium from your personal account",
    "action.premium_paid_for_me": "Someone who can show your card paid your resident medical insurance premium",
    "notification.premium_paid": "{holder} paid your resident medical insurance premium for {year}: ¥{amount}, from "
    "their personal account.",
}
