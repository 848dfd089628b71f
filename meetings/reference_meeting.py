"""The reference meeting: the temamøte "Fremtidens kulturskole" by KS and Norsk kulturskoleråd.

Its programme, as plain data, follows the slide deck in /work/shared/reference
(fremtidens-kulturskole-temamote.txt) item by item. `manage.py load_reference_meeting`
builds it through the domain functions; nothing else reads this module.

Where the deck sends people to Padlet, the Zoom chat or a phone number, samtale's own wall
and help channel take over, so the descriptions below speak of those instead.

Each item: kind (a ProgrammeItem.Kind value), title, description, start ("HH:MM"),
minutes, and optionally resume_at ("HH:MM", for a break), speakers (dicts of name, role,
organisation) and questions (strings, in order). The items follow each other without gaps:
each starts when the one before it is planned to end, and the coffee break ends at 11:10 as
the deck announces ("vi starter igjen 11:10").
"""

MEETING = {
    "title": "Fremtidens kulturskole",
    "language": "nb",
    # A placeholder: the organiser pastes the real video call link before the meeting.
    "video_url": "https://example.zoom.us/j/0000000000",
    # The groups meet in Zoom's breakout rooms, assigned ahead from the join page's e-mails.
    "zoom_preassign": True,
    # Fixed so that the participant link stays the same each time the demo is loaded.
    "code": "KULTUR",
    # Who answers for the participants' personal data: the join page names them.
    "controller_name": "Norsk kulturskoleråd",
    "controller_contact": "personvern@example.no",
}

FACILITATOR_USERNAME = "moteleder"

GROUP_PROTOCOL = (
    "Velg en ordstyrer og en tidsvakt, og en referent som skriver gruppens kort på veggen.\n"
    "Organiser samtalen som rekkefremlegg: {rounds}\n"
    "Gruppene leverer underveis på veggen – ett kort per gruppe, med overskrift, gruppens "
    "navn, teksten og gjerne bilder. Noter hvilke spørsmål dere svarer på. "
    "Materialet formidles i ettertid."
)

