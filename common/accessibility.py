"""The facts of samtale's accessibility statement (the page at /tilgjengelighet/ and
docs/accessibility.md): each WCAG 2.1 success criterion at level A and AA, whether it
applies to samtale, how samtale meets it, and the tests that show it.

The tests are named as pytest node ids; tests/test_accessibility_statement.py checks that
each is there, so a row never points at a test that was renamed or removed.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# When the statement was last checked against the tests below.
STATEMENT_DATE = date(2026, 12, 3)
WCAG_URL = "https://www.w3.org/Translations/WCAG21-no/"
AUTHORITY_URL = "https://www.uutilsynet.no/"

AXE = (
    "tests/browser/test_axe_all_pages.py::"
    "test_no_page_has_violations_in_any_language_at_either_width"
)
KEYBOARD_FLOW = (
    "tests/browser/test_keyboard_flow.py::"
    "test_a_participant_takes_part_from_joining_to_the_report_back_by_keyboard"
)
KEYBOARD_JOIN = "tests/browser/test_keyboard.py::test_a_participant_joins_by_keyboard_alone"
KEYBOARD_REVIEW = (
    "tests/browser/test_analysis.py::test_a_facilitator_reviews_two_cards_by_keyboard_alone"
)
PANEL_FOCUS = (
    "tests/browser/test_focus.py::test_a_keyboard_timekeeper_keeps_focus_through_every_panel_action"
)
CARD_DIALOG = "tests/browser/test_focus.py::test_a_wall_card_opens_by_keyboard_and_gives_focus_back"
LANGUAGE_SWITCH = (
    "tests/browser/test_focus.py::test_the_language_switch_changes_only_when_its_button_is_pressed"
)
FAILED_JOIN = "tests/browser/test_focus.py::test_a_failed_join_says_what_is_wrong_where_focus_lands"
NO_DUPLICATE_IDS = (
    "tests/browser/test_focus.py::test_the_report_back_manage_page_has_no_duplicate_ids"
)
PAGE_TITLES = "tests/test_page_titles.py::test_no_two_pages_share_a_title"
WHOSE_TURN = (
    "tests/browser/test_announcements.py::"
    "test_whose_turn_it_is_is_said_once_each_time_the_word_passes"
)
PLACED = "tests/browser/test_announcements.py::test_being_placed_in_a_group_is_said"
MEETING_ENDED = (
    "tests/browser/test_announcements.py::"
    "test_the_group_session_and_the_end_of_the_meeting_are_said"
)
HELP_ANSWER = "tests/browser/test_announcements.py::test_a_help_answer_is_said"
TIME_UP = (
    "tests/browser/test_announcements.py::"
    "test_the_speakers_time_is_said_30_seconds_before_and_when_it_is_up"
)
SAID_ONCE = (
    "tests/browser/test_announcements.py::"
    "test_the_recording_and_the_announcement_are_written_only_when_they_change"
)
SAVED_ONCE = (
    "tests/browser/test_announcements.py::test_the_card_editor_says_saved_once_and_not_on_every_key"
)
COPIED = "tests/browser/test_wall_narrow.py::test_the_copy_button_is_heard_when_it_has_copied"
NARROW = "tests/browser/test_wall_narrow.py::test_the_walls_layout_switch_fits_a_320_px_screen"
CONTROL_ROOM_LANGUAGE = (
    "tests/meetings/test_content_language.py::"
    "test_the_control_room_marks_the_meetings_title_and_items"
)
MOTION = "tests/test_static.py::test_nothing_moves_for_more_than_five_seconds"
WRITTEN_FORMS = (
    "tests/browser/test_written_forms.py::"
    "test_the_programme_is_shown_in_the_readers_form_and_marked_where_it_is_not"
)
WALL_LANGUAGE = (
    "tests/browser/test_wall_language.py::"
    "test_an_english_participants_wall_stays_english_after_a_live_update"
)
STATEMENT = "tests/test_accessibility_statement.py::test_the_statement_is_public_in_each_language"
CONTROL_ROOM_FOCUS = (
    "tests/browser/test_control_room.py::test_the_controls_come_first_to_the_keyboard"
)
HELP_COUNT = (
    "tests/browser/test_help_signal.py::"
    "test_every_facilitator_page_shows_a_new_help_question_without_reload"
)
HELP_SOUND = "tests/browser/test_help_signal.py::test_the_chime_can_be_turned_off_and_stays_off"


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str  # "A" or "AA"
    name: str
    how: str  # how samtale meets it; where it does not apply, why not
    tests: tuple[str, ...] = ()
    applies: bool = True
    # False: a known deviation, which the statement lists (`how` says what is missing).
    met: bool = True


def criterion(number, level, name, how, tests=(), **options) -> Criterion:
    return Criterion(number, level, name, how, tuple(tests), **options)


CRITERIA: tuple[Criterion, ...] = (
    # 1 Perceivable
    criterion(
        "1.1.1",
        "A",
        pgettext_lazy("WCAG", "Non-text Content"),
        _(
            "A picture on a card cannot be added without a text alternative; icons are "
            "hidden from assistive technology next to a visible text, or have a name."
        ),
        [AXE],
    ),
    criterion(
        "1.2.1",
        "A",
        pgettext_lazy("WCAG", "Audio-only and Video-only (Prerecorded)"),
        _("samtale has no audio or video of its own: the call runs in the video service."),
        applies=False,
    ),
    criterion(
        "1.2.2",
        "A",
        pgettext_lazy("WCAG", "Captions (Prerecorded)"),
        _(
            "samtale has no audio or video of its own. A recording it links to lives in the "
            "video service, which is responsible for its captions."
        ),
        applies=False,
    ),
    criterion(
        "1.2.3",
        "A",
        pgettext_lazy("WCAG", "Audio Description or Media Alternative (Prerecorded)"),
        _("samtale has no audio or video of its own: the call runs in the video service."),
        applies=False,
    ),
    criterion(
        "1.2.4",
        "AA",
        pgettext_lazy("WCAG", "Captions (Live)"),
        _(
            "The live sound of the meeting is in the video service; its live captions are "
            "that service's, not samtale's."
        ),
        applies=False,
    ),
    criterion(
        "1.2.5",
        "AA",
        pgettext_lazy("WCAG", "Audio Description (Prerecorded)"),
        _("samtale has no audio or video of its own: the call runs in the video service."),
        applies=False,
    ),
    criterion(
        "1.3.1",
        "A",
        pgettext_lazy("WCAG", "Info and Relationships"),
        _(
            "Headings, lists, tables with header cells, labelled fields and landmarks carry "
            "the structure; live changes are said in one live region, outside the parts "
            "that reload."
        ),
        [AXE, WHOSE_TURN],
    ),
    criterion(
        "1.3.2",
        "A",
        pgettext_lazy("WCAG", "Meaningful Sequence"),
        _("The reading order of the code is the order on the screen, at every width."),
        [AXE, KEYBOARD_FLOW],
    ),
    criterion(
        "1.3.3",
        "A",
        pgettext_lazy("WCAG", "Sensory Characteristics"),
        _("Instructions name controls by their text, never by shape, place or colour alone."),
    ),
    criterion(
        "1.3.4",
        "AA",
        pgettext_lazy("WCAG", "Orientation"),
        _("No page is locked to portrait or landscape."),
        [AXE],
    ),
    criterion(
        "1.3.5",
        "AA",
        pgettext_lazy("WCAG", "Identify Input Purpose"),
        _("The fields about the participant (name, e-mail) say their purpose (autocomplete)."),
        [FAILED_JOIN],
    ),
    criterion(
        "1.4.1",
        "A",
        pgettext_lazy("WCAG", "Use of Color"),
        _(
            "States (running, paused, saved, the speaker) are said in words as well as "
            "shown in colour; links in text are underlined."
        ),
        [AXE],
    ),
    criterion(
        "1.4.2",
        "A",
        pgettext_lazy("WCAG", "Audio Control"),
        _(
            "Nothing plays for more than three seconds: the only sound is a chime of under half "
            "a second on the facilitators' pages when a help question comes in, which they "
            "can turn off."
        ),
        [HELP_SOUND],
        applies=False,
    ),
    criterion(
        "1.4.3",
        "AA",
        pgettext_lazy("WCAG", "Contrast (Minimum)"),
        _("Text has a contrast of at least 4.5:1 (large text 3:1) on every page."),
        [AXE],
    ),
    criterion(
        "1.4.4",
        "AA",
        pgettext_lazy("WCAG", "Resize text"),
        _(
            "Sizes are in rem and the layout follows the width, so text can be enlarged to "
            "200 % without loss. Checked by hand, not by a test."
        ),
        [AXE],
    ),
    criterion(
        "1.4.5",
        "AA",
        pgettext_lazy("WCAG", "Images of Text"),
        _("samtale shows text as text; a picture on a card is the group's own."),
    ),
    criterion(
        "1.4.10",
        "AA",
        pgettext_lazy("WCAG", "Reflow"),
        _(
            "Every page fits a 390 px phone without scrolling sideways, the wall's tools "
            "a 320 px one; wide tables scroll inside a region of their own."
        ),
        [AXE, NARROW],
    ),
    criterion(
        "1.4.11",
        "AA",
        pgettext_lazy("WCAG", "Non-text Contrast"),
        _("Fields, buttons and the focus ring have a contrast of at least 3:1."),
        [AXE],
    ),
    criterion(
        "1.4.12",
        "AA",
        pgettext_lazy("WCAG", "Text Spacing"),
        _(
            "No box has a fixed height for text, so wider line, word and letter spacing "
            "does not cut text off. Checked by hand, not by a test."
        ),
    ),
    criterion(
        "1.4.13",
        "AA",
        pgettext_lazy("WCAG", "Content on Hover or Focus"),
        _("Nothing appears on hover or focus alone: a card opens large when it is chosen."),
        [CARD_DIALOG],
    ),
    # 2 Operable
    criterion(
        "2.1.1",
        "A",
        pgettext_lazy("WCAG", "Keyboard"),
        _(
            "The whole meeting can be taken part in by keyboard: joining, following the "
            "programme, taking a role, running the round, writing the card and the "
            "report-back; the facilitators' review of cards as well."
        ),
        [KEYBOARD_FLOW, KEYBOARD_JOIN, PANEL_FOCUS, CARD_DIALOG, KEYBOARD_REVIEW],
    ),
    criterion(
        "2.1.2",
        "A",
        pgettext_lazy("WCAG", "No Keyboard Trap"),
        _("Focus leaves every control and dialog by Tab or Escape."),
        [KEYBOARD_FLOW, CARD_DIALOG],
    ),
    criterion(
        "2.1.4",
        "A",
        pgettext_lazy("WCAG", "Character Key Shortcuts"),
        _("samtale has no shortcuts of a single character."),
        applies=False,
    ),
    criterion(
        "2.2.1",
        "A",
        pgettext_lazy("WCAG", "Timing Adjustable"),
        _(
            "Countdowns only inform: nothing is lost or closed when one runs out, and the "
            "timekeeper or facilitator can pause or add time."
        ),
        [PANEL_FOCUS],
    ),
    criterion(
        "2.2.2",
        "A",
        pgettext_lazy("WCAG", "Pause, Stop, Hide"),
        _(
            "The small dots that show the live connection, a recording or a save under way "
            "pulse for at most four seconds when their state begins, then stay still, and "
            "not at all when the system asks for reduced motion. Nothing else moves by itself."
        ),
        [MOTION],
    ),
    criterion(
        "2.3.1",
        "A",
        pgettext_lazy("WCAG", "Three Flashes or Below Threshold"),
        _("Nothing flashes."),
    ),
    criterion(
        "2.4.1",
        "A",
        pgettext_lazy("WCAG", "Bypass Blocks"),
        _("Every page starts with a link to its content, and has landmarks."),
        [KEYBOARD_JOIN, KEYBOARD_FLOW],
    ),
    criterion(
        "2.4.2",
        "A",
        pgettext_lazy("WCAG", "Page Titled"),
        _("Every page has a title of its own, which starts with “Error:” after a failed form."),
        [PAGE_TITLES, FAILED_JOIN],
    ),
    criterion(
        "2.4.3",
        "A",
        pgettext_lazy("WCAG", "Focus Order"),
        _(
            "Focus follows the page; after a group action it stays on the matching control "
            "of the reloaded panel, after a control of the running item in the control room "
            "on the same control of the page that comes back, and a closed card gives focus "
            "back."
        ),
        [PANEL_FOCUS, CONTROL_ROOM_FOCUS, CARD_DIALOG, KEYBOARD_FLOW],
    ),
    criterion(
        "2.4.4",
        "A",
        pgettext_lazy("WCAG", "Link Purpose (In Context)"),
        _("Each link says where it leads, with its text or its context."),
        [AXE],
    ),
    criterion(
        "2.4.5",
        "AA",
        pgettext_lazy("WCAG", "Multiple Ways"),
        _(
            "The pages of a meeting are reached from its page and from the programme; the "
            "live pages are steps of one meeting, which is an exception."
        ),
    ),
    criterion(
        "2.4.6",
        "AA",
        pgettext_lazy("WCAG", "Headings and Labels"),
        _("Headings and labels say what follows."),
        [AXE],
    ),
    criterion(
        "2.4.7",
        "AA",
        pgettext_lazy("WCAG", "Focus Visible"),
        _("The focused control has a clear ring, also on cards and scrolling tables."),
        [KEYBOARD_FLOW],
    ),
    criterion(
        "2.5.1",
        "A",
        pgettext_lazy("WCAG", "Pointer Gestures"),
        _("Everything is done with a single tap or click; nothing needs a path or two fingers."),
    ),
    criterion(
        "2.5.2",
        "A",
        pgettext_lazy("WCAG", "Pointer Cancellation"),
        _("Controls are the browser's own buttons and links, which act when released."),
    ),
    criterion(
        "2.5.3",
        "A",
        pgettext_lazy("WCAG", "Label in Name"),
        _("A control's accessible name starts with its visible text."),
        [AXE, KEYBOARD_FLOW],
    ),
    criterion(
        "2.5.4",
        "A",
        pgettext_lazy("WCAG", "Motion Actuation"),
        _("Nothing is done by moving or shaking the device."),
        applies=False,
    ),
    # 3 Understandable
    criterion(
        "3.1.1",
        "A",
        pgettext_lazy("WCAG", "Language of Page"),
        _("Each page says its language (bokmål, nynorsk or English) as the reader chose it."),
        [AXE, LANGUAGE_SWITCH],
    ),
    criterion(
        "3.1.2",
        "AA",
        pgettext_lazy("WCAG", "Language of Parts"),
        _(
            "Live updates are in the reader's language and the language choices carry "
            "their own. The meeting's own content (titles, questions, cards) is marked with "
            "its language where it is not the page's, on the participants' pages, the "
            "control room and the projector, and a card shown in the other written form with "
            "that one."
        ),
        [WALL_LANGUAGE, LANGUAGE_SWITCH, WRITTEN_FORMS, CONTROL_ROOM_LANGUAGE],
    ),
    criterion(
        "3.2.1",
        "A",
        pgettext_lazy("WCAG", "On Focus"),
        _("Moving focus never changes the page or sends anything."),
        [KEYBOARD_FLOW],
    ),
    criterion(
        "3.2.2",
        "A",
        pgettext_lazy("WCAG", "On Input"),
        _(
            "Choosing a language changes nothing until its button is pressed; the card is "
            "saved as it is written, which the editor says."
        ),
        [LANGUAGE_SWITCH, SAVED_ONCE],
    ),
    criterion(
        "3.2.3",
        "AA",
        pgettext_lazy("WCAG", "Consistent Navigation"),
        _("The header, the language choice and the footer are the same on every page."),
        [AXE],
    ),
    criterion(
        "3.2.4",
        "AA",
        pgettext_lazy("WCAG", "Consistent Identification"),
        _("A control that does the same has the same name wherever it is."),
    ),
    criterion(
        "3.3.1",
        "A",
        pgettext_lazy("WCAG", "Error Identification"),
        _(
            "A failed form gets a summary, which takes the focus and links to each field; "
            "each field says what is wrong and is marked invalid."
        ),
        [FAILED_JOIN],
    ),
    criterion(
        "3.3.2",
        "A",
        pgettext_lazy("WCAG", "Labels or Instructions"),
        _("Every field has a label, and its help text is tied to it."),
        [FAILED_JOIN, NO_DUPLICATE_IDS],
    ),
    criterion(
        "3.3.3",
        "AA",
        pgettext_lazy("WCAG", "Error Suggestion"),
        _("The error says what to write instead, such as the form of an e-mail address."),
        [FAILED_JOIN],
    ),
    criterion(
        "3.3.4",
        "AA",
        pgettext_lazy("WCAG", "Error Prevention (Legal, Financial, Data)"),
        _(
            "samtale makes no legal or financial commitments; a card's earlier versions can "
            "be restored, and leaving the meeting asks first."
        ),
    ),
    # 4 Robust
    criterion(
        "4.1.1",
        "A",
        pgettext_lazy("WCAG", "Parsing"),
        _("The pages are valid HTML with no id used twice."),
        [NO_DUPLICATE_IDS, FAILED_JOIN],
    ),
    criterion(
        "4.1.2",
        "A",
        pgettext_lazy("WCAG", "Name, Role, Value"),
        _(
            "Controls are native HTML elements with names; the card dialog is a dialog "
            "element with a name."
        ),
        [AXE, CARD_DIALOG],
    ),
    criterion(
        "4.1.3",
        "AA",
        pgettext_lazy("WCAG", "Status Messages"),
        _(
            "The page's live region says, once each, whose turn it is, the speaker's time, "
            "being placed in a group, a help answer, the count of open help questions on the "
            "facilitators' pages, the meeting ending, a saved card and a copied name."
        ),
        [
            WHOSE_TURN,
            PLACED,
            MEETING_ENDED,
            HELP_ANSWER,
            HELP_COUNT,
            TIME_UP,
            SAID_ONCE,
            SAVED_ONCE,
            COPIED,
        ],
    ),
)


def criteria_that_apply() -> list[Criterion]:
    return [criterion for criterion in CRITERIA if criterion.applies]


def deviations() -> list[Criterion]:
    return [criterion for criterion in CRITERIA if criterion.applies and not criterion.met]


def criteria_markdown() -> str:
    """The criteria as the table of docs/accessibility.md, in English (the doc's language)."""
    status = {(True, True): "met", (True, False): "**not fully met**", (False, True): "n/a"}
    lines = [
        "| Criterion | Level | Status | How samtale meets it | Tested by |",
        "|---|---|---|---|---|",
    ]
    with translation.override("en"):
        for c in CRITERIA:
            tests = "<br>".join(f"`{test}`" for test in c.tests)
            tests = tests or ("by hand" if c.applies else "–")
            state = status[(c.applies, c.met or not c.applies)]
            lines.append(f"| {c.number} {c.name} | {c.level} | {state} | {c.how} | {tests} |")
    return "\n".join(lines) + "\n"
