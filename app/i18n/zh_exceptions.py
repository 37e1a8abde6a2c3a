"""Chinese words of exceptions staff make at a counter to the online rules, and of relationships proven there."""

MESSAGES: dict[str, str] = {
    "documents.relationship_proof": "亲属关系证明",
    "documents.relationship_proof_hint": "拍一张能证明两人关系的材料：户口簿、公证的亲属关系证明，或居委会出具的证明。",
    "documents.guardian_consent": "监护人签字同意书照片",
    "documents.guardian_consent_hint": "拍一张孩子父母或监护人签字的同意书，旁边放上其身份证。",
    "documents.evidence_at_counter": "请带到服务窗口，由工作人员添加。您已完成的其他内容都会保留。",
    "documents.exception_reason": "例外原因",
    "documents.exception_reason_hint": "简要写明此人为什么需要第三个家庭账户。审核人员会看到。",
    "exception.relationship_other": "窗口例外：关系为\u201c其他\u201d，需要亲属关系证明。",
    "exception.minor_non_guardian": "窗口例外：由非父母、非祖父母添加 14 岁以下儿童，需要监护人签字同意书。",
    "exception.third_holder": "窗口例外：此人的第三个家庭账户，需要写明原因。",
    "error.counter_only": "只有服务窗口工作人员可以办理。",
    "error.person_holder_exception_limit": "此人已有 3 个家庭账户，已达上限。需要其中一个先解除绑定。",
    "error.exception_reason_too_long": "最多写 500 个字。",
    "error.exception_reason_missing": "请写明例外原因",
    "action.binding_exception": "服务窗口工作人员对线上规则作了例外",
    "action.binding_exception_reason": "服务窗口工作人员写明了例外原因",
}
