"""Padlet board exports read into posts and sections, and planned as sessions and cards."""

import io

import pytest
from openpyxl import Workbook

from imports import padlet
from imports.tabular import ImportRefused
from tests.imports.conftest import example

QUESTIONS = (
    "Hva av dette er relevant for arbeidet med helhetlig oppvekst og kulturskole hos oss?",
    "Hva er viktige rammer og verdier for å sammen skape fremtidens kulturskole i vår kommune?",
    "Hva griper vi fatt i først – hva må vi først få på plass?",
)


def board_of(text: str) -> padlet.Board:
    return padlet.parse_board(text.encode("utf-8"))


def refusal(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ImportRefused) as refused:
        padlet.parse_board(data)
    return [str(problem) for problem in refused.value.problems]


def cards(board, **options):
    return [
        (card.heading, card.question_numbers)
        for session in padlet.plan_sessions(board, title="Gruppesamtale", **options)
        for card in session.cards
    ]


def test_example_csv_has_a_section_column():
    board = padlet.parse_board(example("padlet-board.csv"))
    assert (board.kind, board.layout, board.encoding, board.delimiter) == (
        "csv",
        "column",
        "UTF-8",
        ",",
    )
    assert board.sections == QUESTIONS
    assert [post.subject for post in board.posts] == [f"Gruppe {n}" for n in (1, 2, 3, 4, 1, 2)]
    assert [post.line for post in board.posts] == [2, 5, 6, 7, 8, 9]
    assert board.posts[0].body.endswith(
        "- Felles planer med oppvekstsektoren\n- Kulturskolen med i kommuneplanen"
    )
    assert board.posts[1].attachment == "https://www.kulturskoleradet.no/rammeplan"
    assert board.posts[0].author == ""  # "Anonym"
    assert board.posts[1].author == "Kari Nordmann"


def test_example_xlsx_in_shelf_blocks_gives_the_same_posts_as_the_csv():
    from_csv = padlet.parse_board(example("padlet-board.csv"))
    from_xlsx = padlet.parse_board(example("padlet-board-shelf.xlsx"))
    assert (from_xlsx.kind, from_xlsx.layout) == ("xlsx", "blocks")
    assert from_xlsx.sections == from_csv.sections

    def content(board):
        return [
            (p.subject, p.body, p.attachment, p.author, p.section, p.updated) for p in board.posts
        ]

    assert content(from_xlsx) == content(from_csv)


def test_formula_in_the_examples_is_imported_as_its_text():
    for name in ("padlet-board.csv", "padlet-board-shelf.xlsx"):
        last = padlet.parse_board(example(name)).posts[-1]
        assert last.body.startswith("Vi starter med en kartlegging av ventelistene")


def test_columns_in_any_order_and_extra_columns_are_left_out():
    board = board_of(
        "Likes,Author,Section,Body,Comments,Subject\n3,Kari,Spørsmål 1,Tekst,2,Gruppe 1\n"
    )
    post = board.posts[0]
    assert (post.subject, post.body, post.author, post.section) == (
        "Gruppe 1",
        "Tekst",
        "Kari",
        "Spørsmål 1",
    )
    assert board.ignored_columns == ("Likes", "Comments")


def test_header_names_are_matched_without_case_or_extra_spaces():
    board = board_of("  SUBJECT , body ,Created   at\nA,B,2025-11-20 10:00:00 UTC\n")
    assert board.posts[0].created.isoformat() == "2025-11-20T10:00:00+00:00"


def test_sections_as_blocks_with_title_rows_and_repeated_headers():
    board = board_of(
        "Subject,Body,Author\n"
        "Spørsmål 1\n"
        "Gruppe 1,Svar en,\n"
        "Gruppe 2,Svar to,\n"
        "\n"
        "Spørsmål 2\n"
        "Subject,Body,Author\n"
        "Gruppe 1,Svar tre,\n"
    )
    assert board.layout == "blocks"
    assert board.sections == ("Spørsmål 1", "Spørsmål 2")
    assert [(p.subject, p.section) for p in board.posts] == [
        ("Gruppe 1", "Spørsmål 1"),
        ("Gruppe 2", "Spørsmål 1"),
        ("Gruppe 1", "Spørsmål 2"),
    ]
    assert board.skipped_rows == 2  # the empty row and the repeated header


