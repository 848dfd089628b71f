"""«Kulturskulen i Vestland»: a smaller dialogue meeting, in nynorsk, that ran some weeks
before the reference meeting — one group session with two questions of its own, seven
groups, a report-back — so that an analysis across meetings has two to compare.

The same shape as meetings/demo/material.py; the cards are at the end. Everyone named
here is made up.
"""

MEETING = {
    "title": "Kulturskulen i Vestland – dialogmøte om heilskapleg oppvekst",
    "code": "VESTLAND",
    "language": "nn",
    "video_url": "https://example.zoom.us/j/1111111111",
    "days_ago": 37,
    "organised_by": "Norsk kulturskoleråd Vestland og KS Vestland",
    "recording_url": "https://example.org/opptak/kulturskulen-i-vestland",
    "summary": (
        "Dialogmøte for kommunane i Vestland om korleis kulturskulen kan bli ein tydelegare "
        "del av oppvekstløpet, og kva kommunane, fylkeskommunen, KS og kulturskulerådet "
        "treng av kvarandre for å kome vidare. Sju grupper leverte kvar sitt kort."
    ),
}

FACILITATOR_USERNAME = "moteleder"

QUESTIONS = [
    "Korleis kan kulturskulen bli ein tydelegare del av oppvekstløpet i kommunen vår?",
    "Kva treng vi av kvarandre – kommunane, fylkeskommunen, KS og kulturskulerådet – for "
    "å kome vidare?",
]

PROGRAMME = [
    {
        "kind": "info",
        "title": "Velkomen",
        "description": (
            "Dialogmøte for kommunane i Vestland om kulturskulen i ein heilskapleg oppvekst.\n"
            "Endre namnet ditt i videomøtet til: kommune/organisasjon, førenamn etternamn.\n"
            "Treng du hjelp? Skriv i hjelpekanalen («Hjelp» på møtesida)."
        ),
        "start": "13:00",
        "minutes": 5,
    },
    {
        "kind": "talk",
        "title": "Kulturskulen i Vestland – kvar står vi?",
        "description": (
            "Tal frå GSI og frå kulturskulane sjølve: kor mange som går i kulturskulen, "
            "ventelister og prisar i fylket, og kva kunnskapsgrunnlaget seier om variasjonen "
            "mellom kommunane."
        ),
        "start": "13:05",
        "minutes": 20,
        "speakers": [
            {
                "name": "Solveig Tveit",
                "role": "rådgjevar",
                "organisation": "Norsk kulturskoleråd Vestland",
            }
        ],
    },
    {
        "kind": "talk",
        "title": "Erfaringar frå ein liten kommune",
        "description": (
            "Korleis ein kulturskule med tre lærarar vart ein del av oppvekstteamet i kommunen."
        ),
        "start": "13:25",
        "minutes": 10,
        "speakers": [
            {"name": "Eirik Nesheim", "role": "kulturskulerektor", "organisation": "Fjaler kommune"}
        ],
    },
    {
        "kind": "group_session",
        "title": "Gruppesamtale",
        "description": (
            "Vel ein ordstyrar, ei tidsvakt og ein referent som skriv kortet til gruppa på "
            "veggen.\n"
            "Ta ein runde rundt bordet (rekkefremlegg) på spørsmål 1 først, så dialog og "
            "oppsummering. Så ein ny runde på spørsmål 2.\n"
            "Kvar gruppe skriv eitt kort, med overskrift og gjerne bilete. Noter kva spørsmål "
            "de svarar på."
        ),
        "start": "13:35",
        "minutes": 25,
        "questions": QUESTIONS,
    },
    {
        "kind": "report_back",
        "title": "Tilbakemelding frå gruppene",
        "description": "Nokre grupper fortel i plenum kva dei snakka om.",
        "start": "14:00",
        "minutes": 10,
    },
    {
        "kind": "info",
        "title": "Oppsummering og vegen vidare",
        "description": (
            "Korta frå gruppene blir samla i ein rapport som går ut til alle kommunane. "
            "Neste samling i kulturskulenettverket i Vestland er til våren."
        ),
        "start": "14:10",
        "minutes": 10,
    },
]

OPENED_AT = "12:58:40"

RUN = {
    "Velkomen": {"ran": "5:10"},
    "Kulturskulen i Vestland – kvar står vi?": {"ran": "21:30"},
    "Erfaringar frå ein liten kommune": {"ran": "11:40"},
    "Gruppesamtale": {"ran": "25:00"},
    "Tilbakemelding frå gruppene": {"ran": "10:20"},
    "Oppsummering og vegen vidare": {"ran": "8:50"},
}

RECORDING_ON = ["Velkomen"]
RECORDING_OFF: list[str] = []

