"""The register of Norwegian municipalities and counties, and matching what people write to it.

People write their organisation freely: "Porsgrunn kommune", "Kulturskolen i Porsgrunn",
"Sunnfjord k.", "porsgrun", "Aarborte", "Vestland fylkeskommune", "KS". Matching folds case
and diacritics, drops words that only say what kind of body it is ("kommune", "kulturskolen i"),
then scores every official language form of every municipality and county with rapidfuzz
against each run of the remaining words. A match is only *resolved* when it is clearly the one
meant; suggestions are looser, for a person to choose from.
"""

import re
import threading
import time
import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Max, Sum
from django.db.models.functions import Length
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from common.cache import cached, forget
from register.models import County, Municipality


@dataclass(frozen=True)
class OrganisationMatch:
    display_name: str  # "Porsgrunn kommune", "Vestland fylkeskommune"
    municipality: Municipality | None
    county: County | None
    score: float  # 0–100


# Names are short; a longer text is not a name and must not cost more to look at.
MAX_INPUT_CHARS = 200
MAX_WORDS = 8
MAX_WINDOW_WORDS = 4  # the longest name form, "Herøy Møre og Romsdal", has four words

# Scores are rapidfuzz ratios (0–100) less the penalties below.
CANDIDATE_MIN_SCORE = 55
SUGGESTION_MIN_SCORE = 65
RESOLVE_MIN_SCORE = 86  # one typo in a 7-letter name still passes ("porsgrun": 94)
RESOLVE_MIN_MARGIN = 6  # over the next *different* entity: Kristiansand/Kristiansund tie
EXTRA_WORD_PENALTY = 8  # per word the name does not explain: "Porsgrunn Skien" is neither
EXTRA_WORD_PENALTY_MAX = 16
# A bare place name means the municipality more often than the county ("Oslo").
COUNTY_PENALTY = 10
COUNTY_PENALTY_WHEN_MUNICIPAL = 20  # "Oslo kommune"
MUNICIPALITY_PENALTY_WHEN_COUNTY = 15  # "Troms fylke" is not Tromsø
# An unfinished word, for suggestions while typing: "Por" -> Porsgrunn, Porsanger.
PREFIX_BASE_SCORE = 75
# Close enough to ask "Did you mean …?" before joining, when it did not resolve: "Kristiansnad"
# (92, tied with Kristiansund), "Bergne" (83), "Herøy" (two at 100). Below, a guess.
CLOSE_MATCH_MIN_SCORE = 80

# Words (folded) that say "a municipality" in the languages of the register.
MUNICIPAL_WORDS = frozenset(
    {
        "kommune",
        "kommunen",
        "kommunes",
        "kommunens",
        "kommuna",
        "komune",
        "kommun",
        "kom",
        "k",
        "suohkan",
        "suohkana",
        "tjielte",
        "gielda",
        "kunta",
        "municipality",
    }
)
COUNTY_WORDS = frozenset(
    {
        "fylke",
        "fylket",
        "fylkes",
        "fylkeskommune",
        "fylkeskommunen",
        "fylkeskommunes",
        "fylkeskommuna",
        "fk",
        "fylkkasuohkan",
        "fylkkagielda",
        "county",
    }
)
# Words that go with a municipality's name without naming another place.
FILLER_WORDS = frozenset(
    {
        "i",
        "v",
        "ved",
        "kulturskole",
        "kulturskolen",
        "kulturskoles",
        "kulturskolens",
        "kulturskule",
        "kulturskulen",
        "of",
        "the",
        "in",
    }
)
NOISE_WORDS = MUNICIPAL_WORDS | COUNTY_WORDS | FILLER_WORDS

