"""The words on a card: a plain heading, and a body written as simple Markdown.

Participants write paragraphs, bullet and numbered lists, **bold**, *italic* and links.
The body is rendered with markdown-it-py (raw HTML is shown as text, never passed on) and
the result is sanitised again with nh3, so only a handful of harmless tags reach the page:
even a bug in the Markdown step cannot put a script, an event handler or a `javascript:`
link on the wall. Plain functions, no models: the domain calls them before it saves.
"""

import re
import unicodedata

import nh3
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from common.errors import DomainError

MAX_BODY_CHARS = 20_000
"""The longest body, in characters, after newlines and trailing spaces are tidied."""

MAX_HEADING_CHARS = 200
"""The longest heading, in characters (the database column holds as many)."""

# A text longer than this is refused before it is even tidied. Tidying can shrink a text
# (\r\n becomes \n, trailing spaces go), so the exact limit is checked after tidying.
_RAW_BODY_LIMIT = MAX_BODY_CHARS * 4

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a"})
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow ugc"

# Markdown features beyond the simple formatting above are switched off, so their syntax
# stays as the text the person wrote instead of turning into tags that would be stripped.
_DISABLED_RULES = [
    "code",  # indented code block
    "fence",
    "blockquote",
    "hr",
    "heading",
    "lheading",
    "html_block",
    "backticks",
    "image",
    "html_inline",
]

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True, "typographer": False})
    .enable("linkify")
    .disable(_DISABLED_RULES)
)

_LINK_SCHEME = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    # Only absolute http, https and mailto links become links; anything else (relative,
    # javascript:, data:, ...) stays as the text the person wrote.
    return bool(_LINK_SCHEME.match(url.strip()))


_markdown.validateLink = _validate_link

_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_OL_START = re.compile(r"[0-9]{1,9}")


class CardTextError(DomainError, ValueError):
    """Text that cannot go on a card; ``str(error)`` is the message for the person.

    `message` is a lazy translatable string (English source) with %-placeholders filled
    from `params`; `code` is ``"heading_too_long"``, ``"heading_characters"`` or
    ``"body_too_long"``, for callers that want to tell the cases apart.
    """


def _body_too_long() -> CardTextError:
    return CardTextError(
        _("The text is too long: at most %(max)d characters."),
        "body_too_long",
        max=MAX_BODY_CHARS,
    )


def clean_heading(text: str) -> str:
    """The heading as it will be stored: one line, whitespace collapsed, no control characters.

    HTML in a heading is kept as the characters typed (templates escape it when shown).
    Raises CardTextError for a heading longer than MAX_HEADING_CHARS or one that holds
    control characters. An empty heading is returned as ``""``; whether one is required
    is for the caller to decide.
    """
    text = text or ""
    if len(text) > MAX_HEADING_CHARS * 4:
        raise CardTextError(
            _("Write a heading of at most %(max)d characters."),
            "heading_too_long",
            max=MAX_HEADING_CHARS,
        )
    text = " ".join(text.split())
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise CardTextError(
            _("The heading contains characters that cannot be shown. Remove them and try again."),
            "heading_characters",
        )
    if len(text) > MAX_HEADING_CHARS:
        raise CardTextError(
            _("Write a heading of at most %(max)d characters."),
            "heading_too_long",
            max=MAX_HEADING_CHARS,
        )
    return text


def clean_body(text: str) -> str:
    """The body as it will be stored: the Markdown source, tidied.

    Newlines become ``\\n``, trailing spaces on each line and blank lines at the start and
    end are removed, and control characters other than tab and newline are dropped (they
    come from pasting, and the database refuses NUL). Raises CardTextError when the result
    is longer than MAX_BODY_CHARS; a very long text is refused before any work is done.
    """
    text = text or ""
    if len(text) > _RAW_BODY_LIMIT:
        raise _body_too_long()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    text = _TRAILING_SPACE.sub("", text).strip("\n")
    if len(text) > MAX_BODY_CHARS:
        raise _body_too_long()
    return text


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "ol" and attribute == "start":
        return value if _OL_START.fullmatch(value) else None
    return value


def sanitise_html(html: str) -> str:
    """Only the card's tags survive: p, br, ul, ol, li, strong, em and a.

    Links keep an http, https or mailto `href` (relative links are dropped) and get
    ``rel="noopener noreferrer nofollow ugc"`` and ``target="_blank"``. Every other tag
    is removed, keeping its text; script and style content is removed with the tag.
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
        attribute_filter=_keep_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


def render_body(text: str) -> str:
    """The body as safe HTML for the wall, from its Markdown source.

    The text is tidied with clean_body first (so it raises CardTextError when too long,
    before any parsing), rendered as CommonMark with raw HTML shown as text and bare web
    addresses made into links, then sanitised with sanitise_html. An empty body gives
    ``""``.
    """
    text = clean_body(text)
    if not text:
        return ""
    return sanitise_html(_markdown.render(lists_closed(text))).strip()


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def lists_closed(text: str) -> str:
    """A line written straight after a list, at the margin, starts a new paragraph.

    CommonMark's "lazy continuation" would fold it into the last bullet, which nobody
    writing a card means: they typed a list, then went on. A line indented under the
    bullet still belongs to it.
    """
    lines = text.split("\n")
    out: list[str] = []
    in_list = False
    for line in lines:
        if _LIST_ITEM.match(line):
            in_list = True
        elif in_list and line.strip() and not line[:1].isspace():
            in_list = False
            if out and out[-1].strip():
                out.append("")
        out.append(line)
    return "\n".join(out)
