"""Matching what participants write for their organisation to the register."""

import pytest
from django.core.cache import cache

from common.cache import cache_key
from register.domain import (
    NOISE_WORDS,
    SIGNATURE_KEY,
    OrganisationMatch,
    clear_register_cache,
    fold_words,
    is_other_organisation,
    organisation_resolve,
    organisation_suggestions,
)
from register.models import County, Municipality


def resolved_number(text: str) -> str | None:
    match = organisation_resolve(text)
    return match.municipality.number if match and match.municipality else None


@pytest.mark.django_db
def test_resolve_porsgrunn_kommune_matches_porsgrunn(loaded_register):
    match = organisation_resolve("Porsgrunn kommune")

    assert isinstance(match, OrganisationMatch)
    assert match.display_name == "Porsgrunn kommune"
    assert match.municipality.number == "4001"
    assert match.county.number == "40"
    assert match.score == 100


@pytest.mark.django_db
def test_resolve_kulturskolen_i_porsgrunn_matches_porsgrunn(loaded_register):
    match = organisation_resolve("Kulturskolen i Porsgrunn")

    assert match.municipality.number == "4001"
    assert match.display_name == "Porsgrunn kommune"


@pytest.mark.django_db
def test_resolve_abbreviated_kommune_matches(loaded_register):
    match = organisation_resolve("Sunnfjord k.")

    assert match.display_name == "Sunnfjord kommune"
    assert match.municipality.number == "4647"


@pytest.mark.django_db
def test_resolve_typo_matches_intended_municipality(loaded_register):
    match = organisation_resolve("porsgrun")

    assert match.display_name == "Porsgrunn kommune"
    assert match.municipality.number == "4001"
    assert match.score < 100


@pytest.mark.django_db
def test_resolve_hattfjelldal_displays_typed_form(loaded_register):
    match = organisation_resolve("Hattfjelldal")

    assert match.display_name == "Hattfjelldal kommune"
    assert match.municipality.number == "1826"


@pytest.mark.django_db
def test_resolve_aarborte_matches_first_sami_form(loaded_register):
    match = organisation_resolve("Aarborte")

    assert match.display_name == "Aarborte kommune"
    assert match.municipality.number == "1826"


@pytest.mark.django_db
def test_resolve_guovdageaidnu_and_kautokeino_same_municipality(loaded_register):
    sami = organisation_resolve("Guovdageaidnu")
    norwegian = organisation_resolve("Kautokeino kommune")

    assert sami.display_name == "Guovdageaidnu kommune"
    assert norwegian.display_name == "Kautokeino kommune"
    assert sami.municipality == norwegian.municipality
    assert sami.municipality.number == "5612"


@pytest.mark.django_db
def test_resolve_without_diacritics_matches(loaded_register):
    assert resolved_number("Karasjohka") == "5610"
    assert resolved_number("Tonsberg") == "3905"
    assert resolved_number("Baerum kommune") == "3201"


@pytest.mark.django_db
def test_resolve_fylkeskommune_matches_county(loaded_register):
    match = organisation_resolve("Vestland fylkeskommune")

    assert match.display_name == "Vestland fylkeskommune"
    assert match.municipality is None
    assert match.county.number == "46"


@pytest.mark.django_db
def test_resolve_troms_fylke_matches_county_not_tromso(loaded_register):
    match = organisation_resolve("Troms fylke")

    assert match.display_name == "Troms fylkeskommune"
    assert match.municipality is None
    assert match.county.number == "55"


@pytest.mark.django_db
def test_resolve_oslo_matches_municipality_also_when_called_county(loaded_register):
    for text in ("Oslo", "Oslo kommune", "Oslo fylke"):
        match = organisation_resolve(text)
        assert match.display_name == "Oslo kommune", text
        assert match.municipality.number == "0301", text
        assert match.county.number == "03", text


@pytest.mark.django_db
def test_resolve_2026_name_form_matches(loaded_register):
    match = organisation_resolve("Yykeä kommune")

    assert match.display_name == "Yykeä kommune"
    assert match.municipality.number == "5536"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "KS",
        "Norsk kulturskoleråd",
        "Universitetet i Bergen",
        "Høgskulen på Vestlandet",
        "Kulturdirektoratet",
        "Kultur- og likestillingsdepartementet",
        "Bergen Bygg AS",
    ],
)
def test_resolve_other_organisation_none(loaded_register, text):
    assert organisation_resolve(text) is None
    assert organisation_suggestions(text) == []


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "kommune", "k.", "i", "-"])
def test_resolve_empty_or_noise_only_none(loaded_register, text):
    assert organisation_resolve(text) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Por",  # the start of Porsgrunn and of Porsanger
        "Herøy",  # two municipalities
        "Våler kommune",  # two municipalities
        "Kristiansnd",  # Kristiansand or Kristiansund
        "Troms",  # the county, or Tromsø
        "Porsgrunn og Skien",  # two municipalities
        "xyz",
    ],
)
def test_resolve_ambiguous_or_short_none(loaded_register, text):
    assert organisation_resolve(text) is None


@pytest.mark.django_db
def test_resolve_same_name_told_apart_by_county(loaded_register):
    assert resolved_number("Herøy kommune (Nordland)") == "1818"
    assert resolved_number("Herøy i Møre og Romsdal") == "1515"
    assert resolved_number("Våler, Østfold") == "3114"


