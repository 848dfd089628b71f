"""Bokmål or nynorsk: both are Norwegian, and they differ most in their commonest words.

Each word that belongs to one form only counts for that form; a text with no such word is
decided by which form's dictionary knows more of its words, and bokmål, the form most cards
are written in, wins a tie.
"""

import functools
import re

import simplemma

LANGUAGES = ("nb", "nn")

# Words of one written form only (forms shared by both, like "og" or "barn", are left out).
NYNORSK_WORDS = frozenset(
    [
        "kulturskulen",
        "kulturskule",
        "kulturskular",
        "kulturskulane",
        "søkje",
        "låg",
        "foreldra",
        "høyrde",
        "høyre",
        "gler",
        "framhaldet",
        "leggje",
        "vidare",
        "kjekt",
        "mogeleg",
        "ikkje",
        "eg",
        "kva",
        "korleis",
        "kvifor",
        "kven",
        "kvar",
        "òg",
        "berre",
        "ein",
        "eit",
        "dei",
        "deira",
        "deim",
        "vere",
        "vore",
        "frå",
        "noko",
        "nokon",
        "nokre",
        "mykje",
        "meir",
        "heile",
        "heilt",
        "saman",
        "fleire",
        "difor",
        "sidan",
        "då",
        "no",
        "kome",
        "kjem",
        "gjer",
        "gjere",
        "sjølv",
        "eigen",
        "eige",
        "eigne",
        "kvarandre",
        "skule",
        "skulen",
        "skular",
        "skulane",
        "born",
        "borna",
        "elevane",
        "tilbod",
        "tilbodet",
        "tilboda",
        "kvardagen",
        "mogleg",
        "moglegheit",
        "moglegheiter",
        "heim",
        "heime",
        "fekk",
        "gjekk",
        "veit",
        "vert",
        "vart",
        "hjå",
        "utan",
        "endå",
        "enno",
        "dykk",
        "dykkar",
        "ho",
        "hennar",
        "sjå",
        "lærarane",
        "lærarar",
        "leiar",
        "leiinga",
        "meistring",
        "meistre",
        "tydeleg",
        "viktig",
    ]
) - {"viktig"}
BOKMAAL_WORDS = frozenset(
    [
        "ikke",
        "jeg",
        "hva",
        "hvordan",
        "hvorfor",
        "hvem",
        "hver",
        "også",
        "bare",
        "en",
        "et",
        "de",
        "deres",
        "dem",
        "være",
        "vært",
        "fra",
        "noe",
        "noen",
        "mye",
        "mer",
        "hele",
        "helt",
        "sammen",
        "flere",
        "derfor",
        "siden",
        "da",
        "nå",
        "komme",
        "kommer",
        "gjør",
        "gjøre",
        "selv",
        "egen",
        "eget",
        "egne",
        "hverandre",
        "skole",
        "skolen",
        "skoler",
        "skolene",
        "barna",
        "elevene",
        "tilbud",
        "tilbudet",
        "tilbudene",
        "hverdagen",
        "mulig",
        "mulighet",
        "muligheter",
        "hjem",
        "hjemme",
        "fikk",
        "gikk",
        "vet",
        "ble",
        "uten",
        "ennå",
        "dere",
        "hun",
        "henne",
        "hennes",
        "se",
        "lærerne",
        "lærere",
        "leder",
        "ledelsen",
        "mestring",
        "mestre",
        "tydelig",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


# Endings that nynorsk has and bokmål lacks (-ane/-ene, -inga, -leg/-lege, -ar plural), and
# the other way round; they count half a word, on words of more than five letters.
NYNORSK_ENDINGS = ("ane", "inga", "leg", "lege", "ande")
BOKMAAL_ENDINGS = ("ingen", "lig", "lige", "ende")


def language_scores(text: str) -> dict[str, float]:
    nynorsk = bokmaal = 0.0
    for word in _WORD.findall(text or ""):  # one pass: it runs for every card tagged
        word = word.lower()
        nynorsk += word in NYNORSK_WORDS
        bokmaal += word in BOKMAAL_WORDS
        if len(word) > 5:
            nynorsk += 0.5 * word.endswith(NYNORSK_ENDINGS)
            bokmaal += 0.5 * word.endswith(BOKMAAL_ENDINGS)
    return {"nn": nynorsk, "nb": bokmaal}


@functools.lru_cache(maxsize=20_000)
def detect_language(text: str) -> str:
    """ "nb" or "nn" for a text of any length."""
    scores = language_scores(text)
    if scores["nn"] != scores["nb"]:
        return "nn" if scores["nn"] > scores["nb"] else "nb"
    words = _WORD.findall(text or "")
    if words:
        nynorsk = simplemma.in_target_language(text, lang="nn")
        bokmaal = simplemma.in_target_language(text, lang="nb")
        if nynorsk > bokmaal:
            return "nn"
    return "nb"
