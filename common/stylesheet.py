"""samtale.css, the one stylesheet every page links, is built from the parts beside it.

The parts are the source, one area of the styles each. `manage.py build_css` writes them,
in PARTS order, one after the other into samtale.css; the order is part of the styles
(of two equally specific rules the later one wins). Like the compiled catalogues, samtale.css
is built, not committed: make builds it before it serves or tests, an installation before
collectstatic (docs/deploy.md), which gives it a hashed name like every static file.
"""

from pathlib import Path

CSS_DIR = Path(__file__).resolve().parent / "static" / "samtale" / "css"
STYLESHEET = CSS_DIR / "samtale.css"
PARTS = [
    "tokens.css",  # colours, type, spacing: the custom properties everything uses
    "base.css",
    "layout.css",  # page frame, text helpers, layout primitives
    "forms.css",
    "buttons.css",
    "badges.css",  # messages, badges and pills
    "front-page.css",
    "programme.css",  # meeting list, programme editing, the live "now" panel
    "participant.css",
    "control-room.css",
    "groups.css",
    "wall.css",  # the wall and the group's card editor
    "report-back.css",
    "small-screens.css",
    "print.css",  # reduced motion, forced colours, print
    "report.css",
    "imports.css",
    "analysis.css",  # the synthesis pages
]
BANNER = (
    "/* Built by `manage.py build_css` from the parts listed in common/stylesheet.py:\n"
    " * edit those, then run it. */\n\n"
)


def stylesheet_from_parts() -> str:
    return BANNER + "".join((CSS_DIR / name).read_text(encoding="utf-8") for name in PARTS)


def stylesheet_build() -> bool:
    """Write samtale.css from its parts; whether it changed."""
    text = stylesheet_from_parts()
    if STYLESHEET.exists() and STYLESHEET.read_text(encoding="utf-8") == text:
        return False
    STYLESHEET.write_text(text, encoding="utf-8")
    return True