PROGRAMME = [
    {
        "kind": "info",
        "title": "Velkommen til temamøte",
        "description": (
            "Temamøte om Fremtidens kulturskole, i regi av KS og Norsk kulturskoleråd.\n"
            "Alle må endre navnet sitt i videomøtet til: "
            "kommunenavn/organisasjonsnavn, fornavn etternavn.\n"
            "Tekniske utfordringer? Skriv i hjelpekanalen («Hjelp» på møtesiden) – "
            "møteleder svarer deg der."
        ),
        "start": "09:00",
        "minutes": 5,
    },
    {
        "kind": "talk",
        "title": "Velkommen på vegne av KS og Norsk kulturskoleråd",
        "description": "Åpning av temamøtet ved styreleder i KS.",
        "start": "09:05",
        "minutes": 10,
        "speakers": [
            {"name": "Bjørn Arild Gram", "role": "styreleder", "organisation": "KS"},
        ],
    },
    {
        "kind": "info",
        "title": "Litt om dagen i dag",
        "description": (
            "Temamøtet handler om arbeidet i og kunnskapsgrunnlaget fra prosjektet, "
            "kommentarer og innledninger, og dialog lokalt og på nett.\n"
            "Vi skal i dialoggrupper, og gruppene spiller inn sine svar på veggen.\n"
            "Skru av lyden og bruk talervisning i videomøtet.\n"
            "Hjelpekanalen er for tekniske spørsmål, ikke for kommentarer.\n"
            "Møtet blir tatt opp."
        ),
        "start": "09:15",
        "minutes": 5,
    },
    {
        "kind": "talk",
        "title": "Ny stortingsmelding for barne- og ungdomskultur",
        "description": "Hva kan du si noe om per i dag, Synne?",
        "start": "09:20",
        "minutes": 10,
        "speakers": [
            {
                "name": "Synne Nordmark Børstad",
                "role": "",
                "organisation": "Kunnskapsdepartementet",
            },
        ],
    },
    {
        "kind": "talk",
        "title": "Fremtidens kulturskole",
        "description": (
            "Førsteutkastet er klart. Hvordan har vi jobbet? Bakgrunn, mål og deltagere; "
            "aktivitet og metoder; funn, trender og verdiområder; noe om avgrensninger; "
            "Kulturskole 3.0.\n"
            "Verdiområder: attraktiv og relevant; inkluderende og mangfoldig; utviklende og "
            "skapende; betydningsfull og mestringsorientert.\n"
            "Kunnskapsgrunnlaget fra Utdanningsdirektoratet:\n"
            "1. Kulturskolene er preget av variasjon.\n"
            "2. Kulturskolens mange roller kan være vanskelige å forene.\n"
            "3. Kulturskolen er økonomisk utilgjengelig for noen.\n"
            "4. Kulturskolen dras mellom å være et bredde- og et spesialiseringstilbud.\n"
            "5. Forskerne etterspør tydeligere styringssignaler."
        ),
        "start": "09:30",
        "minutes": 30,
        # The deck does not name who presents the project: only its two organisations.
        "speakers": [
            {"name": "Prosjektgruppen", "role": "", "organisation": "KS"},
            {"name": "Prosjektgruppen", "role": "", "organisation": "Norsk kulturskoleråd"},
        ],
    },
    {
        "kind": "talk",
        "title": "Helhet og sammenheng",
        "description": "Hvordan kan vi jobbe med helhet og sammenheng for barn og unge?",
        "start": "10:00",
        "minutes": 15,
        "speakers": [
            {"name": "Trond Kalhagen", "role": "", "organisation": ""},
        ],
    },
    {
        "kind": "group_session",
        "title": "Gruppesamtaler – Til det som har blitt presentert",
        "description": GROUP_PROTOCOL.format(
            rounds=(
                "en runde på første spørsmål først, så dialog og oppsummering i gruppen. "
                "Så en ny lignende runde på spørsmål 2 og 3."
            )
        ),
        "start": "10:15",
        "minutes": 30,
        "questions": [
            "Hva av dette er relevant for arbeidet med helhetlig oppvekst og kulturskole hos oss?",
            "Hva er viktige rammer og verdier for å sammen skape fremtidens kulturskole i vår "
            "kommune?",
            "Hva griper vi fatt i først – hva må vi først få på plass?",
        ],
    },
    {
        "kind": "report_back",
        "title": "Hva snakket dere om",
        "description": "Vi velger noen grupper som melder tilbake i plenum.",
        "start": "10:45",
        "minutes": 10,
    },
    {
        "kind": "break",
        "title": "KAFFEPAUSE",
        # The time is not in the text: the page says it from resume_at, which an extension
        # moves (one truth about time).
        "description": "Hent en kopp kaffe og strekk på beina.",
        "start": "10:55",
        "minutes": 15,
        "resume_at": "11:10",
    },
    {
        "kind": "info",
        "title": "PÅ IGJEN – opptaket går",
        "description": "Velkommen tilbake. Opptaket går igjen.",
        "start": "11:10",
        "minutes": 5,
    },
    {
        "kind": "talk",
        "title": "Om forpilot – og tanker for videre arbeid",
        "description": (
            "«Kulturskole 3.0, samskaping og kulturskolens rolle». "
            "Begge innlederne er deltagere i forpiloten Kulturskole 3.0."
        ),
        "start": "11:15",
        "minutes": 20,
        "speakers": [
            {
                "name": "Morten Hagevik",
                "role": "rektor",
                "organisation": "Porsgrunn kulturskole",
            },
            {
                "name": "Hilde Bjørkum",
                "role": "kommunalsjef for kultur",
                "organisation": "Sunnfjord kommune",
            },
        ],
    },
    {
        "kind": "info",
        "title": "Anbefalinger og frampek for videre arbeid",
        "description": (
            "Det videre arbeidet i prosjektet vil ta perspektivene helhetlig utvikling i "
            "kommunal sektor, samskapingskommunen, bærekraft og brukeren i sentrum inn i det "
            "konkrete kommunale arbeidet.\n"
            "Vi skal nå operasjonalisere og levendegjøre materialet i konkret utviklingsarbeid "
            "og bevisst kunnskapsdeling og kunnskapsutvikling."
        ),
        "start": "11:35",
        "minutes": 5,
    },
    {
        "kind": "info",
        "title": "Videreføring",
        "description": (
            "Pilotarbeid med Kulturskole 3.0: kulturskolen som utviklingsaktør i "
            "samskapingskommunen.\n"
            "Kulturskole hele livet: metoder for tjenesteutvikling lokalt.\n"
            "Kompetanse for fremtiden: hvilken kompetanse trenger vi for å nå fremtidsbildene?\n"
            "Kunnskapsutvikling, erfaringsdeling og forskning på feltet: hva virker, og hvordan "
            "dele det med andre?"
        ),
        "start": "11:40",
        "minutes": 5,
    },
    {
        "kind": "info",
        "title": "Sammenheng med andre satsinger",
        "description": (
            "Kulturskoleutvikling og «Fremtidens kulturskole» må henge tett sammen med "
            "arbeidet ellers i KS og Norsk kulturskoleråd: ABSOLUTT-programmet i KS, "
            "Kulturskolerådets veiledningsarbeid i kommunene, «Koordinert kulturarbeid», "
            "Kil-prosjektet (Kulturskolen som inkluderende kraft i lokalsamfunnet), kunst, "
            "kultur og helse med musikkbasert miljøbehandling (MMB), helhetlig oppvekst, barn "
            "og unges medvirkning, og Kommune 3.0 – samskapingskommunen.\n"
            "Prosjektet skal ikke leve videre alene, men kobles godt på nettverk, arbeid og "
            "satsinger som finnes og er under utvikling."
        ),
        "start": "11:45",
        "minutes": 5,
    },
    {
        "kind": "group_session",
        "title": "Gruppesamtaler – Tanker for videre arbeid",
        "description": GROUP_PROTOCOL.format(
            rounds=(
                "en runde på første spørsmål først, så dialog og oppsummering i gruppen. "
                "Så en ny lignende runde på spørsmål 2."
            )
        ),
        "start": "11:50",
        "minutes": 15,
        "questions": [
            "Hvem tar ballen videre når hos oss?",
            "Hva trenger vi i et prosjekt/arbeid for fremtidens kulturskole?",
        ],
    },
    {
        "kind": "info",
        "title": "Nettsiden og gode eksempler",
        "description": (
            "Fremtidens kulturskole har en egen nettside: "
            "www.kulturskoleradet.no/vi-tilbyr/fremtidens-kulturskole\n"
            "Kulturskolens potensial som samskapingsaktør. Alt som starter på SAM. "
            "Rammeplanen som utgangspunkt. Ulike ressurser, erfaringer og kunnskap arbeider "
            "sammen."
        ),
        "start": "12:05",
        "minutes": 5,
    },
    {
        "kind": "info",
        "title": "Hvorfor har vi en kulturskole?",
        "description": (
            "Eller – hurra, vi eier en kulturskole! Hvilke bilder og viktige historier skapes "
            "av og for en kulturskole for fremtiden? Og hva er det viktig og «riktig» at vi i "
            "KS, Norsk kulturskoleråd og kommunene gjør fremover for å bidra til å realisere "
            "dette?"
        ),
        "start": "12:10",
        "minutes": 10,
    },
    {
        "kind": "info",
        "title": "Avslutning",
        "description": (
            "Et opptak av webinaret legges ut på Fremtidens kulturskole innen 24 timer. "
            "Nå stopper vi opptaket.\n"
            "Rapporten er klar før nyttår – tror vi – den skal godkjennes og få siste hånd på "
            "designet.\n"
            "Arbeidet videre: utlysning av prosjekt og info om videre arbeid kommer over nyttår."
        ),
        "start": "12:20",
        "minutes": 10,
    },
]


