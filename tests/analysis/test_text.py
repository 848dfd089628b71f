from analysis import text as text_
from analysis.language import detect_language


def test_language_nynorsk_by_its_common_words():
    assert detect_language("Eg trur ikkje kulturskulen kan gjere alt åleine.") == "nn"


def test_language_bokmaal_by_its_common_words():
    assert detect_language("Jeg tror ikke kulturskolen kan gjøre alt alene.") == "nb"


def test_language_of_a_text_without_marker_words_is_bokmaal():
    assert detect_language("Musikk, dans og teater.") == "nb"


def test_lemmas_of_both_forms_meet_in_one_vocabulary():
    nynorsk = text_.analyse_words("Skulen og kulturskulen", "nn")
    bokmaal = text_.analyse_words("Skolen og kulturskolen", "nb")
    assert nynorsk[:1] == bokmaal[:1] == ["skole"]
    assert "kulturskole" in nynorsk
    assert "kulturskole" in bokmaal


def test_inflected_forms_share_a_lemma():
    assert text_.analyse_words("kulturskolene", "nb") == ["kulturskole"]


def test_phrases_are_kept_and_stop_at_punctuation():
    terms = text_.analyse_words("Helhetlig oppvekst for barn og unge. Venteliste", "nb")
    assert "helhetlig oppvekst" in terms
    assert "barn og ung" in terms
    assert not [term for term in terms if "venteliste" in term and " " in term]


def test_names_are_not_lemmatised():
    assert "drammen" in text_.analyse_words("Vi har venteliste i Drammen.", "nb")


def test_sentences_of_a_card_with_a_list():
    body = "- Første punkt her.\n- Andre punkt. Og mer!\n\nEt avsnitt. Med to setninger."
    assert text_.sentences(body) == [
        "Første punkt her.",
        "Andre punkt.",
        "Og mer!",
        "Et avsnitt.",
        "Med to setninger.",
    ]


def test_stop_words_include_nynorsk_function_words():
    assert {"ikkje", "berre", "korleis", "ikke", "bare"} <= text_.stop_words()