# Words (folded) that mark an organisation that is not a municipality or a county, even when
# it carries a place name: "Universitetet i Bergen", "Norsk kulturskoleråd", "KS".
OTHER_ORGANISATION_FRAGMENTS = (
    "universitet",
    "university",
    "hogskole",
    "hogskule",
    "hoyskole",
    "hoegskole",
    "college",
    "direktorat",
    "directorate",
    "departement",
    "ministry",
    "statsforvalter",
    "fylkesmann",
    "forbund",
    "forening",
    "association",
    "stiftelse",
    "institutt",
    "akademi",
    "konservatori",
    "videregaaende",
    "kommunesektor",
)
OTHER_ORGANISATION_SUFFIXES = ("raad", "raadet", "raads")  # "råd": kulturskoleråd, Kulturrådet
OTHER_ORGANISATION_WORDS = frozenset({"ks", "vgs", "nkr", "uio", "uib", "uit", "ntnu", "oslomet"})
# Company forms only count next to another word: "As" alone is someone without "å" for Ås.
COMPANY_FORMS = frozenset({"as", "asa", "sa", "da", "ans", "ba", "nuf"})

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_QUALIFIED = re.compile(r"^(?P<name>.*?)\s*\((?P<qualifier>[^)]*)\)\s*$")
SSB_NAME_SEPARATOR = " - "


def fold_words(text: str) -> list[str]:
    """`text` as lower-case ASCII words, so "Guovdageaidnu", "Bærum" and "baerum" compare.

    æ, ø, å become ae, o, aa (how people write them without a Norwegian keyboard); other
    diacritics (Sámi á, š, ï, Kven ä) are dropped; punctuation and hyphens separate words.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).split()


def is_other_organisation(words: list[str]) -> bool:
    """Whether folded `words` name an organisation that is not a municipality or county."""
    core = [word for word in words if word not in NOISE_WORDS]
    for word in words:
        if word in OTHER_ORGANISATION_WORDS:
            return True
        if word in COMPANY_FORMS and len(core) > 1:
            return True
        if word.endswith(OTHER_ORGANISATION_SUFFIXES):
            return True
        if any(fragment in word for fragment in OTHER_ORGANISATION_FRAGMENTS):
            return True
    return False


@dataclass(frozen=True)
class _Entity:
    key: tuple[str, str]  # ("m", "3806") or ("c", "40"): what "a different entity" means
    municipality: Municipality | None
    county: County | None
    # Words that may stand next to the name without counting as extra: the county's name
    # ("Herøy Nordland", "Våler i Østfold") and SSB's qualifier.
    context_words: frozenset[str]
    qualifier: str
    # A municipality that is a county on its own (Oslo): "Oslo fylke" means it too.
    is_county_too: bool = False


@dataclass(frozen=True)
class _Form:
    key: str  # folded words joined by spaces
    words: frozenset[str]
    label: str  # as the register writes it: "Hattfjelldal", "Herøy"
    entity: _Entity


@dataclass(frozen=True)
class _Index:
    signature: tuple
    built_at: float
    forms: tuple[_Form, ...]
    keys: tuple[str, ...]  # forms' keys, in the same order, for rapidfuzz


# The index stays in each process: it holds model instances, and reading it back from
# Django's cache (unpickling ~110 kB) takes ~25 times as long as a search in it.
# Rebuilt anyway after this long, for a rename in another process that the signature misses.
CACHE_MAX_AGE_SECONDS = 300
_cache: _Index | None = None
_cache_lock = threading.Lock()
# The signature is asked of the database once in this long (common/cache.py), not on every
# keystroke: a reload by another process is seen within this long (with Redis, at once:
# load_register forgets the shared copy).
SIGNATURE_SECONDS = 30
SIGNATURE_KEY = ("register", "signature")


def clear_register_cache() -> None:
    """Forget the register's index and signature; load_register calls this after loading."""
    global _cache
    _cache = None
    forget(SIGNATURE_KEY)


def _signature() -> tuple:
    """What changes when load_register adds, removes or renames (by length) anything, so
    every process notices a reload, not only the one that ran it. Asked once per
    SIGNATURE_SECONDS, not per keystroke: the ORM's two aggregates are cheap enough."""
    named = {"county": (County, "official_name"), "municipality": (Municipality, "name_parts")}
    parts = {}
    for prefix, (model, second_name) in named.items():
        counted = model.objects.aggregate(
            rows=Count("id"),
            max_id=Max("id"),
            name_lengths=Sum(Length("name") + Length(second_name)),
        )
        parts.update({f"{prefix}_{name}": value for name, value in counted.items()})
    return tuple(sorted(parts.items()))


def _split_parts(parts: list[str]) -> list[tuple[str, str]]:
    """(name, qualifier) for each form: "Herøy (Nordland)" -> ("Herøy", "Nordland")."""
    result = []
    for part in parts:
        found = _QUALIFIED.match(part)
        if found and found["name"]:
            result.append((found["name"], found["qualifier"]))
        else:
            result.append((part, ""))
    return result


