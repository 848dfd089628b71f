"""A Padlet board export (CSV or XLSX) read into posts and sections, and planned as cards.

Padlet writes one row per post under a header row naming its columns: Subject, Body,
Attachment, Author, Created At, Updated At (docs/imports.md says where these names come
from). The columns may come in any order, and others may be there too (they are ignored).
A board with sections comes in one of two layouts:

- a "Section" column that names each post's section; or
- sections as blocks, as Padlet writes a shelf board: a row holding only the section's
  title (in the first column, after an empty row or right under the header), then that
  section's posts; a repeated header row inside a block is skipped.

Pure functions: parsing refuses with tabular.ImportRefused naming the line and column;
`plan_sessions` turns a board into the sessions, questions and cards the domain writes.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from imports import tabular
from imports.tabular import ImportRefused, Problem, Row, Table
from wall import text as card_text

# The names Padlet writes, first; then names a board saved again from a spreadsheet may use.
COLUMNS = {
    "subject": ("subject", "title", "post subject"),
    "body": ("body", "content", "post body"),
    "attachment": ("attachment", "attachment url", "attachments", "link"),
    "author": ("author", "author name", "posted by"),
    "section": ("section", "section title", "column"),
    "created": ("created at", "created"),
    "updated": ("updated at", "updated", "modified at", "modified"),
}
REQUIRED = ("subject", "body")
COLUMN_LABELS = {
    "subject": "Subject",
    "body": "Body",
    "attachment": "Attachment",
    "author": "Author",
    "section": "Section",
    "created": "Created At",
    "updated": "Updated At",
}
ANONYMOUS_AUTHORS = frozenset({"anonymous", "anonym", "anonymt", "anonyme", "guest", "gjest"})

MAX_POSTS = 2000
MAX_SECTIONS = 50
MAX_SECTION_CHARS = 500  # a section becomes a question, whose column holds as many
MAX_AUTHOR_CHARS = 150
MAX_PROBLEMS = 20  # reported at once; the rest are counted

_ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


@dataclass(frozen=True)
class Post:
    line: int
    subject: str  # the card heading, already cleaned as wall/text.py cleans one
    body: str  # Markdown, tidied
    attachment: str
    author: str  # "" for an anonymous post
    section: str | None
    created: datetime | None
    updated: datetime | None


@dataclass(frozen=True)
class Board:
    kind: str  # "csv" or "xlsx"
    layout: str  # "column", "blocks" or "none"
    posts: tuple[Post, ...]
    sections: tuple[str, ...]
    ignored_columns: tuple[str, ...] = ()
    skipped_rows: int = 0  # empty rows, empty posts, repeated header rows
    encoding: str = ""
    delimiter: str = ""


def _header_keys(cells: tuple[str, ...]) -> list[str | None]:
    return [_ALIASES.get(tabular.normalise_header(cell)) for cell in cells]


def is_header(cells: tuple[str, ...]) -> bool:
    keys = {key for key in _header_keys(cells) if key}
    return len(keys) >= 2 and bool(keys & {"subject", "body"})


def _column_map(table: Table) -> tuple[dict[str, int], tuple[str, ...]]:
    header = table.header
    columns: dict[str, int] = {}
    ignored = []
    problems = []
    for index, key in enumerate(_header_keys(header.cells)):
        name = header.cells[index].strip()
        if key is None:
            if name:
                ignored.append(name)
            continue
        if key in columns:
            problems.append(
                table.problem(
                    _("The column “%(name)s” appears twice.") % {"name": name}, header, index
                )
            )
            continue
        columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            problems.append(
                table.problem(
                    _("The column “%(name)s” is missing. The header row names: %(found)s.")
                    % {
                        "name": COLUMN_LABELS[key],
                        "found": ", ".join(c.strip() for c in header.cells if c.strip()),
                    },
                    header,
                )
            )
    if problems:
        raise ImportRefused(problems)
    return columns, tuple(ignored)


class _Problems:
    def __init__(self):
        self.items: list[Problem] = []
        self.more = 0

    def add(self, problem: Problem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)
        else:
            self.more += 1

    def raise_any(self) -> None:
        if self.items:
            problems = list(self.items)
            if self.more:
                problems.append(
                    Problem(_("… and %(count)d more problems like these.") % {"count": self.more})
                )
            raise ImportRefused(problems)


def parse_board(data: bytes) -> Board:
    """The posts and sections of a Padlet export; ImportRefused names what is wrong where."""
    table = tabular.read_table(data, is_header=is_header)
    columns, ignored = _column_map(table)
    width = len(table.header.cells)
    rows = table.rows[table.header_index + 1 :]
    section_column = columns.get("section")
    has_sections = section_column is not None and any(
        row.cell(section_column).strip() for row in rows
    )
    problems = _Problems()
    posts: list[Post] = []
    sections: list[str] = []
    current: str | None = None
    skipped = 0
    used_blocks = False
    after_break = True  # right under the header counts as the start of a block

    for position, row in enumerate(rows):
        if row.is_empty:
            skipped += 1
            after_break = True
            continue
        if is_header(row.cells):
            skipped += 1
            after_break = True
            continue
        if not has_sections and _is_section_title(row, rows, position, after_break):
            title = _section_title(row.cells[0], table, row, 0, problems)
            if title:
                used_blocks = True
                current = title
                if title not in sections:
                    sections.append(title)
                    if len(sections) > MAX_SECTIONS:
                        raise ImportRefused(
                            table.problem(
                                _("The board has more than %(max)d sections.")
                                % {"max": MAX_SECTIONS},
                                row,
                            )
                        )
            after_break = False
            continue
        after_break = False
        for index in range(width, len(row.cells)):
            if row.cells[index].strip():
                problems.add(
                    Problem(
                        _(
                            "This cell is outside the columns the header row names. Is a "
                            "separator or a quotation mark missing on this line?"
                        ),
                        line=row.number,
                        column=index,
                        kind=table.kind,
                    )
                )
                break
        post = _post(row, table, columns, problems)
        if post is None:
            skipped += 1
            continue
        section = current
        if has_sections:
            section = _section_title(row.cell(section_column), table, row, section_column, problems)
            if section and section not in sections:
                sections.append(section)
                if len(sections) > MAX_SECTIONS:
                    raise ImportRefused(
                        table.problem(
                            _("The board has more than %(max)d sections.") % {"max": MAX_SECTIONS},
                            row,
                            section_column,
                        )
                    )
        posts.append(_with_section(post, section or None))
        if len(posts) > MAX_POSTS:
            raise ImportRefused(
                table.problem(_("The board has more than %(max)d posts.") % {"max": MAX_POSTS}, row)
            )
    problems.raise_any()
    if not posts:
        raise ImportRefused(Problem(_("The file has a header row but no posts under it.")))
    layout = "column" if has_sections else "blocks" if used_blocks else "none"
    return Board(
        kind=table.kind,
        layout=layout,
        posts=tuple(posts),
        sections=tuple(sections),
        ignored_columns=ignored,
        skipped_rows=skipped,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def _is_section_title(row: Row, rows, position: int, after_break: bool) -> bool:
    """A row holding only text in its first cell, at the start of a block."""
    if not row.cells or not row.cells[0].strip():
        return False
    if any(cell.strip() for cell in row.cells[1:]):
        return False
    if after_break:
        return True
    following = rows[position + 1] if position + 1 < len(rows) else None
    return following is not None and is_header(following.cells)


def _section_title(value: str, table: Table, row: Row, column: int, problems) -> str:
    title = " ".join(value.split())
    if len(title) > MAX_SECTION_CHARS:
        problems.add(
            table.problem(
                _("A section title may be at most %(max)d characters.")
                % {"max": MAX_SECTION_CHARS},
                row,
                column,
            )
        )
        return ""
    return title


def _with_section(post: Post, section: str | None) -> Post:
    return Post(**{**post.__dict__, "section": section})


def _post(row: Row, table: Table, columns: dict[str, int], problems) -> Post | None:
    def value(key: str) -> str:
        return row.cell(columns.get(key))

    subject_raw, body_raw, attachment = value("subject"), value("body"), value("attachment")
    attachment = " ".join(attachment.split())
    if not (subject_raw.strip() or body_raw.strip() or attachment):
        return None
    try:
        subject = card_text.clean_heading(subject_raw)
    except card_text.CardTextError as error:
        problems.add(table.problem(str(error), row, columns["subject"]))
        subject = ""
    try:
        body = card_text.clean_body(html_to_text(body_raw))
    except card_text.CardTextError as error:
        problems.add(table.problem(str(error), row, columns["body"]))
        body = ""
    author = " ".join(value("author").split())
    if author.casefold() in ANONYMOUS_AUTHORS:
        author = ""
    if len(author) > MAX_AUTHOR_CHARS:
        problems.add(
            table.problem(
                _("An author's name may be at most %(max)d characters.")
                % {"max": MAX_AUTHOR_CHARS},
                row,
                columns["author"],
            )
        )
    return Post(
        line=row.number,
        subject=subject,
        body=body,
        attachment=attachment,
        author=author,
        section=None,
        created=tabular.parse_timestamp(value("created")),
        updated=tabular.parse_timestamp(value("updated")),
    )


# --- Post text that arrives as HTML ------------------------------------------------------

_HTML_TAG = re.compile(r"</?(?:p|br|div|ul|ol|li|a|b|strong|i|em|u|span|h[1-6])\b[^>]*>", re.I)


class _TextOfHtml(HTMLParser):
    """Paragraphs, line breaks, list items and links of a post's HTML, as Markdown text."""

    BLOCKS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
    SKIPPED = frozenset({"script", "style", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.lists: list[list] = []  # per open list: [ordered, next number]
        self.link: tuple[str, list[str]] | None = None

    def _out(self, text: str) -> None:
        if self.link is not None:
            self.link[1].append(text)
        else:
            self.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self._out("\n")
        elif tag in self.BLOCKS:
            self._out("\n\n")
            if tag in ("ul", "ol"):
                self.lists.append([tag == "ol", 1])
        elif tag == "li":
            marker = "- "
            if self.lists and self.lists[-1][0]:
                marker = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            self._out("\n" + marker)
        elif tag == "a" and self.link is None:
            href = dict(attrs).get("href") or ""
            self.link = (href.strip(), [])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self._out("\n\n")
        elif tag == "a" and self.link is not None:
            href, words = self.link
            self.link = None
            label = " ".join("".join(words).split())
            if re.match(r"https?://", href, re.I) and not re.search(r"[\s()<>]", href):
                if label and label != href:
                    self.parts.append(f"[{label.replace(']', ')')}]({href})")
                else:
                    self.parts.append(href)
            else:
                self.parts.append(label)

    def handle_data(self, data):
        if not self.skipping:
            self._out(data)

    def text(self) -> str:
        if self.link is not None:
            self.parts.extend(self.link[1])
        joined = "".join(self.parts)
        joined = re.sub(r"[ \t]+\n", "\n", joined)
        return re.sub(r"\n{3,}", "\n\n", joined).strip()


def html_to_text(value: str) -> str:
    """A post body as Markdown text: HTML (as newer exports write it) becomes paragraphs,
    lists and links; plain text is returned as it is."""
    if not _HTML_TAG.search(value or ""):
        return value or ""
    parser = _TextOfHtml()
    parser.feed(value)
    parser.close()
    return parser.text()


# --- Planning the import ---------------------------------------------------------------------


@dataclass(frozen=True)
class CardPlan:
    heading: str
    body: str
    question_numbers: tuple[int, ...]
    lines: tuple[int, ...]  # where its posts are in the file
    created: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class SessionPlan:
    title: str
    questions: tuple[str, ...]
    cards: tuple[CardPlan, ...] = field(default=())


def _post_text(post: Post, *, with_subject: bool) -> str:
    parts = []
    if with_subject and post.subject:
        parts.append(f"**{post.subject}**")
    if post.body:
        parts.append(post.body)
    if post.attachment:
        parts.append(_("Attachment: %(link)s") % {"link": post.attachment})
    return "\n\n".join(parts)


def _card(posts: list[Post], session_sections: tuple[str, ...], *, kind, keep_authors) -> CardPlan:
    several = len(posts) > 1
    subjects = {post.subject for post in posts}
    heading = posts[0].subject if not several or len(subjects) == 1 else ""
    texts = [_post_text(post, with_subject=several and not heading) for post in posts]
    body = "\n\n".join(text for text in texts if text)
    authors = list(dict.fromkeys(post.author for post in posts if post.author))
    if keep_authors and authors:
        body = (body + "\n\n" if body else "") + _("Posted by %(author)s") % {
            "author": ", ".join(authors)
        }
    try:
        body = card_text.clean_body(body)
    except card_text.CardTextError as error:
        raise ImportRefused(
            Problem(
                _("The posts from line %(first)d on are too long together for one card: %(why)s")
                % {"first": posts[0].line, "why": str(error)},
                line=posts[0].line,
                kind=kind,
            )
        ) from error
    numbers = sorted(
        {session_sections.index(p.section) + 1 for p in posts if p.section in session_sections}
    )
    times = [p.updated or p.created for p in posts if p.updated or p.created]
    created = [p.created for p in posts if p.created]
    return CardPlan(
        heading=heading,
        body=body,
        question_numbers=tuple(numbers),
        lines=tuple(p.line for p in posts),
        created=min(created) if created else None,
        updated=max(times) if times else None,
    )


def _cards(posts, questions, *, group_by, kind, keep_authors) -> tuple[CardPlan, ...]:
    if group_by in ("author", "subject"):
        bunches: dict[str, list[Post]] = {}
        for number, post in enumerate(posts):
            value = post.author if group_by == "author" else post.subject
            key = value.casefold() if value else f"\0{number}"  # none: a group of its own
            bunches.setdefault(key, []).append(post)
        groups = list(bunches.values())
    else:
        groups = [[post] for post in posts]
    return tuple(_card(g, questions, kind=kind, keep_authors=keep_authors) for g in groups)


def plan_sessions(
    board: Board,
    *,
    title: str,
    loose_title: str | None = None,
    sections_as: str = "questions",
    group_by: str = "post",
    keep_authors: bool = False,
) -> list[SessionPlan]:
    """The group sessions to create: each with its questions and one card per group.

    `sections_as` "questions": one session titled `title`, whose questions are the
    sections; "sessions": one session per section (posts without one come first, under
    `loose_title`). `group_by` "post": one group, and so one card, per post; "author": one
    per author, holding all their posts in the session (anonymous posts keep one each);
    "subject": one per post title, for boards where each group wrote its name there
    ("Gruppe 7") on every post.
    """
    options = {"group_by": group_by, "kind": board.kind, "keep_authors": keep_authors}
    if sections_as == "sessions" and board.sections:
        plans = []
        loose = [post for post in board.posts if post.section is None]
        if loose:
            plans.append(SessionPlan(loose_title or title, (), _cards(loose, (), **options)))
        for section in board.sections:
            posts = [post for post in board.posts if post.section == section]
            if posts:
                plans.append(SessionPlan(section, (), _cards(posts, (), **options)))
        return plans
    return [SessionPlan(title, board.sections, _cards(board.posts, board.sections, **options))]
