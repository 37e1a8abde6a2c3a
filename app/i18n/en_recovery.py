"""English words of "Forgot password?", "Change password" and "Change mobile number" (keys shared with
zh_recovery.py)."""

MESSAGES: dict[str, str] = {
    "login.forgot": "Forgot password?",
    "forgot.title": "Set a new password",
    "forgot.intro": "We send a code to your mobile number. With it you can choose a new password.",
    "forgot.id_hint": "Only if the real name of this account was verified: the ID number of the account's owner. "
    "Otherwise leave it empty.",
    "forgot.submit": "Set new password",
    "forgot.remembered": "Remembered your password?",
    "session.password_reset": "Your password has been changed and you have been logged out on every device. "
    "Log in with your new password.",
    "settings.account": "Log in and security",
    "settings.change_password": "Change password",
    "settings.change_phone": "Change mobile number",
    "password.current": "Current password",
    "password.new": "New password",
    "password.intro": "After the change you stay logged in here; your other devices are logged out.",
    "password.changed": "Your password has been changed. You have been logged out on your other devices.",
    "phone.now": "Your mobile number: {phone}",
    "phone.new": "New mobile number",
    "phone.intro": "We send a code to the new number. Then you log in with the new number, and your other devices "
    "are logged out.",
    "phone.changed": "Your mobile number is now {phone}. You have been logged out on your other devices.",
    "error.reset_id_needed": "Enter the ID number of the person whose real name this account verified",
    "error.reset_id_wrong": "This is not the ID number of the person this account belongs to. You can try {left} "
    "more times with this code.",
    "error.reset_id_not_this": "This is not the ID number of the person this account belongs to.",
    "error.current_password_wrong": "The current password is not right. You can try {left} more times before "
    "password login is locked for 15 minutes.",
    "error.current_password_locked": "For your safety, your password cannot be checked until {time}. Try again "
    "after {time}.",
    "error.password_same": "Choose a password different from your current one",
    "error.phone_same": "This is already your mobile number",
    "error.staff_phone_by_admin": "The mobile number of a staff account is changed by your administrator.",
    "action.password_reset": "Password reset with a code sent to your number",
    "action.password_reset_id_wrong": "Someone tried to reset your password with a wrong ID number",
    "action.password_changed": "Password changed",
    "action.phone_changed": "Mobile number changed",
    "action.staff_password_reset": "Password reset by the administrator",
}