def _build_index(signature: tuple) -> _Index:
    forms: list[_Form] = []

    def add_forms(entity: _Entity, labels: list[str]) -> None:
        seen = set()
        for label in labels:
            words = fold_words(label)
            key = " ".join(words)
            if key and key not in seen:
                seen.add(key)
                forms.append(_Form(key, frozenset(words), label, entity))

    def county_words(county: County) -> set[str]:
        return set(fold_words(county.name)) | set(fold_words(county.official_name))

    # A county of one municipality (Oslo) is that municipality, not a county council to list.
    single = set(
        County.objects.annotate(size=Count("municipalities"))
        .filter(size=1)
        .values_list("number", flat=True)
    )
    for county in County.objects.exclude(number__in=single):
        entity = _Entity(("c", county.number), None, county, frozenset(), "")
        parts = [county.name, *county.official_name.split(SSB_NAME_SEPARATOR)]
        add_forms(entity, [part.strip() for part in parts if part.strip()])

    for municipality in Municipality.objects.select_related("county"):
        parts = municipality.parts or municipality.name.split(SSB_NAME_SEPARATOR)
        named = _split_parts([part.strip() for part in parts if part.strip()])
        qualifier = next((q for _, q in named if q), "")
        entity = _Entity(
            ("m", municipality.number),
            municipality,
            municipality.county,
            frozenset(county_words(municipality.county) | set(fold_words(qualifier))),
            qualifier,
            is_county_too=municipality.county.number in single,
        )
        add_forms(entity, [name for name, _ in named])

    return _Index(
        signature=signature,
        built_at=time.monotonic(),
        forms=tuple(forms),
        keys=tuple(form.key for form in forms),
    )


def _usable(index: _Index | None, signature: tuple) -> bool:
    return (
        index is not None
        and index.signature == signature
        and time.monotonic() - index.built_at < CACHE_MAX_AGE_SECONDS
    )


def _index() -> _Index:
    global _cache
    signature = cached(SIGNATURE_KEY, _signature, SIGNATURE_SECONDS)
    index = _cache  # read once: clear_register_cache may run in another thread
    if _usable(index, signature):
        return index
    # One build at a time: concurrent requests after a reload wait for it instead of repeating it.
    with _cache_lock:
        index = _cache
        if not _usable(index, signature):
            has_rows = _signature_has_rows(signature)
            empty = _Index(signature, time.monotonic(), (), ())
            index = _build_index(signature) if has_rows else empty
            _cache = index
        return index


def _signature_has_rows(signature: tuple) -> bool:
    return bool(dict(signature).get("county_rows"))


def _display_name(form: _Form) -> str:
    entity = form.entity
    if entity.municipality is None:
        return f"{form.label} fylkeskommune"
    # The qualifier keeps the two Herøys apart in a list and when the choice is read back.
    if entity.qualifier:
        return f"{form.label} kommune ({entity.qualifier})"
    return f"{form.label} kommune"


