"""Chinese words of family mutual aid (DESIGN.md §2.9), the keys of en_mutual_aid.py."""

MESSAGES: dict[str, str] = {
    "aid.switch": "允许{name}使用我的个人账户",
    "aid.state.on": "已开通",
    "aid.state.off": "未开通",
    "aid.on_text": "{name}自己的账户不够支付时，由您的个人账户支付{name}在医院和药店的个人自付部分。",
    "aid.confirm_on_title": "允许{name}使用您的个人账户吗？",
    "aid.confirm_on_text": "{name}自己的个人账户不够支付时，由您的个人账户支付{name}在医院和药店的个人自付部分。"
    "您可以随时在这里关闭。我们会通知{name}。",
    "aid.turn_on": "开通",
    "aid.confirm_off_title": "不再允许{name}使用您的个人账户吗？",
    "aid.confirm_off_text": "您的个人账户将不再支付{name}的个人自付部分。我们会通知{name}。",
    "aid.turn_off": "关闭",
    "aid.turned_on": "已开通：您的个人账户现在可以支付{name}的个人自付部分。",
    "aid.turned_off": "已关闭：您的个人账户不再支付{name}的个人自付部分。",
    "aid.cannot": "{name}不能使用您的个人账户。",
    "error.mutual_aid_not_employee": "只有参加职工医保的人才有可以共济的个人账户。",
    "error.mutual_aid_not_close_relative": "个人账户只能给近亲属使用：配偶、父母、子女、兄弟姐妹、祖父母外祖父母、"
    "孙子女外孙子女。",
    "error.mutual_aid_not_insured": "这位家人的医保已中断，您的个人账户不能为其支付。恢复参保后可以再开通。",
    "error.mutual_aid_not_proven": "因为涉及资金，需要先证明你们的亲属关系，而医保登记信息中没有显示。请带上能证明关系的"
    "材料，例如户口簿、结婚证或出生医学证明，以及你们两人的身份证，到服务窗口办理。",
    "error.mutual_aid_not_member": "这位家人已不在您的列表中，没有做任何更改。",
    "action.mutual_aid_on": "开通家庭共济：一位家人可以使用您的个人账户",
    "action.mutual_aid_off": "关闭了一位家人的家庭共济",
    "action.mutual_aid_ended": "一位家人的家庭共济已结束：解除绑定、被移除、账户注销或医保中断",
    "action.mutual_aid_on_for_me": "可以出示您电子凭证的人允许您使用其个人账户",
    "action.mutual_aid_off_for_me": "可以出示您电子凭证的人不再允许您使用其个人账户",
    "action.mutual_aid_ended_for_me": "您使用家人个人账户的家庭共济已结束",
    "notification.mutual_aid_on": "{holder}允许您使用其个人账户：您自己的账户不够支付时，由其支付您在医院和药店的个人"
    "自付部分。",
    "notification.mutual_aid_off": "{holder}关闭了家庭共济：其个人账户不再支付您的个人自付部分。",
    "notification.mutual_aid_ended": "{holder}的家庭共济已结束：其个人账户不再支付您的个人自付部分。",
    "notification.mutual_aid_ended_holder": "{name}的家庭共济已结束，因为其医保中断或已注销账户：您的个人账户不再支付"
    "其个人自付部分。",
    "help.bring.relationship": "需要带什么：证明亲属关系",
    "help.case.relationship": "要让家人使用您的个人账户，需要先证明你们的亲属关系。医保登记信息中往往已有记录；"
    "没有的话，工作人员会在窗口查看证明材料。请带：",
    "help.item.relationship_paper": "能证明你们关系的材料：户口簿、结婚证、出生医学证明，或居委会出具的证明。",
}
