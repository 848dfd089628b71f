"""The taxonomies every samtale has from its first `migrate`: the value areas of the
project «Fremtidens kulturskole» and the five findings of the national knowledge base
(Utdanningsdirektoratet's kunnskapsgrunnlag), both from the reference meeting's deck.

Example phrases are written in both forms; the analysis lemmatises them into its one
vocabulary, so a phrase needs writing once per form only where the words differ.
Besides them, data/related_words.txt holds words that hint at a category (`related_words`).
"""

import functools
from pathlib import Path

RELATED_WORDS = Path(__file__).parent / "data" / "related_words.txt"

VALUE_AREAS = {
    "slug": "fremtidens-kulturskole",
    "name_nb": "Fremtidens kulturskole – verdiområder",
    "name_nn": "Framtidas kulturskule – verdiområde",
    "description_nb": "De fire verdiområdene i prosjektet Fremtidens kulturskole.",
    "description_nn": "Dei fire verdiområda i prosjektet Framtidas kulturskule.",
    "categories": [
        {
            "slug": "attraktiv_og_relevant",
            "name_nb": "Attraktiv og relevant",
            "name_nn": "Attraktiv og relevant",
            "description_nb": (
                "Et tilbud barn og unge vil gå til og som betyr noe i livet deres og i "
                "lokalsamfunnet: innhold i tråd med tiden, nye uttrykk og sjangre, "
                "rekruttering, synlighet og samarbeid med skole, kulturliv og frivillighet."
            ),
            "description_nn": (
                "Eit tilbod born og unge vil gå til og som tyder noko i livet deira og i "
                "lokalsamfunnet: innhald i takt med tida, nye uttrykk og sjangrar, "
                "rekruttering, synlegheit og samarbeid med skule, kulturliv og frivilligheit."
            ),
            "examples": "\n".join(
                [
                    "attraktiv",
                    "relevant",
                    "relevans",
                    "oppdatert tilbud",
                    "nye sjangre",
                    "nye sjangrar",
                    "populærmusikk",
                    "e-sport",
                    "gaming",
                    "digitale uttrykk",
                    "musikkproduksjon",
                    "synlig i lokalsamfunnet",
                    "synleg i lokalsamfunnet",
                    "rekruttering",
                    "rekruttere",
                    "samarbeid med skolen",
                    "samarbeid med skulen",
                    "samarbeid med frivilligheten",
                    "kulturliv",
                    "lokalsamfunn",
                    "ungdommens interesser",
                    "det de unge er opptatt av",
                    "det dei unge er opptekne av",
                    "moderne",
                    "i tråd med tiden",
                    "markedsføring",
                    "omdømme",
                    "frafall",
                    "slutter",
                    "sluttar",
                    "ressurssenter",
                    "kulturskole 3.0",
                    "skolefritidsordning",
                    "SFO",
                    "samlokalisering",
                ]
            ),
        },
        {
            "slug": "inkluderende_og_mangfoldig",
            "name_nb": "Inkluderende og mangfoldig",
            "name_nn": "Inkluderande og mangfaldig",
            "description_nb": (
                "En kulturskole for alle: uansett økonomi, bosted, bakgrunn og "
                "funksjonsevne. Lav pris, friplasser, ventelister, tilrettelegging, "
                "minoritetsspråklige, gutter og jenter, og tilbud der barna er."
            ),
            "description_nn": (
                "Ein kulturskule for alle: same kva økonomi, bustad, bakgrunn og "
                "funksjonsevne. Låg pris, friplassar, ventelister, tilrettelegging, "
                "minoritetsspråklege, gutar og jenter, og tilbod der borna er."
            ),
            "examples": "\n".join(
                [
                    "kulturskole for alle",
                    "kulturskule for alle",
                    "inkluderende",
                    "inkluderande",
                    "inkludering",
                    "mangfold",
                    "mangfald",
                    "mangfoldig",
                    "mangfaldig",
                    "venteliste",
                    "egenandel",
                    "eigendel",
                    "eigenbetaling",
                    "egenbetaling",
                    "elevavgift",
                    "friplass",
                    "gratis",
                    "lav pris",
                    "låg pris",
                    "økonomisk utilgjengelig",
                    "økonomisk utilgjengeleg",
                    "har ikke råd",
                    "har ikkje råd",
                    "lavinntekt",
                    "låginntekt",
                    "minoritetsspråklige",
                    "minoritetsspråklege",
                    "innvandrer",
                    "innvandrar",
                    "flyktning",
                    "funksjonsnedsettelse",
                    "funksjonsnedsetjing",
                    "tilrettelegging",
                    "tilrettelagt",
                    "universell utforming",
                    "alle barn",
                    "alle born",
                    "uansett bakgrunn",
                    "same kva bakgrunn",
                    "bosted",
                    "bustad",
                    "distrikt",
                    "lang reisevei",
                    "lang reiseveg",
                    "skyss",
                    "transport",
                    "tilgjengelig",
                    "tilgjengeleg",
                    "terskel",
                    "lavterskel",
                    "lågterskel",
                    "utenforskap",
                    "utanforskap",
                ]
            ),
        },
        {
            "slug": "utviklende_og_skapende",
            "name_nb": "Utviklende og skapende",
            "name_nn": "Utviklande og skapande",
            "description_nb": (
                "Kunstnerisk utvikling og fordypning: elevene skaper selv, improviserer, "
                "komponerer og samarbeider på tvers av kunstfag; lærere som utvikler seg, "
                "kompetanse, kvalitet og talentutvikling."
            ),
            "description_nn": (
                "Kunstnarleg utvikling og fordjuping: elevane skaper sjølve, improviserer, "
                "komponerer og samarbeider på tvers av kunstfag; lærarar som utviklar seg, "
                "kompetanse, kvalitet og talentutvikling."
            ),
            "examples": "\n".join(
                [
                    "skapende",
                    "skapande",
                    "skape selv",
                    "skape sjølv",
                    "utviklende",
                    "utviklande",
                    "kreativitet",
                    "kreativ",
                    "improvisasjon",
                    "improvisere",
                    "komponere",
                    "egne uttrykk",
                    "eigne uttrykk",
                    "egen musikk",
                    "eigen musikk",
                    "tverrfaglig",
                    "tverrfagleg",
                    "på tvers av kunstfag",
                    "fordypning",
                    "fordjuping",
                    "talentutvikling",
                    "talent",
                    "fordypningsprogram",
                    "kompetanse",
                    "kompetanseutvikling",
                    "etterutdanning",
                    "kvalitet",
                    "pedagogikk",
                    "lærerne",
                    "lærarane",
                    "undervisning",
                    "kunstnerisk",
                    "kunstnarleg",
                    "eksperimentere",
                    "utforske",
                    "nyskaping",
                    "prosjekt",
                    "forestilling",
                    "framsyning",
                    "konsert",
                    "rammeplan",
                    "progresjon",
                ]
            ),
        },
        {
            "slug": "betydningsfull_og_mestringsorientert",
            "name_nb": "Betydningsfull og mestringsorientert",
            "name_nn": "Betydingsfull og meistringsorientert",
            "description_nb": (
                "Kulturskolen betyr noe for den enkelte: mestring, trivsel, selvtillit, "
                "tilhørighet og fellesskap, gode relasjoner til lærerne, glede, livskvalitet "
                "og helse — å bli sett og å lykkes."
            ),
            "description_nn": (
                "Kulturskulen tyder noko for den einskilde: meistring, trivsel, sjølvtillit, "
                "tilhøyrsle og fellesskap, gode relasjonar til lærarane, glede, livskvalitet "
                "og helse — å bli sett og å lukkast."
            ),
            "examples": "\n".join(
                [
                    "mestring",
                    "meistring",
                    "mestre",
                    "meistre",
                    "mestringsfølelse",
                    "meistringskjensle",
                    "trivsel",
                    "trives",
                    "trivst",
                    "selvtillit",
                    "sjølvtillit",
                    "selvfølelse",
                    "sjølvkjensle",
                    "tilhørighet",
                    "tilhøyrsle",
                    "fellesskap",
                    "vennskap",
                    "venner",
                    "vener",
                    "relasjon",
                    "bli sett",
                    "å bli sett",
                    "glede",
                    "livskvalitet",
                    "helse",
                    "psykisk helse",
                    "lykkes",
                    "lukkast",
                    "betydningsfull",
                    "betydingsfull",
                    "betyr mye",
                    "tyder mykje",
                    "trygg",
                    "trygghet",
                    "tryggleik",
                    "motivasjon",
                    "motivert",
                    "stolt",
                    "oppleve",
                    "opplevelse",
                    "oppleving",
                    "identitet",
                    "musikkbasert miljøbehandling",
                ]
            ),
        },
    ],
}