def _ranked(text: str, *, typing: bool) -> list[OrganisationMatch]:
    """Every entity that scores at least CANDIDATE_MIN_SCORE, best first.

    `typing`: the last word may be unfinished, so forms it begins also count.
    """
    words = fold_words(text[:MAX_INPUT_CHARS])
    if not words or is_other_organisation(words):
        return []
    municipal = any(word in MUNICIPAL_WORDS for word in words)
    county_said = any(word in COUNTY_WORDS for word in words)
    core = [word for word in words if word not in NOISE_WORDS][:MAX_WORDS]
    if not core and typing:
        # "K" or "Kom" may be the start of a name rather than "kommune".
        core = words[-1:]
    if not core:
        return []

    index = _index()
    if not index.forms:
        return []

    def entity_penalty(entity: _Entity) -> float:
        if entity.municipality is None:
            if municipal:
                return COUNTY_PENALTY_WHEN_MUNICIPAL
            return 0 if county_said else COUNTY_PENALTY
        if county_said and not municipal and not entity.is_county_too:
            return MUNICIPALITY_PENALTY_WHEN_COUNTY
        return 0

    def extra_penalty(outside: list[str], form: _Form) -> float:
        extra = sum(
            1 for w in outside if w not in form.entity.context_words and w not in form.words
        )
        return min(EXTRA_WORD_PENALTY_MAX, EXTRA_WORD_PENALTY * extra)

    # Per entity: (score, closeness, form). The closeness counts a swap of two letters as one
    # slip (OSA distance), where the ratio counts two: it ranks "Kristiansnad" nearer to
    # Kristiansand than to Kristiansund when their scores tie.
    best: dict[tuple[str, str], tuple[float, float, _Form]] = {}

    def consider(form: _Form, score: float, window: str) -> None:
        current = best.get(form.entity.key)
        closeness = OSA.normalized_similarity(window, form.key)
        if current is None or (score, closeness) > current[:2]:
            best[form.entity.key] = (score, closeness, form)

    count = len(core)
    for length in range(1, min(count, MAX_WINDOW_WORDS) + 1):
        for start in range(count - length + 1):
            window = " ".join(core[start : start + length])
            outside = core[:start] + core[start + length :]
            for _, ratio, position in process.extract(
                window,
                index.keys,
                scorer=fuzz.ratio,
                limit=None,
                score_cutoff=CANDIDATE_MIN_SCORE,
            ):
                form = index.forms[position]
                penalty = extra_penalty(outside, form) + entity_penalty(form.entity)
                consider(form, ratio - penalty, window)
            if typing and start + length == count and len(window) >= 2:
                prefixed = set()
                for form in index.forms:
                    # Only an entity's first form that fits, in SSB's order: "Por" shows
                    # Porsanger, not its shorter Sámi form Porsángu.
                    if form.entity.key in prefixed or not form.key.startswith(window):
                        continue
                    prefixed.add(form.entity.key)
                    if form.key != window:
                        # Longer typed prefixes are closer to the name: "Porsg" over "Po".
                        share = len(window) / len(form.key)
                        score = PREFIX_BASE_SCORE + (100 - PREFIX_BASE_SCORE) * share
                        consider(
                            form,
                            score - extra_penalty(outside, form) - entity_penalty(form.entity),
                            window,
                        )

    ranked = sorted(best.values(), key=lambda item: (-item[0], -item[1], item[2].label))
    return [
        OrganisationMatch(
            display_name=_display_name(form),
            municipality=form.entity.municipality,
            county=form.entity.county,
            score=round(max(0.0, min(100.0, score)), 1),
        )
        for score, _closeness, form in ranked
        if score >= CANDIDATE_MIN_SCORE
    ]


def organisation_suggestions(text: str, *, limit: int = 6) -> list[OrganisationMatch]:
    """The register entries that `text` most likely means, best first, at most `limit`.

    Tolerates typos, noise words ("kommune", "Kulturskolen i") and unfinished words, for a
    person to choose from while typing. Nothing for text that names another kind of
    organisation ("Universitetet i Bergen", "KS"). Costs no query, but one cheap query
    every SIGNATURE_SECONDS.
    """
    if limit <= 0:
        return []
    matches = _ranked(text, typing=True)
    return [match for match in matches if match.score >= SUGGESTION_MIN_SCORE][:limit]


def organisation_resolve(text: str) -> OrganisationMatch | None:
    """The one register entry `text` means, if we can tell with confidence, else None.

    Confident means a high score that is clearly ahead of any other municipality or county:
    "Herøy" alone (two municipalities) or "Troms" (the county, or a typo for Tromsø) is None,
    and so is anything that names another kind of organisation.
    """
    return _clear_winner(_ranked(text, typing=False))


def _clear_winner(matches: list[OrganisationMatch]) -> OrganisationMatch | None:
    if not matches:
        return None
    best = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if best.score >= RESOLVE_MIN_SCORE and best.score - runner_up >= RESOLVE_MIN_MARGIN:
        return best
    return None


def organisation_close_matches(text: str, *, limit: int = 3) -> list[OrganisationMatch]:
    """What to ask about before joining: the register entries `text` comes close to, best
    first, when it does not resolve to one of them ("Kristiansnad": Kristiansand kommune,
    then Kristiansund kommune). Empty when it resolves, or names another kind of organisation,
    or nothing is close enough to be worth the question.
    """
    matches = _ranked(text, typing=False)
    if _clear_winner(matches) is not None:
        return []
    return [match for match in matches if match.score >= CLOSE_MATCH_MIN_SCORE][:limit]
