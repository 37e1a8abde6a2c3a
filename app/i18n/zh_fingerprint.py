"""Chinese words of the letter signed with a fingerprint at the counter, for people who cannot sign (DESIGN.md §2.7)."""

MESSAGES: dict[str, str] = {
    "fingerprint.title": "无法在屏幕上签名？",
    "fingerprint.intro": "也可以不在屏幕上签名，改为在打印的承诺书上按手印。请打印承诺书（A4大小），请本人在框内按手印，并在线上手写姓名。再把整页承诺书拍照，在这里添加：有了这张照片，就不用在屏幕上签名。",
    "fingerprint.print": "打印按手印承诺书",
    "fingerprint.printing": "正在生成要打印的承诺书…",
    "fingerprint.printed": "已下载承诺书 {file}，请按A4大小打印。",
    "fingerprint.names_blank": "姓名中有字无法打印，承诺书上的姓名已留空，请手写填上。",
    "fingerprint.unprintable": "在服务窗口可以使用下方的“打印按手印承诺书”：这份承诺书上的姓名留空，由手写填上。",
    "fingerprint.photo_hint": "拍下整页承诺书，要平整，每个字和手印都能看清。",
    "fingerprint.saving": "正在检查照片并保存承诺书…",
    "documents.signed_letter_photo": "已按手印的承诺书照片",
    "signed.screen": "在屏幕上签名",
    "signed.paper": "在打印的承诺书上按手印（照片）",
    "action.binding_fingerprint_letter_printed": "工作人员为您打印了按手印承诺书",
    "action.binding_letter_signed_on_paper": "在打印的承诺书上按手印签署（工作人员添加照片）",
    "signature.hand_over": "把平板转给居民签字",
    "signature.hand_over_hint": "居民签字时，平板只显示承诺书和签名板。",
    "signature.staff_view": "返回工作人员视图",
}