FINDINGS = {
    "slug": "kunnskapsgrunnlaget",
    "name_nb": "Kunnskapsgrunnlaget – funn",
    "name_nn": "Kunnskapsgrunnlaget – funn",
    "description_nb": "De fem funnene i kunnskapsgrunnlaget fra Utdanningsdirektoratet.",
    "description_nn": "Dei fem funna i kunnskapsgrunnlaget frå Utdanningsdirektoratet.",
    "categories": [
        {
            "slug": "variasjon",
            "name_nb": "Kulturskolene er preget av variasjon",
            "name_nn": "Kulturskulane er prega av variasjon",
            "description_nb": (
                "Store forskjeller mellom kommunene i tilbud, størrelse og ressurser."
            ),
            "description_nn": "Store skilnader mellom kommunane i tilbod, storleik og ressursar.",
            "examples": "\n".join(
                [
                    "variasjon",
                    "forskjeller mellom kommunene",
                    "skilnader mellom kommunane",
                    "ulike kommuner",
                    "ulike kommunar",
                    "små kommuner",
                    "små kommunar",
                    "store kommuner",
                    "store kommunar",
                    "ulikt tilbud",
                    "ulikt tilbod",
                    "avhengig av kommunen",
                    "avhengig av kommunen",
                    "postnummer",
                ]
            ),
        },
        {
            "slug": "mange_roller",
            "name_nb": "Kulturskolens mange roller kan være vanskelige å forene",
            "name_nn": "Kulturskulen sine mange roller kan vere vanskelege å sameine",
            "description_nb": "Skolen skal være opplæring, kulturaktør, ressurssenter og mer.",
            "description_nn": "Skulen skal vere opplæring, kulturaktør, ressurssenter og meir.",
            "examples": "\n".join(
                [
                    "mange roller",
                    "roller",
                    "ressurssenter",
                    "kulturaktør",
                    "forventninger",
                    "forventningar",
                    "for mange oppgaver",
                    "for mange oppgåver",
                    "forene",
                    "sameine",
                    "samarbeid med skolen",
                    "samarbeid med skulen",
                    "barnehage",
                    "helse",
                ]
            ),
        },
        {
            "slug": "okonomisk_utilgjengelig",
            "name_nb": "Kulturskolen er økonomisk utilgjengelig for noen",
            "name_nn": "Kulturskulen er økonomisk utilgjengeleg for nokon",
            "description_nb": "Pris og egenbetaling holder noen barn utenfor.",
            "description_nn": "Pris og eigenbetaling held nokre born utanfor.",
            "examples": "\n".join(
                [
                    "økonomisk utilgjengelig",
                    "økonomisk utilgjengeleg",
                    "pris",
                    "egenbetaling",
                    "eigenbetaling",
                    "elevavgift",
                    "friplass",
                    "gratis",
                    "har ikke råd",
                    "har ikkje råd",
                    "lavinntekt",
                    "låginntekt",
                    "søskenmoderasjon",
                    "sysken",
                    "kostnad",
                ]
            ),
        },
        {
            "slug": "bredde_og_spesialisering",
            "name_nb": "Kulturskolen dras mellom å være et bredde- og et spesialiseringstilbud",
            "name_nn": "Kulturskulen blir dregen mellom å vere eit breidde- og eit "
            "spesialiseringstilbod",
            "description_nb": "Mange elever og korte tilbud, eller fordypning for de få.",
            "description_nn": "Mange elevar og korte tilbod, eller fordjuping for dei få.",
            "examples": "\n".join(
                [
                    "bredde",
                    "breidde",
                    "breddetilbud",
                    "breiddetilbod",
                    "spesialisering",
                    "fordypning",
                    "fordjuping",
                    "talent",
                    "talentutvikling",
                    "fordypningsprogram",
                    "eliten",
                    "de få",
                    "dei få",
                    "flest mulig",
                    "flest mogleg",
                ]
            ),
        },
        {
            "slug": "styringssignaler",
            "name_nb": "Forskerne etterspør tydeligere styringssignaler",
            "name_nn": "Forskarane etterspør tydelegare styringssignal",
            "description_nb": "Behov for tydelige nasjonale og kommunale mål, planer og rammer.",
            "description_nn": "Behov for tydelege nasjonale og kommunale mål, planar og rammer.",
            "examples": "\n".join(
                [
                    "styringssignaler",
                    "styringssignal",
                    "tydelige mål",
                    "tydelege mål",
                    "nasjonale føringer",
                    "nasjonale føringar",
                    "lovfesting",
                    "opplæringsloven",
                    "opplæringslova",
                    "rammeplan",
                    "politisk forankring",
                    "forankring",
                    "kommuneplan",
                    "handlingsplan",
                    "politikerne",
                    "politikarane",
                    "eierskap",
                    "eigarskap",
                    "ledelse",
                    "leiing",
                ]
            ),
        },
    ],
}

DEFAULT_TAXONOMIES = [VALUE_AREAS, FINDINGS]


@functools.cache
def related_words() -> dict[tuple[str, str], tuple[str, ...]]:
    """(taxonomy slug, category slug) → the words of data/related_words.txt that hint at it."""
    found: dict[tuple[str, str], list[str]] = {}
    section = None
    for line in RELATED_WORDS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            taxonomy, _, category = line[1:-1].partition("/")
            section = found.setdefault((taxonomy.strip(), category.strip()), [])
        elif section is not None:
            section.append(line)
    return {key: tuple(words) for key, words in found.items()}


def install_defaults(Taxonomy, Category) -> None:
    """Create or refresh the default taxonomies (used by the data migration and tests)."""
    for position, spec in enumerate(DEFAULT_TAXONOMIES):
        names = ("name_nb", "name_nn", "description_nb", "description_nn")
        fields = {key: spec[key] for key in names}
        taxonomy, _ = Taxonomy.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "position": position, "owner": None}
        )
        for index, category in enumerate(spec["categories"]):
            Category.objects.update_or_create(
                taxonomy=taxonomy,
                slug=category["slug"],
                defaults={key: value for key, value in category.items() if key != "slug"}
                | {"position": index},
            )
