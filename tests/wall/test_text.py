"""The card's words: simple Markdown in, only harmless HTML out, long texts refused early."""

import time
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.functional import Promise

from wall import text
from wall.text import (
    MAX_BODY_CHARS,
    MAX_HEADING_CHARS,
    CardTextError,
    clean_body,
    clean_heading,
    render_body,
    sanitise_html,
)

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "rel", "target"}, "ol": {"start"}}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    """Only the card's tags and attributes, and links only to web and mail addresses."""
    lowered = html.lower()
    for opening in ("<script", "<img", "<iframe", "<svg", "<style", "<object", "<embed", "<math"):
        assert opening not in lowered, html
    for tag, attrs in Elements(html).tags:
        assert tag in ALLOWED_TAGS, html
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()), html
        assert not any(name.startswith("on") for name in attrs), html
        if "href" in attrs:
            href = (attrs["href"] or "").strip().lower()
            assert href.startswith(SAFE_SCHEMES), html
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer nofollow ugc", html
            assert attrs.get("target") == "_blank", html


# Formatting ----------------------------------------------------------------------------


def test_paragraphs_lists_bold_italic_and_links():
    html = render_body(
        "Første avsnitt med **fet** og *kursiv* skrift.\n"
        "Ny linje.\n"
        "\n"
        "- epler\n"
        "- pærer\n"
        "\n"
        "1. først\n"
        "2. så\n"
        "\n"
        "Les [rapporten](https://example.org/rapport) eller skriv til post@example.org."
    )
    assert "<strong>fet</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "skrift.<br>" in html
    assert "<ul>\n<li>epler</li>\n<li>pærer</li>\n</ul>" in html
    assert "<ol>\n<li>først</li>\n<li>så</li>\n</ol>" in html
    assert (
        '<a href="https://example.org/rapport" target="_blank" '
        'rel="noopener noreferrer nofollow ugc">rapporten</a>'
    ) in html
    assert 'href="mailto:post@example.org"' in html
    assert html.count("<p>") == 2
    assert_harmless(html)


def test_underscore_emphasis_and_star_bullets():
    html = render_body("__fet__ _kursiv_\n\n* en\n* to")
    assert "<strong>fet</strong> <em>kursiv</em>" in html
    assert "<ul>\n<li>en</li>\n<li>to</li>\n</ul>" in html


def test_numbered_list_keeps_its_first_number():
    assert '<ol start="3">' in render_body("3. tre\n4. fire")


def test_bare_web_address_becomes_a_link():
    html = render_body("Se www.regjeringen.no og https://ks.no/x?a=1&b=2.")
    assert '<a href="http://www.regjeringen.no" target="_blank"' in html
    assert 'href="https://ks.no/x?a=1&amp;b=2"' in html
    assert_harmless(html)


@pytest.mark.parametrize(
    "source",
    [
        "# Overskrift",
        "> sitat",
        "```\nkode\n```",
        "    innrykket",
        "---",
        "![bilde](https://x.no/a.png)",
    ],
)
def test_other_markdown_stays_plain_text(source):
    html = render_body(source)
    for tag in ("<h1", "<blockquote", "<pre", "<code", "<hr", "<img"):
        assert tag not in html
    assert html.startswith("<p>")
    assert_harmless(html)


def test_relative_links_stay_text():
    html = render_body("[admin](/admin/) [proto](//evil.example)")
    assert "<a" not in html
    assert "[admin](/admin/)" in html


def test_norwegian_letters_survive():
    source = "Blåbærsyltetøy på Ærøy: ÆØÅ æøå – «sitat» … ✓ 👍🏽"
    assert clean_body(source) == source
    assert render_body(source) == f"<p>{source}</p>"
    assert clean_heading(source) == source


def test_empty_body_is_fine():
    assert clean_body("") == ""
    assert render_body("") == ""
    assert render_body("\n \n\t\n") == ""


