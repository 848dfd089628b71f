"""What a meeting report holds, as plain data: gathered once (reports/gather.py), then
written by each exporter (reports/exporters/) without touching the database again.

Labels are not stored here: an exporter writes them with gettext, under the report's
`language`, so the facilitator's interface language decides them. Participant names
appear only where `include_names` is set when the content is gathered; otherwise the
fields that could hold a name hold None or a role such as "referent for gruppe 7".
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True)
class Picture:
    """A picture on a card. `storage_name` is its name in Django's default storage."""

    storage_name: str
    file_name: str  # the name it gets beside the Markdown in the ZIP, e.g. "gruppe-7-1.jpg"
    alt: str
    width: int
    height: int
    content_type: str  # "image/jpeg", "image/png", …
    image_id: int = 0  # its CardImage: the report page links it by that (wall/access.py)

    def read(self) -> bytes:
        from django.core.files.storage import default_storage

        with default_storage.open(self.storage_name, "rb") as picture:
            return picture.read()


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class ProgrammeRow:
    """One programme item as planned and as it ran."""

    position: int
    title: str
    kind: str  # ProgrammeItem.Kind value
    kind_label: str
    planned_start: time | None
    planned_minutes: int
    started_at: datetime | None  # local time (Europe/Oslo)
    finished_at: datetime | None
    actual_minutes: int | None  # rounded; None when it never ran
    skipped: bool
    speakers: tuple[Speaker, ...] = ()
    extra_minutes: int = 0  # time the facilitator added while it ran (negative: taken off)


@dataclass(frozen=True)
class Question:
    number: int  # 1-based, as on the wall and in Card.question_numbers
    text: str


@dataclass(frozen=True)
class ReportCard:
    group_number: int
    group_name: str  # "Gruppe 7"
    heading: str
    text: str  # the Markdown the group wrote
    html: str  # the same, rendered and sanitised as on the wall (wall/text.py)
    question_numbers: tuple[int, ...]
    pictures: tuple[Picture, ...]
    comment: str  # the facilitator's comment, "" when none
    pinned: bool
    hidden: bool  # only present when the facilitator chose to include hidden cards
    updated_at: datetime | None
    version_count: int
    # Who wrote it: names when names are included, else roles ("referent for gruppe 7").
    written_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSection:
    """The cards answering one question; `question` is None for cards that name none."""

    question: Question | None
    cards: tuple[ReportCard, ...]


@dataclass(frozen=True)
class SessionSection:
    """One group session: its questions, then its cards grouped by the questions they answer.

    A card answering two questions appears under both; `cards` lists each card once.
    """

    title: str
    started_at: datetime | None
    questions: tuple[Question, ...]
    sections: tuple[QuestionSection, ...]
    cards: tuple[ReportCard, ...]
    group_count: int


@dataclass(frozen=True)
class ReportBackTurn:
    position: int  # 1-based
    group_name: str
    seconds: int  # the time set for the turn
    started_at: datetime | None


@dataclass(frozen=True)
class ReportBack:
    title: str
    turns: tuple[ReportBackTurn, ...]


@dataclass(frozen=True)
class CountRow:
    """People from one county or organisation: participants, local sites and heads in all."""

    label: str
    participants: int  # people who joined one by one
    local_sites: int
    heads: int  # participants + the people in the local sites' rooms


@dataclass(frozen=True)
class Participation:
    participants: int
    local_sites: int
    heads: int
    by_county: tuple[CountRow, ...]  # largest first; "Uten fylke" for other organisations
    by_organisation: tuple[CountRow, ...]
    municipalities_present: int
    municipalities_in_register: int
    counties: tuple[str, ...]  # the counties present, by name
    names: tuple[str, ...] | None = None  # display names, only when names are included
    # From an imported video-call participant report (imports app), when one was attached.
    video_call: "VideoCallAttendance | None" = None


@dataclass(frozen=True)
class VideoCallAttendance:
    source: str  # e.g. "Zoom"
    people: int
    following_convention: int
    not_following_convention: int
    municipalities: tuple[str, ...]
    counties: tuple[str, ...]
    total_minutes: int


@dataclass(frozen=True)
class SynthesisTheme:
    label: str
    terms: tuple[str, ...]
    groups: tuple[str, ...]  # "Gruppe 4, Fremtidens kulturskole"
    quotes: tuple[tuple[str, str], ...]  # (where, sentence), one to three


@dataclass(frozen=True)
class SynthesisSection:
    """What the groups said (analysis app): value areas per question, and recurring themes."""

    taxonomy: str  # its name, in the report's language
    cards: int
    untagged: int
    areas: tuple[CountRow, ...]  # label: the value area; participants = heads = its cards
    questions: tuple[str, ...]  # the questions, in order, as the table's rows
    per_question: tuple[tuple[int, ...], ...]  # per question, the cards of each area
    themes: tuple[SynthesisTheme, ...]


@dataclass(frozen=True)
class ReportContent:
    meeting_code: str
    title: str
    date: date
    language: str  # the language of the labels: "nb", "nn" or "en"
    organised_by: str
    facilitators: tuple[str, ...]
    summary_markdown: str
    summary_html: str  # sanitised
    recording_url: str
    video_url: str
    programme: tuple[ProgrammeRow, ...]
    sessions: tuple[SessionSection, ...]
    report_backs: tuple[ReportBack, ...]
    participation: Participation
    include_names: bool
    include_hidden: bool
    generated_at: datetime
    # What the groups said, by the analysis; None when no card was written.
    synthesis: SynthesisSection | None = field(default=None)

    @property
    def cards(self) -> tuple[ReportCard, ...]:
        return tuple(card for session in self.sessions for card in session.cards)

    @property
    def pictures(self) -> tuple[Picture, ...]:
        return tuple(picture for card in self.cards for picture in card.pictures)