# 38 on their own devices and one room of four in Kvam: 42 people, seven groups of six.
ORGANISATIONS = [
    ("Bergen kommune", 3, "vest"),
    ("Sunnfjord kommune", 2, "vest"),
    ("Voss herad", 2, "vest"),
    ("Kinn kommune", 2, "vest"),
    ("Stad kommune", 2, "vest"),
    ("Stryn kommune", 2, "vest"),
    ("Gloppen kommune", 1, "vest"),
    ("Sogndal kommune", 2, "vest"),
    ("Luster kommune", 1, "vest"),
    ("Årdal kommune", 1, "vest"),
    ("Aurland kommune", 1, "vest"),
    ("Ullensvang herad", 2, "vest"),
    ("Kvinnherad kommune", 2, "vest"),
    ("Stord kommune", 2, "vest"),
    ("Bømlo kommune", 2, "vest"),
    ("Alver kommune", 2, "vest"),
    ("Askøy kommune", 1, "vest"),
    ("Bjørnafjorden kommune", 2, "vest"),
    ("Fjaler kommune", 1, "vest"),
    ("Høyanger kommune", 1, "vest"),
    ("Vestland fylkeskommune", 2, "vest"),
    ("Norsk kulturskoleråd", 1, "vest"),
    ("KS", 1, "aust"),
]

LOCAL_SITES = [
    {"organisation": "Kvam herad", "name": "Kulturskulen, øvingsrommet", "heads": 4},
]

JOINED_OVER_MINUTES = 18
LATE_JOINERS: list[dict] = []
LEAVERS: list[int] = []

ANNOUNCEMENTS = [
    {
        "during": "Gruppesamtale",
        "after": "20:00",
        "text": "Fem minutt att – hugs å skrive kortet til gruppa på veggen.",
    },
    {
        "during": "Oppsummering og vegen vidare",
        "after": "8:00",
        "text": "Takk for i dag! Rapporten frå møtet kjem til alle kommunane.",
    },
]