# Script and its friends ----------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klikk</a>',
    '<p style="background:url(javascript:alert(1))">stil</p>',
    '<div style="position:fixed;inset:0">overalt</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=pw></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<!-- <script>alert(1)</script> -->",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://ok.example "title" onmouseover="alert(1)")',
    '[x](https://ok.example/"onmouseover="alert(1))',
    '<https://ok.example/"onmouseover="alert(1)>',
    "https://ok.example/<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "\\<script>alert(1)\\</script>",
    "**<script>alert(1)</script>**",
    "- <img src=x onerror=alert(1)>\n- [y](javascript:alert(2))",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_comes_out(payload):
    html = render_body(payload)
    assert_harmless(html)
    assert "javascript:" not in " ".join(
        (attrs.get("href") or "").lower() for _tag, attrs in Elements(html).tags
    )


def test_raw_html_is_shown_as_the_text_that_was_typed():
    assert render_body("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert render_body("a <b>b</b>") == "<p>a &lt;b&gt;b&lt;/b&gt;</p>"


def test_entities_stay_text():
    assert render_body("&lt;script&gt;") == "<p>&lt;script&gt;</p>"
    assert render_body("&#60;script&#62;") == "<p>&lt;script&gt;</p>"


def test_javascript_links_are_not_links():
    for source in ("[x](javascript:alert(1))", "[x](data:text/html,hi)", "<javascript:alert(1)>"):
        assert "<a" not in render_body(source)


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)" onclick="alert(2)" style="color:red">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a href="/relative">x</a>',
        '<a href="https://ok.example" rel="opener" target="_self" title="t">x</a>',
        '<p style="color:red" class="c" id="i" onmouseover="alert(1)">x</p>',
        "<script>alert(1)</script><style>p{}</style><iframe src=x></iframe>",
        "<img src=x onerror=alert(1)><svg onload=alert(1)><video><source onerror=alert(1)>",
        "<table><tr><td>x</td></tr></table><h1>x</h1><pre>x</pre>",
        '<ol start="1 onclick=alert(1)"><li>x</li></ol>',
    ],
)
def test_sanitiser_alone_also_removes_everything_dangerous(html):
    # render_body never hands raw HTML to the sanitiser; this checks the second line of
    # defence by itself, as if the Markdown step had a bug.
    cleaned = sanitise_html(html)
    assert_harmless(cleaned)
    assert "alert(1)</script>" not in cleaned  # script content is dropped with the tag


def test_sanitiser_keeps_good_links_and_sets_rel_and_target():
    cleaned = sanitise_html('<a href="https://ok.example" rel="opener" target="_self">x</a>')
    assert cleaned == (
        '<a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow ugc">x</a>'
    )


# Tidying and limits --------------------------------------------------------------------


def test_body_newlines_and_trailing_spaces_are_tidied():
    assert clean_body("\r\n\r\nen  \r\nto\t \rtre\u00a0\n\n\n") == "en\nto\ntre"


def test_body_drops_control_characters_but_keeps_tabs_and_newlines():
    assert clean_body("a\x00b\x07c\x1b[31md\x7f\te\nf") == "abc[31md\te\nf"


def test_body_at_the_limit_is_accepted_and_one_more_is_refused():
    assert len(clean_body("x" * MAX_BODY_CHARS)) == MAX_BODY_CHARS
    with pytest.raises(CardTextError) as caught:
        clean_body("x" * (MAX_BODY_CHARS + 1))
    assert caught.value.code == "body_too_long"


