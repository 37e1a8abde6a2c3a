"""English words of Help (phone lines, website, service halls, what to bring to a counter) and "What you need"."""

MESSAGES: dict[str, str] = {
    "help.link": "Help",
    "help.title": "Help",
    "help.intro": "Call a help line, use the insurance agency's website, or go to a service hall. Some things can "
    "only be done at a service counter: see what to bring, so that one visit is enough.",
    "help.bring_title": "What to bring to a service counter",
    "help.bring.child": "What to bring: binding a child",
    "help.bring.elder": "What to bring: binding an elder",
    "help.bring.newborn": "What to bring: binding a newborn",
    "help.bring.exception": "What to bring: an exception",
    "help.bring.identity": "What to bring: verifying your identity",
    "help.bring.remove_holder": "What to bring: removing a holder",
    "help.phone_title": "Help lines",
    "help.hotline.12393": "Medical insurance service hotline: your medical insurance, e-vouchers and this app.",
    "help.hotline.12333": "Human resources and social security hotline: social security cards, pensions and jobs.",
    "help.web_title": "Website",
    "help.web_text": "The insurance agency's website, with its own online services:",
    "help.web_link": "National Medical Insurance Service Platform (fuwu.nhsa.gov.cn)",
    "help.halls_title": "Service halls",
    "help.halls_yours": "You are insured in {region}. Your service hall is listed first.",
    "help.halls_all": "Go to the service hall of the region where you are insured.",
    "help.hall.region": "Insured region",
    "help.hall.address": "Address",
    "help.hall.hours": "Opening hours",
    "help.hall.phone": "Phone",
    "help.case.child": "For a child under 16. A parent or grandparent can also do this online, with photos of the "
    "household registration book. At a service counter, bring:",
    "help.case.elder": "For a family member aged 16 or older, for example a parent or grandparent. At a service "
    "counter, bring:",
    "help.case.newborn": "For a baby who has a birth certificate but no ID card yet. Only the baby's mother or "
    "father can add the baby. At a service counter, bring:",
    "help.case.exception": "Some family members can only be added at a service counter: someone who already has "
    "two people who can show their card, the relationship \u201cOther\u201d, or a name the letter cannot print. "
    "Bring what the family member's age needs (see above), and also:",
    "help.case.identity": "When your identity cannot be checked online, for example because another account "
    "already uses your ID number, staff check your ID card at the counter. Bring:",
    "help.case.remove_holder": "A family member without a phone can stop someone from showing their e-card. They "
    "come to the counter themselves and bring:",
    "help.item.own_id": "Your own ID card.",
    "help.item.household_book": "The household registration book: staff take photos of its head page and the "
    "child's page.",
    "help.item.child_id_number": "The child's ID number. It is on the child's page of the household registration "
    "book.",
    "help.item.guardian_consent": "If the child is under 14 and you are not their parent or grandparent: a "
    "consent to the binding, signed by the child's parent or guardian, and a copy of that person's ID card.",
    "help.item.member_id": "The family member's ID card.",
    "help.item.member_in_person": "The family member in person: staff take their photo, and they agree to the "
    "binding in front of staff.",
    "help.item.birth_certificate": "The baby's birth certificate.",
    "help.item.mother_id": "The mother's ID card, if you are the father.",
    "help.item.newborn_book": "The household registration book, if the baby is already registered in it.",
    "help.item.reason": "For someone who already has two people who can show their card: the reason you need to "
    "show it too, for example that you live with them and take them to the doctor. Staff write it down, and "
    "another staff member checks it.",
    "help.item.proof_of_relationship": "For the relationship \u201cOther\u201d: a document that shows how you "
    "are related, such as the household registration book or a certificate from your neighbourhood committee.",
    "help.item.cannot_sign": "If a name cannot be printed, or you cannot sign: staff print the letter, the name "
    "is written by hand and you press your fingerprint on it.",
    "help.item.physical_id": "Your own ID card: the card itself, not a copy or a photo. Staff check it in front "
    "of you.",
    "help.item.own_phone": "Your mobile phone: staff send a code to it, and you read the code out to them.",
    "help.item.member_id_check": "The family member's own ID card: staff check it before they show who can show "
    "the card.",
    "help.item.member_self": "Only the family member can ask for this, so they come in person.",
    "need.title": "What you need",
    "need.intro": "Have these at hand before you start, as the service counters ask for them too. What you enter is "
    "saved as you go, so you can stop and come back later.",
    "need.everyone": "For every family member",
    "need.everyone_text": "Their name and ID number, exactly as on their ID card or household registration book.",
    "need.child": "A child under 16",
    "need.child_text": "The household registration book: you take photos of the head page and the child's page.",
    "need.newborn": "A newborn",
    "need.newborn_text": "The birth certificate, and the mother's name and ID number.",
    "need.elder": "A family member 16 or older",
    "need.elder_text": "The family member in person: you take their photo, and they agree to the binding in front "
    "of you.",
    "need.counter": "Only at a service counter",
    "need.counter_text": "A child under 14 can be added online only by a parent or grandparent. The relationship "
    "\u201cOther\u201d and a few other cases are done at a service counter.",
}
