"""The accessibility statement (/tilgjengelighet/, common/accessibility.py): every WCAG 2.1
criterion at A and AA once, each test it names there, the page in each language with who
runs samtale, and docs/accessibility.md in step with the page."""

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from common import accessibility

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "accessibility.md"
BEGIN, END = "<!-- criteria: begin -->\n", "<!-- criteria: end -->"

# WCAG 2.1's success criteria at level A and AA, by guideline.
WCAG_21_A_AA = {
    "1.1": 1, "1.2": 5, "1.3": 5, "1.4": 9, "2.1": 3, "2.2": 2, "2.3": 1, "2.4": 7,
    "2.5": 4, "3.1": 2, "3.2": 4, "3.3": 4, "4.1": 3,
}  # fmt: skip


def test_every_wcag_21_a_and_aa_criterion_is_there_once_in_order():
    numbers = [criterion.number for criterion in accessibility.CRITERIA]
    assert len(numbers) == len(set(numbers)) == 50
    per_guideline = {}
    for number in numbers:
        guideline = number.rsplit(".", 1)[0]
        per_guideline[guideline] = per_guideline.get(guideline, 0) + 1
    assert per_guideline == WCAG_21_A_AA
    assert numbers == sorted(numbers, key=lambda n: [int(part) for part in n.split(".")])
    assert {criterion.level for criterion in accessibility.CRITERIA} == {"A", "AA"}
    # What does not apply cannot be a deviation; every deviation says what is missing.
    assert all(c.met for c in accessibility.CRITERIA if not c.applies)
    assert all(str(c.how) for c in accessibility.CRITERIA)


def test_every_test_a_criterion_names_is_there():
    named = {test for criterion in accessibility.CRITERIA for test in criterion.tests}
    assert len(named) > 15
    for node in named:
        path, name = node.split("::")
        source = (ROOT / path).read_text()
        assert re.search(rf"^def {name}\(", source, re.M), f"{node} is not there"


@pytest.mark.parametrize(
    ("language", "heading", "applies"),
    [
        ("nb", "Tilgjengelighetserklæring for samtale", "Gjelder ikke"),
        ("nn", "Tilgjengelegheitserklæring for samtale", "Gjeld ikkje"),
        ("en", "Accessibility statement for samtale", "Does not apply"),
    ],
)
def test_the_statement_is_public_in_each_language(db, settings, language, heading, applies):
    settings.OPERATOR_NAME = "Porsgrunn kommune"
    settings.OPERATOR_CONTACT_EMAIL = "uu@porsgrunn.example"
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert "Porsgrunn kommune" in page
    assert 'href="mailto:uu@porsgrunn.example"' in page
    assert 'href="https://www.uutilsynet.no/"' in page
    assert page.count('class="criterion card"') == 50
    assert applies in page
    for criterion in accessibility.deviations():
        assert f"<strong>{criterion.number} " in page


def test_without_an_operator_the_statement_says_so(db, settings):
    settings.OPERATOR_NAME = ""
    settings.OPERATOR_CONTACT_EMAIL = ""
    page = Client().get(reverse("accessibility")).content.decode()
    assert "har ikke oppgitt navnet sitt her ennå" in page
    assert "mailto:" not in page


def test_every_page_links_to_the_statement_in_its_footer(db):
    page = Client().get(reverse("home")).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="{reverse("accessibility")}"' in footer


def test_the_doc_lists_the_criteria_as_the_page_does():
    """docs/accessibility.md holds the table written from the same data; UPDATE_DOCS=1
    writes it anew."""
    doc = DOC.read_text()
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    table = accessibility.criteria_markdown()
    if os.environ.get("UPDATE_DOCS") and doc[start:end] != table:
        DOC.write_text(doc[:start] + table + doc[end:])
        doc = DOC.read_text()
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    assert doc[start:end] == table, "docs/accessibility.md is behind: run with UPDATE_DOCS=1"
