import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from analysis.domain import category_specs, tagger_for
from analysis.models import Taxonomy
from analysis.tagging import Tagger

pytestmark = pytest.mark.django_db

SAME_IDEA = [
    (
        "Kulturskolen må være for alle barn, uansett hva foreldrene tjener. "
        "Egenbetalingen er for høy, og ventelisten er lang.",
        "Kulturskulen må vere for alle born, same kva foreldra tener. "
        "Eigenbetalinga er for høg, og ventelista er lang.",
    ),
    (
        "Elevene skal få skape sin egen musikk og improvisere sammen med dansere.",
        "Elevane skal få skape sin eigen musikk og improvisere saman med dansarar.",
    ),
    (
        "Det viktigste er at barna opplever mestring og trives sammen med vennene sine.",
        "Det viktigaste er at borna opplever meistring og trivst saman med venene sine.",
    ),
]


NYNORSK_FOR_ALL = "Kulturskulen må vere for alle born, òg dei som ikkje har råd til eigenbetalinga."


def value_areas():
    return Taxonomy.objects.get(slug="fremtidens-kulturskole")


def test_default_taxonomies_exist_after_migrate():
    slugs = set(value_areas().categories.values_list("slug", flat=True))
    assert slugs == {
        "attraktiv_og_relevant",
        "inkluderende_og_mangfoldig",
        "utviklende_og_skapende",
        "betydningsfull_og_mestringsorientert",
    }
    assert Taxonomy.objects.get(slug="kunnskapsgrunnlaget").categories.count() == 5


@pytest.mark.parametrize(("bokmaal", "nynorsk"), SAME_IDEA)
def test_both_written_forms_of_an_idea_land_in_the_same_category(bokmaal, nynorsk):
    tagger = tagger_for(taxonomy=value_areas())
    first = tagger.analyse(bokmaal)
    second = tagger.analyse(nynorsk)
    assert (first.language, second.language) == ("nb", "nn")
    assert first.categories, bokmaal
    assert first.categories[0].slug == second.categories[0].slug


def test_explanations_name_words_that_are_in_the_text():
    text = SAME_IDEA[0][1]
    for category in tagger_for(taxonomy=value_areas()).analyse(text).categories:
        assert category.words
        for word in category.words:
            assert word in text
        for evidence in category.evidence:
            assert text[evidence.start : evidence.end] == evidence.surface


@pytest.mark.parametrize(
    "text",
    ["Eleven i rullestol kommer ikke opp trappa.", "Eleven i rullestol kjem ikkje opp trappa."],
)
def test_a_related_word_is_a_feature_of_its_category_but_assigns_nothing_alone(text):
    reader = Tagger(category_specs(value_areas()))
    assert "related:inkluderende_og_mangfoldig" in reader.features(text)
    assert reader.analyse(text).categories == ()  # the lexicon alone does not count it


def test_a_text_about_nothing_gets_no_category():
    analysis = tagger_for(taxonomy=value_areas()).analyse("Vi møttes på torsdag klokka ti.")
    assert analysis.categories == ()


def run_command(lines, taxonomy="fremtidens-kulturskole"):
    out = StringIO()
    stdin = sys.stdin
    sys.stdin = StringIO("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    try:
        call_command("analyse_texts", taxonomy=taxonomy, stdout=out)
    finally:
        sys.stdin = stdin
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_command_prints_one_line_per_text_in_its_interface():
    rows = run_command(
        [{"id": 7, "text": SAME_IDEA[1][1]}, {"id": "b", "text": "Vi møttes på torsdag."}]
    )
    assert [row["id"] for row in rows] == [7, "b"]
    assert rows[0]["language"] == "nn"
    assert rows[0]["categories"][0]["slug"] == "utviklende_og_skapende"
    assert set(rows[0]["categories"][0]) == {"slug", "score", "words"}
    scores = [category["score"] for category in rows[0]["categories"]]
    assert scores == sorted(scores, reverse=True)
    assert rows[1] == {"id": "b", "language": "nb", "categories": []}


def test_command_refuses_an_unknown_taxonomy():
    with pytest.raises(CommandError, match="No taxonomy"):
        run_command([], taxonomy="nope")


def test_command_refuses_a_line_that_is_not_json():
    out = StringIO()
    stdin = sys.stdin
    sys.stdin = StringIO('{"id": 1, "text": "ok"}\nnot json\n')
    try:
        with pytest.raises(CommandError, match="Line 2"):
            call_command("analyse_texts", taxonomy="fremtidens-kulturskole", stdout=out)
    finally:
        sys.stdin = stdin


def test_command_runs_from_the_shell_on_a_migrated_database(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    # As a developer runs it: development settings, a generated secret key.
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "PATH": "/usr/bin:/bin",
        "SAMTALE_DEVELOPMENT": "true",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [*manage, "analyse_texts", "--taxonomy", "fremtidens-kulturskole"],
        input=json.dumps({"id": 1, "text": NYNORSK_FOR_ALL}) + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    row = json.loads(result.stdout)
    assert row["language"] == "nn"
    assert row["categories"][0]["slug"] == "inkluderende_og_mangfoldig"


def test_the_letter_sequences_as_written_are_those_of_scikit_learns_char_wb():
    """The classifier makes each word's letter sequences once; they must stay the ones
    `make eval` measured (scikit-learn's "char_wb", 3 to 5)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.corpus import labelled_texts
    from analysis.tagging import WRITTEN, _written, _written_letters

    char_wb = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=_written
    ).build_analyzer()
    texts = [item.text for item in labelled_texts()] + ["a ab  abc\nÅ! e-post «x» 12"]
    for text in texts:
        document = [f"{WRITTEN}{text.lower()}"]
        assert _written_letters(document) == char_wb(document)