CARDS = [
    {
        "key": "kvam-lokalt",
        "voices": ["Kvam herad"],
        "site": True,
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Kvam: kulturskulen inn i oppvekstteamet",
        "body": (
            "Vi sit fire i øvingsrommet på kulturskulen i Kvam, og Kinn og Kvinnherad er med "
            "på skjermen.\n"
            "1. Kulturskulen må sitje ved bordet når oppvekstteamet møtest – ikkje berre bli "
            "invitert når nokon treng musikk til ei markering. Hjå oss har "
            "kulturskulerektoren no fast plass i leiarmøtet for oppvekst, og det merkar vi.\n"
            "2. Kinn fortalde om eit samarbeid der kulturskulelærarane rettleier dei tilsette "
            "i barnehagane. Det vil vi prøve.\n"
            "3. Av fylkeskommunen og kulturskulerådet treng vi hjelp til å dele gode døme, "
            "og at nokon samlar kommunane jamleg."
        ),
        "pictures": [
            {
                "kind": "flipchart",
                "title": "Kulturskulen i oppvekstteamet",
                "lines": ["– fast plass i leiarmøtet", "– rettleiing i barnehagane"],
                "notes": [
                    {"text": "Dele gode døme", "colour": "yellow"},
                    {"text": "Felles samlingar i Vestland", "colour": "green"},
                    {"text": "Like prisar?", "colour": "pink"},
                ],
                "alt": (
                    "Foto av flippoveren i øvingsrommet i Kvam: «Kulturskulen i "
                    "oppvekstteamet», to linjer om leiarmøtet og rettleiing i barnehagane, "
                    "og tre lappar: «Dele gode døme», «Felles samlingar i Vestland» og «Like "
                    "prisar?»."
                ),
            }
        ],
    },
    {
        "key": "sma-kommunar-skuledagen",
        "voices": ["Stryn kommune", "Fjaler kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["attraktiv", "inkluderende"], "findings": [1]},
        "heading": "Små kommunar: kulturskulen inn i skuledagen",
        "body": (
            "Stryn, Fjaler, Sogndal, Alver, Askøy og Bømlo: Innlegget frå Fjaler viste at "
            "ein liten kulturskule kan bli ein del av oppvekstteamet når han er til stades i "
            "skulekvardagen.\n"
            "- Vi vil ha undervisning i skuletida eller rett etter, så skyssen ikkje stengjer "
            "nokon ute.\n"
            "- Kombinerte stillingar med grunnskulen gjer det lettare å rekruttere, og gir "
            "betre samanheng for elevane.\n"
            "- Av kvarandre treng vi eit regionalt vikarregister og felles "
            "kompetanseheving – ingen av oss har råd til å gjere det åleine."
        ),
    },
    {
        "key": "vidaregaande-raud-trad",
        "voices": ["Vestland fylkeskommune", "Stord kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [4]},
        "pinned": True,
        "heading": "Frå kulturskule til vidaregåande – ein raud tråd",
        "body": (
            "Mykje av oppvekstløpet stoppar ved 16 år i planane våre. Fylkeskommunen og "
            "kommunane bør lage ein samanhengande veg frå kulturskulen til musikk, dans og "
            "drama på vidaregåande, og vidare til lokale lag og amatørkultur.\n"
            "Stord fortalde at mange ungdommar sluttar i kulturskulen når dei byrjar på "
            "vidaregåande, fordi timane kolliderer med skuletida.\n"
            "Det vi treng av kvarandre: avtalar om timeplanar og rom, og at fylkeskommunen "
            "tek initiativ til eit fast nettverk med kulturskulerektorane."
        ),
    },
    {
        "key": "dei-som-ikkje-kjem",
        "voices": ["Voss herad", "Bergen kommune"],
        "questions": [1],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "drafts": [
            {
                "by": "member",
                "heading": "Dei som ikkje kjem",
                "body": "Bergen: store skilnader mellom bydelane. Voss: det same mellom bygdene.",
            }
        ],
        "heading": "Dei som ikkje kjem – kva gjer vi med dei?",
        "body": (
            "Vi snakka mest om barna som ikkje kjem. Bergen har store skilnader mellom "
            "bydelane, og på Voss ser vi det same mellom bygdene.\n"
            "- Kulturskulen må vere synleg der familiane alt er: på helsestasjonen, i "
            "barnehagen, i SFO og på fritidsklubben.\n"
            "- Friplassar må vere enkle å få, utan ein søknad der familien må forklare "
            "seg.\n"
            "- Vi treng betre tal: kven går, kven går ikkje, og kvifor? Kulturskulerådet kan "
            "hjelpe oss å samanlikne oss med andre."
        ),
        "comment": "Takk – dette tek vi med i rapporten.",
    },
    {
        "key": "politisk-forankring",
        "voices": ["Bjørnafjorden kommune", "Gloppen kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [5]},
        "heading": "Politisk forankring – og pengar som varer",
        "body": (
            "Bjørnafjorden og Gloppen har begge kulturskuleplanar, men dei står ikkje i "
            "oppvekstplanen, og dei er det første som blir kutta når budsjettet er "
            "stramt.\n"
            "- Kulturskulen må inn i samfunnsdelen av kommuneplanen og i oppvekstplanen.\n"
            "- Vi ønskjer tydelegare styringssignal nasjonalt: kva er eit godt nok "
            "kulturskuletilbod?\n"
            "- KS kan hjelpe med å få kulturskulen inn i arbeidet med heilskapleg oppvekst, "
            "så det ikkje berre er kultursektoren som snakkar om han."
        ),
    },
    {
        "key": "rettleiing-nettverk",
        "voices": ["Norsk kulturskoleråd", "Ullensvang herad"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [1]},
        "heading": "Rettleiing og nettverk",
        "body": (
            "Norsk kulturskoleråd fortalde om rettleiinga i kulturskuleutvikling, og "
            "Ullensvang har vore med i ein runde. Det som hjelpte mest, var å få tid til å "
            "sjå på eigen kulturskule saman med skuleleiarar og politikarar.\n"
            "Korleis bli ein del av oppvekstløpet: start med ein felles analyse av kva barn "
            "og unge i kommunen faktisk treng.\n"
            "Av kvarandre treng vi eit nettverk der kulturskulerektorane møtest fleire "
            "gonger i året, og at erfaringane frå rettleiinga blir delte med dei som ikkje "
            "har vore med."
        ),
    },
    {
        "key": "kva-ks-kan-gjere",
        "voices": ["KS", "Høyanger kommune"],
        "questions": [2],
        "speaks_to": {"areas": ["betydningsfull", "attraktiv"], "findings": [5]},
        "drafts": [
            {
                "by": "moderator",
                "heading": "Kva treng vi frå KS?",
                "body": "- heilskapleg oppvekst\n- tal og forteljingar\n- møteplassar",
            }
        ],
        "heading": "Kva KS kan gjere",
        "body": (
            "KS-deltakaren spurde kva kommunane treng frå KS. Svaret frå Alver, Bømlo, "
            "Høyanger, Sogndal og Ullensvang:\n"
            "- Ta med kulturskulen når KS arbeider med heilskapleg oppvekst og med "
            "medverknad frå barn og unge.\n"
            "- Hjelp oss å vise politikarane kva kulturskulen betyr for folkehelse og "
            "trivsel, med tal og gode forteljingar.\n"
            "- Lag møteplassar der kommunedirektørar og kultursjefar snakkar saman, ikkje "
            "berre fagfolka."
        ),
    },
]

SESSIONS = {
    "Gruppesamtale": {
        "strategy": "mixed",
        "target_size": 6,
        "seed": 904,
        "rotate_roles": False,
        "cards": CARDS,
    },
}

REPORT_BACKS = {
    "Tilbakemelding frå gruppene": {
        "cards": ["kvam-lokalt", "vidaregaande-raud-trad", "politisk-forankring"],
        "seconds": 180,
    },
}
