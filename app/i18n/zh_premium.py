"""Chinese words of "Pay premium for <name>" (DESIGN.md §2.9), the keys of en_premium.py."""

MESSAGES: dict[str, str] = {
    "premium.button": "为{name}缴纳医保费",
    "premium.due": "{year}年居民医保费：{amount}，从您的个人账户支付。",
    "premium.confirm_title": "为{name}缴纳{year}年的居民医保费吗？",
    "premium.confirm_text": "将从您的个人账户支付{amount}，用于{name}{year}年的居民医保。{name}的缴费记录中会显示这笔"
    "缴费。误缴的费用请到服务窗口办理退费。",
    "premium.pay": "支付{amount}",
    "premium.paid": "已缴纳：{name}的缴费记录中已有这笔医保费。",
    "premium.cannot": "现在不能为{name}缴纳医保费。",
    "premium.opens": "{name}{year}年的医保费可在{opens_year}年9月1日至12月31日缴纳。",
    "premium.already_paid": "{name}{year}年的医保费已缴纳。",
    "premium.no_amount": "{name}所在地区{year}年的医保费标准尚未公布，暂时不能在这里缴纳。",
    "account.premium": "为{name}缴纳{year}年医保费",
    "error.premium_not_employee": "只有参加职工医保的人才有可以用来缴费的个人账户。",
    "error.premium_not_resident": "这位家人没有参加居民医保，这里没有需要缴纳的医保费。",
    "error.premium_not_close_relative": "只能为近亲属缴纳医保费：配偶、父母、子女、兄弟姐妹、祖父母外祖父母、"
    "孙子女外孙子女。",
    "error.premium_not_proven": "因为涉及资金，需要先证明你们的亲属关系，而医保登记信息中没有显示。请带上能证明关系的"
    "材料，例如户口簿、结婚证或出生医学证明，以及你们两人的身份证，到服务窗口办理。",
    "error.premium_not_open": "下一年度的医保费只能在9月1日至12月31日缴纳（新生儿可在出生当年随时缴纳），没有缴费。",
    "error.premium_paid": "这笔医保费已经缴纳，没有重复缴费。",
    "error.premium_no_amount": "这位家人所在地区的医保费标准尚未公布，没有缴费。",
    "error.premium_not_enough": "您的个人账户余额不足以缴纳这笔医保费，没有缴费。",
    "error.premium_changed": "打开此页面后医保费有变化，没有缴费。请重新查看。",
    "error.premium_not_member": "这位家人已不在您的列表中，没有缴费。",
    "action.premium_paid": "您用个人账户为一位家人缴纳了居民医保费",
    "action.premium_paid_for_me": "可以出示您电子凭证的人为您缴纳了居民医保费",
    "notification.premium_paid": "{holder}用其个人账户为您缴纳了{year}年的居民医保费：¥{amount}。",
}
