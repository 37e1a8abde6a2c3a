"""Design tokens: every colour and size is named once here and reaches the page as CSS variables.

Normal mode keeps text at >= 4.5:1 against its background, high contrast at >= 7:1 (a unit test checks).
"""

from __future__ import annotations

TEXT_SIZES = {"standard": 18, "large": 24, "extra_large": 30}  # body text, px
TARGET_MIN = {"standard": 44, "large": 60, "extra_large": 60}  # touch target, px
# Words under the icons of the tab bar and the app's name in the header: they grow with the text size, but less,
# so the header and the tab bar stay one row each (DESIGN.md §3: a fifth of the first screen together).
CAPTION_SIZES = {"standard": 15, "large": 17, "extra_large": 19}  # px

NORMAL = {
    "bg": "#f4f6f9",
    "surface": "#ffffff",
    "text": "#1b1f24",
    "muted": "#4a5361",
    "primary": "#1746a2",
    "primary-text": "#ffffff",
    "border": "#6b7480",
    "focus": "#b34700",
    "error": "#b0201a",
    "error-bg": "#fdecea",
    "success": "#17653a",
    "success-bg": "#e7f4ec",
    "info-bg": "#e8f0fc",
}

HIGH_CONTRAST = {
    "bg": "#ffffff",
    "surface": "#ffffff",
    "text": "#000000",
    "muted": "#1b1b1b",
    "primary": "#0a2a6b",
    "primary-text": "#ffffff",
    "border": "#000000",
    "focus": "#000000",
    "error": "#8a0e09",
    "error-bg": "#ffffff",
    "success": "#0b4a26",
    "success-bg": "#ffffff",
    "info-bg": "#ffffff",
}

# Text colour on background pairs the pages use; the contrast test walks these.
TEXT_PAIRS = [
    ("text", "bg"), ("text", "surface"), ("muted", "surface"), ("muted", "bg"), ("primary", "surface"),
    ("primary", "bg"), ("primary-text", "primary"), ("error", "surface"), ("error", "error-bg"),
    ("success", "success-bg"), ("text", "info-bg"), ("primary", "info-bg"),
]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]  # noqa: PLR2004
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def css_variables() -> str:
    """The tokens as CSS custom properties, for normal and high-contrast mode and each text size."""
    # `html:root` outranks the `:root` rule NiceGUI writes for its default (too light) brand colours.
    lines = ["html:root {", *[f"  --c-{k}: {v};" for k, v in NORMAL.items()], "}"]
    lines += ["html.hc:root {"] + [f"  --c-{k}: {v};" for k, v in HIGH_CONTRAST.items()] + ["}"]
    # Quasar writes brand colours inline on <body>; this keeps them following the current mode.
    lines.append("body { --q-primary: var(--c-primary) !important; --q-negative: var(--c-error) !important; "
                 "--q-positive: var(--c-success) !important; }")
    for name, px in TEXT_SIZES.items():
        lines.append(f"html.fs-{name} {{ --fs: {px}px; --target: {TARGET_MIN[name]}px; "
                     f"--caption: {CAPTION_SIZES[name]}px; }}")
    return "\n".join(lines)