# Sample participants for the demo, in the naming convention of the deck. Their
# organisations are matched against the municipality register like anyone else's.
SAMPLE_FIRST_NAMES = [
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Sigrid",
    "Magnus",
    "Solveig",
    "Even",
    "Ragnhild",
    "Tor",
    "Marit",
    "Håkon",
    "Liv",
    "Jonas",
    "Astrid",
    "Eirik",
    "Hanne",
    "Øystein",
]
SAMPLE_LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lunde",
    "Solberg",
    "Moen",
    "Bakken",
    "Strand",
    "Nilsen",
    "Eide",
    "Aasen",
]
SAMPLE_ORGANISATIONS = [
    "Porsgrunn kommune",
    "Sunnfjord kommune",
    "Bodø kommune",
    "Skien kommune",
    "Tromsø kommune",
    "Trondheim kommune",
    "Bergen kommune",
    "Lillehammer kommune",
    "Kulturskolen i Drammen",
    "Stavanger kommune",
    "Norsk kulturskoleråd",
    "KS",
    "Vestland fylkeskommune",
    "Kristiansand kommune",
]


def sample_participants(count: int) -> list[dict]:
    """`count` participants with Norwegian names from many organisations; two are local sites."""
    people = []
    for number in range(count):
        first = SAMPLE_FIRST_NAMES[number % len(SAMPLE_FIRST_NAMES)]
        last = SAMPLE_LAST_NAMES[(number * 7) % len(SAMPLE_LAST_NAMES)]
        organisation = SAMPLE_ORGANISATIONS[(number * 5) % len(SAMPLE_ORGANISATIONS)]
        is_other = organisation in ("Norsk kulturskoleråd", "KS")
        person = {
            "name": f"{first} {last}",
            "organisation": organisation,
            "organisation_is_other": is_other,
            "join_key": f"demo-{number}",
        }
        if number in (3, 11):
            person.update(
                name=f"Kulturhuset, møterom {number}", is_local_site=True, head_count=4 + number % 3
            )
        people.append(person)
    return people