@pytest.mark.django_db
def test_resolve_every_register_form_matches_itself(loaded_register):
    # What a suggestion shows must resolve to that entry when it comes back in the form.
    for municipality in Municipality.objects.all():
        for part in municipality.parts:
            for text in (part, f"{part} kommune"):
                assert resolved_number(text) == municipality.number or part.startswith(
                    ("Herøy", "Våler")
                ), text
    for county in County.objects.exclude(number="03"):
        match = organisation_resolve(f"{county.name} fylkeskommune")
        assert match.county == county and match.municipality is None, county.name


@pytest.mark.django_db
def test_resolve_suggested_display_names_round_trip(loaded_register):
    for text in ("Herøy", "Våler", "Vestland fylke", "Hattfjelldal", "Guovdageaidnu"):
        for suggestion in organisation_suggestions(text, limit=2):
            match = organisation_resolve(suggestion.display_name)
            assert match is not None, suggestion.display_name
            assert match.display_name == suggestion.display_name
            assert match.municipality == suggestion.municipality
            assert match.county == suggestion.county


@pytest.mark.django_db
def test_a_long_text_is_matched_by_its_first_characters_only(loaded_register, monkeypatch):
    """A pasted page costs what a name costs: only its first MAX_INPUT_CHARS are read."""
    from register import domain as register_domain

    read = []
    fold = register_domain.fold_words
    monkeypatch.setattr(
        register_domain, "fold_words", lambda text: read.append(len(text)) or fold(text)
    )
    text = "Porsgrunn kommune " + "x" * 10_000

    assert organisation_resolve(text).municipality.name == "Porsgrunn"
    organisation_suggestions(text)
    assert read and max(read) <= register_domain.MAX_INPUT_CHARS


@pytest.mark.django_db
def test_suggestions_prefix_lists_porsgrunn(loaded_register):
    suggestions = organisation_suggestions("Por")

    names = [s.display_name for s in suggestions]
    assert "Porsgrunn kommune" in names
    porsgrunn = suggestions[names.index("Porsgrunn kommune")]
    assert porsgrunn.municipality.number == "4001"
    assert porsgrunn.county.name == "Telemark"


@pytest.mark.django_db
def test_suggestions_ambiguous_name_lists_both_with_county(loaded_register):
    names = [s.display_name for s in organisation_suggestions("Herøy")]

    assert names[:2] == ["Herøy kommune (Møre og Romsdal)", "Herøy kommune (Nordland)"]


@pytest.mark.django_db
def test_suggestions_best_first_and_limited(loaded_register):
    suggestions = organisation_suggestions("Kr", limit=3)

    assert len(suggestions) <= 3
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert organisation_suggestions("Porsgrunn", limit=0) == []


@pytest.mark.django_db
def test_suggestions_typo_lists_intended_first(loaded_register):
    assert organisation_suggestions("Skein")[0].display_name == "Skien kommune"


@pytest.mark.django_db
def test_suggestions_empty_register_empty(db):
    clear_register_cache()

    assert organisation_suggestions("Porsgrunn") == []
    assert organisation_resolve("Porsgrunn") is None


@pytest.mark.django_db
def test_suggestions_while_typing_cost_no_query(loaded_register, django_assert_num_queries):
    organisation_suggestions("Po")

    with django_assert_num_queries(0):
        for end in range(3, len("Porsgrunn kommune") + 1):
            organisation_suggestions("Porsgrunn kommune"[:end])


@pytest.mark.django_db
def test_suggestions_while_typing_ask_the_database_nothing(
    loaded_register, django_assert_num_queries
):
    """What keeps a keystroke cheap: the index is in the process and its signature in the
    cache, so typing costs no query (how long it takes is for `make bench`)."""
    organisation_suggestions("warm the cache")
    with django_assert_num_queries(0):
        for text in ("Por", "Porsgrunn kommune", "Kulturskolen i Porsgrun", "Aarborte"):
            assert organisation_suggestions(text) is not None


@pytest.mark.django_db
def test_suggestions_change_in_database_seen_without_command(loaded_register):
    organisation_suggestions("Porsgrunn")
    # As if another process loaded a renamed register: seen once the signature is asked
    # for again, when its copy in the cache has expired.
    Municipality.objects.filter(number="4001").update(
        name="Porsgrunn - Grenland", name_parts="Porsgrunn|Grenland"
    )
    assert resolved_number("Grenland") is None
    cache.delete(cache_key(SIGNATURE_KEY))

    assert resolved_number("Grenland") == "4001"


@pytest.mark.django_db
def test_register_forms_not_noise_or_other_organisation(loaded_register):
    forms = [part for m in Municipality.objects.all() for part in m.parts]
    forms += [part for c in County.objects.all() for part in c.official_name.split(" - ")]
    for form in forms:
        words = fold_words(form)
        assert not is_other_organisation(words), form
        assert not NOISE_WORDS.intersection(words), form


def test_fold_words_folds_norwegian_and_sami_letters():
    assert fold_words("Bærum, Tønsberg - Ålesund") == ["baerum", "tonsberg", "aalesund"]
    assert fold_words("Kárášjohka Stïentje Yykeä") == ["karasjohka", "stientje", "yykea"]
    assert fold_words("Aurskog-Høland (Akershus)") == ["aurskog", "holand", "akershus"]