def test_length_is_counted_after_tidying():
    # Windows newlines count as one character each once tidied.
    source = "ab\r\n" * (MAX_BODY_CHARS // 3)
    assert len(source) > MAX_BODY_CHARS
    assert len(clean_body(source)) <= MAX_BODY_CHARS


def test_huge_body_is_refused_fast_without_parsing(monkeypatch):
    class NoParsing:
        def render(self, source):
            raise AssertionError("a text that is too long must not be parsed")

    monkeypatch.setattr(text, "_markdown", NoParsing())
    huge = "**a** [b](https://x.no) " * 9000  # about 200,000 characters
    assert len(huge) >= 200_000
    with pytest.raises(CardTextError):
        clean_body(huge)
    with pytest.raises(CardTextError):
        render_body(huge)
    with pytest.raises(CardTextError):
        render_body("x" * 200_000)


@pytest.mark.parametrize(
    "source",
    [
        "[" * MAX_BODY_CHARS,
        "*a" * (MAX_BODY_CHARS // 2),
        "*_[`<" * (MAX_BODY_CHARS // 5),
        "> " * (MAX_BODY_CHARS // 2),
        "www.a.no " * (MAX_BODY_CHARS // 9),
    ],
)
def test_pathological_markdown_at_the_limit_renders_in_linear_time(source):
    """No input at the limit costs much more than ordinary text of the same length: a
    ratio to a baseline measured here, not a number of seconds, so a busy machine does not
    decide it (a backtracking parser would be hundreds of times slower)."""
    ordinary = ("Vi vil ha **flere** lærere og et [godt](https://ks.no) tilbud. " * 400)[
        :MAX_BODY_CHARS
    ]

    def fastest(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert_harmless(render_body(text))
            times.append(time.perf_counter() - started)
        return min(times)

    assert fastest(source) < 25 * fastest(ordinary)


def test_error_message_is_translatable_and_names_the_limit():
    with pytest.raises(CardTextError) as caught:
        clean_body("x" * (MAX_BODY_CHARS + 1))
    assert isinstance(caught.value.message, Promise)
    assert caught.value.params == {"max": MAX_BODY_CHARS}
    with translation.override("en"):
        assert str(caught.value) == "The text is too long: at most 20000 characters."
    assert isinstance(caught.value, ValueError)


# Heading ---------------------------------------------------------------------------------


def test_heading_is_stripped_and_whitespace_collapsed():
    assert clean_heading("  Hva er   viktig\n\tfor  oss?  ") == "Hva er viktig for oss?"
    assert clean_heading("") == ""
    assert clean_heading("   ") == ""


def test_heading_keeps_html_as_plain_text():
    assert clean_heading("<b>Fet</b> & <script>x</script>") == "<b>Fet</b> & <script>x</script>"


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "a\x1b[31mb", "a\x7fb", "a\x9bb"])
def test_heading_with_control_characters_is_refused(bad):
    with pytest.raises(CardTextError) as caught:
        clean_heading(bad)
    assert caught.value.code == "heading_characters"


def test_heading_length_limit():
    assert clean_heading("å" * MAX_HEADING_CHARS) == "å" * MAX_HEADING_CHARS
    with pytest.raises(CardTextError) as caught:
        clean_heading("å" * (MAX_HEADING_CHARS + 1))
    assert caught.value.code == "heading_too_long"
    with translation.override("en"):
        assert str(caught.value) == "Write a heading of at most 200 characters."
    with pytest.raises(CardTextError):
        clean_heading("x" * 200_000)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Typed straight after the list, at the margin: a paragraph of its own.
        ("- mer musikk\n- flere lærere\nDette haster.", "<p>Dette haster.</p>"),
        ("1. først\n2. så\nTil slutt", "<p>Til slutt</p>"),
        # Indented under the bullet: still the bullet's.
        (
            "- mer musikk\n- flere lærere\n  i alle kommuner",
            "flere lærere<br>\ni alle kommuner</li>",
        ),
    ],
)
def test_text_after_a_list_stays_out_of_the_last_bullet_unless_indented(body, expected):
    html = render_body(body)
    assert expected in html
    if expected.startswith("<p>"):
        assert html.index("</ul>" if "- " in body else "</ol>") < html.index(expected)