def test_a_post_with_only_a_subject_inside_a_block_stays_a_post():
    board = board_of("Subject,Body\nSpørsmål 1\nGruppe 1,Svar\nBare en tittel\n")
    assert [(p.subject, p.section) for p in board.posts] == [
        ("Gruppe 1", "Spørsmål 1"),
        ("Bare en tittel", "Spørsmål 1"),
    ]


def test_board_without_sections():
    board = board_of("Subject,Body\nA,Tekst\nB,Mer tekst\n")
    assert (board.layout, board.sections) == ("none", ())
    assert cards(board) == [("A", ()), ("B", ())]


def test_empty_rows_and_empty_posts_are_left_out():
    board = board_of("Subject,Body,Author\n\n,,\nA,Tekst,\n,,Kari\n\n")
    assert [p.subject for p in board.posts] == ["A"]
    assert board.skipped_rows == 4


def test_semicolon_separated_windows_1252_export():
    data = "Subject;Body;Section\nGruppe 1;Tid, rom og fagfolk – først;Våre verdier\n".encode(
        "cp1252"
    )
    board = padlet.parse_board(data)
    assert (board.encoding, board.delimiter) == ("Windows-1252", ";")
    assert (board.posts[0].body, board.sections) == (
        "Tid, rom og fagfolk – først",
        ("Våre verdier",),
    )


def test_missing_body_column_is_named_with_the_header_line():
    assert refusal("Dialog\nSubject,Author\nA,Kari\n") == [
        "Line 2: The column “Body” is missing. The header row names: Subject, Author."
    ]


def test_column_given_twice_is_refused_naming_it():
    assert refusal("Subject,Body,Body\nA,B,C\n") == [
        "Line 1, column C (Body): The column “Body” appears twice."
    ]


def test_cell_outside_the_header_columns_is_refused_naming_line_and_column():
    assert refusal("Subject,Body\nA,B\nC,D,E\n") == [
        "Line 3, column C: This cell is outside the columns the header row names. Is a "
        "separator or a quotation mark missing on this line?"
    ]


def test_subject_too_long_for_a_heading_is_refused_naming_line_and_column():
    assert refusal(f"Body,Subject\nTekst,{'x' * 201}\n") == [
        "Line 2, column B (Subject): Write a heading of at most 200 characters."
    ]


def test_xlsx_problems_name_the_row_and_column():
    workbook = Workbook()
    workbook.active.append(["Subject", "Body"])
    workbook.active.append(["x" * 201, "Tekst"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refusal(buffer.getvalue()) == [
        "Row 2, column A (Subject): Write a heading of at most 200 characters."
    ]


def test_several_problems_are_reported_together():
    problems = refusal(f"Subject,Body\n{'x' * 201},A\nB,C,D\n{'y' * 201},E\n")
    assert [problem.split(":")[0] for problem in problems] == [
        "Line 2, column A (Subject)",
        "Line 3, column C",
        "Line 4, column A (Subject)",
    ]


def test_header_row_without_posts_is_refused():
    assert refusal("Subject,Body\n\n\n") == ["The file has a header row but no posts under it."]


def test_html_bodies_become_paragraphs_lists_and_links():
    html = (
        "<p>Vi vil ha <strong>mer</strong> samarbeid.</p>"
        "<ul><li>Felles planer</li><li>Mer tid</li></ul>"
        '<p>Les <a href="https://www.ks.no/rapport">rapporten</a> &amp; '
        '<a href="javascript:alert(1)">dette</a>.<br>Takk!</p>'
        "<script>alert('nei')</script>"
    )
    assert padlet.html_to_text(html) == (
        "Vi vil ha mer samarbeid.\n\n"
        "- Felles planer\n"
        "- Mer tid\n\n"
        "Les [rapporten](https://www.ks.no/rapport) & dette.\n"
        "Takk!"
    )


def test_plain_text_bodies_are_kept_as_they_are():
    assert padlet.html_to_text("Tid < penger, og 2 > 1") == "Tid < penger, og 2 > 1"


def test_sections_become_the_questions_of_one_session_by_default():
    board = padlet.parse_board(example("padlet-board.csv"))
    (session,) = padlet.plan_sessions(board, title="Gruppesamtale")
    assert session.title == "Gruppesamtale"
    assert session.questions == QUESTIONS
    assert [card.question_numbers for card in session.cards] == [(1,), (1,), (2,), (2,), (3,), (3,)]


def test_sections_become_sessions_when_asked():
    board = board_of("Subject,Body,Section\nA,Tekst,\nB,Tekst,Runde 1\nC,Tekst,Runde 2\n")
    sessions = padlet.plan_sessions(
        board, title="Gruppesamtale", loose_title="Uten seksjon", sections_as="sessions"
    )
    assert [(s.title, s.questions, [c.heading for c in s.cards]) for s in sessions] == [
        ("Uten seksjon", (), ["A"]),
        ("Runde 1", (), ["B"]),
        ("Runde 2", (), ["C"]),
    ]


def test_one_group_per_post_title_puts_a_groups_answers_on_one_card():
    board = padlet.parse_board(example("padlet-board.csv"))
    assert cards(board, group_by="subject") == [
        ("Gruppe 1", (1, 3)),
        ("Gruppe 2", (1, 3)),
        ("Gruppe 3", (2,)),
        ("Gruppe 4", (2,)),
    ]


def test_one_group_per_author_keeps_anonymous_posts_apart():
    board = padlet.parse_board(example("padlet-board.csv"))
    planned = cards(board, group_by="author")
    # Kari Nordmann's two posts together; the three anonymous ones one card each.
    assert planned == [
        ("Gruppe 1", (1,)),
        ("Gruppe 2", (1, 3)),
        ("Gruppe 3", (2,)),
        ("Gruppe 4", (2,)),
        ("Gruppe 1", (3,)),
    ]


def test_posts_with_different_titles_on_one_card_keep_their_titles_in_bold():
    board = board_of("Subject,Body,Author\nTid,Mer tid,Kari\nRom,Bedre rom,Kari\n")
    (session,) = padlet.plan_sessions(board, title="x", group_by="author")
    (card,) = session.cards
    assert (card.heading, card.body) == ("", "**Tid**\n\nMer tid\n\n**Rom**\n\nBedre rom")


def test_authors_are_left_out_unless_asked_for():
    board = padlet.parse_board(example("padlet-board.csv"))
    (left_out,) = padlet.plan_sessions(board, title="x")
    assert not any("Kari Nordmann" in card.body for card in left_out.cards)
    (kept,) = padlet.plan_sessions(board, title="x", keep_authors=True)
    assert kept.cards[1].body.endswith("Posted by Kari Nordmann")
    assert "Posted by" not in kept.cards[0].body  # an anonymous post names no one


def test_attachments_stay_as_links_in_the_card_text():
    board = padlet.parse_board(example("padlet-board.csv"))
    (session,) = padlet.plan_sessions(board, title="x")
    assert session.cards[1].body.endswith("Attachment: https://www.kulturskoleradet.no/rammeplan")


def test_cards_keep_the_time_padlet_last_saw_them_change():
    board = padlet.parse_board(example("padlet-board.csv"))
    (session,) = padlet.plan_sessions(board, title="x", group_by="subject")
    assert session.cards[0].updated.isoformat() == "2025-11-20T11:20:44+00:00"
    assert session.cards[0].created.isoformat() == "2025-11-20T10:41:12+00:00"


def test_posts_too_long_together_are_refused_naming_the_first_line():
    long_text = "x" * 15_000
    board = board_of(f"Subject,Body\nGruppe 1,{long_text}\nGruppe 1,{long_text}\n")
    with pytest.raises(ImportRefused) as refused:
        padlet.plan_sessions(board, title="x", group_by="subject")
    assert str(refused.value).startswith(
        "Line 2: The posts from line 2 on are too long together for one card"
    )
