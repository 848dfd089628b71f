"""The reference meeting's programme in nynorsk, read through by hand: the meeting is
written in bokmål (reference_meeting.py), and samtale shows these to the participants who
read nynorsk (meetings/written.py). Made as a facilitator would: Apertium's proposal
(analysis/apertium.py), then corrected where it went wrong (docs/written-forms.md): the
names of organisations and projects ("Norsk kulturskoleråd", "Fremtidens kulturskole",
"Kulturskole 3.0") put back as they are spelt, a word it left in bokmål, "svarar" and
"noter", "kortet til gruppa" for "kortet i gruppa".

Keyed by the item's title in bokmål; each gives the title, the description and the
questions in order.
"""

NYNORSK = {
    "Velkommen til temamøte": {
        "title": "Velkomen til temamøte",
        "description": (
            "Temamøte om Fremtidens kulturskole, i regi av KS og Norsk kulturskoleråd.\n"
            "Alle må endre namnet sitt i videomøtet til: kommunenamn/organisasjonsnamn, "
            "førenamn etternamn.\n"
            "Tekniske utfordringar? Skriv i hjelpekanalen («Hjelp» på møtesida) – møteleiar "
            "svarar deg der."
        ),
    },
    "Velkommen på vegne av KS og Norsk kulturskoleråd": {
        "title": "Velkomen på vegner av KS og Norsk kulturskoleråd",
        "description": "Opning av temamøtet ved styreleiar i KS.",
    },
    "Litt om dagen i dag": {
        "title": "Litt om dagen i dag",
        "description": (
            "Temamøtet handlar om arbeidet i og kunnskapsgrunnlaget frå prosjektet, "
            "kommentarar og innleiingar, og dialog lokalt og på nett.\n"
            "Vi skal i dialoggrupper, og gruppene speler inn svara sine på veggen.\n"
            "Skru av lyden og bruk talarvisning i videomøtet.\n"
            "Hjelpekanalen er for tekniske spørsmål, ikkje for kommentarar.\n"
            "Møtet blir teke opp."
        ),
    },
    "Ny stortingsmelding for barne- og ungdomskultur": {
        "title": "Ny stortingsmelding for barne- og ungdomskultur",
        "description": "Kva kan du seie noko om per i dag, Synne?",
    },
    "Fremtidens kulturskole": {
        "title": "Fremtidens kulturskole",
        "description": (
            "Førsteutkastet er klart. Korleis har vi jobba? Bakgrunn, mål og deltakarar; "
            "aktivitet og metodar; funn, trendar og verdiområde; noko om avgrensingar; "
            "Kulturskole 3.0.\n"
            "Verdiområde: attraktiv og relevant; inkluderande og mangfaldig; utviklande og "
            "skapande; viktig og meistringsorientert.\n"
            "Kunnskapsgrunnlaget frå Utdanningsdirektoratet:\n"
            "1. Kulturskulane er prega av variasjon.\n"
            "2. Dei mange rollene til kulturskulen kan vere vanskelege å sameine.\n"
            "3. Kulturskulen er økonomisk utilgjengeleg for nokre.\n"
            "4. Kulturskulen blir dregen mellom å vere eit breidde- og eit "
            "spesialiseringstilbod.\n"
            "5. Forskarane etterspør tydelegare styringssignal."
        ),
    },
    "Helhet og sammenheng": {
        "title": "Heilskap og samanheng",
        "description": "Korleis kan vi jobbe med heilskap og samanheng for barn og unge?",
    },
    "Gruppesamtaler – Til det som har blitt presentert": {
        "title": "Gruppesamtalar – Til det som har vorte presentert",
        "description": (
            "Vel ein ordstyrar og ei tidsvakt, og ein referent som skriv kortet til gruppa på"
            " veggen.\n"
            "Organiser samtalen som rekkjeframlegg: ein runde på første spørsmål først, så "
            "dialog og oppsummering i gruppa. Så ein ny liknande runde på spørsmål 2 og 3.\n"
            "Gruppene leverer undervegs på veggen – eitt kort per gruppe, med overskrift, "
            "namnet på gruppa, teksten og gjerne bilete. Noter kva spørsmål de svarar på. "
            "Materialet blir formidla i ettertid."
        ),
        "questions": [
            (
                "Kva av dette er relevant for arbeidet med heilskapleg oppvekst og "
                "kulturskule hos oss?"
            ),
            (
                "Kva er viktige rammer og verdiar for å skape framtidas kulturskule saman i "
                "kommunen vår?"
            ),
            "Kva grip vi fatt i først – kva må vi først få på plass?",
        ],
    },
    "Hva snakket dere om": {
        "title": "Kva snakka de om",
        "description": "Vi vel nokre grupper som melder tilbake i plenum.",
    },
    "KAFFEPAUSE": {
        "title": "KAFFIPAUSE",
        "description": "Hent ein kopp kaffi og strekk på beina.",
    },
    "PÅ IGJEN – opptaket går": {
        "title": "PÅ IGJEN – opptaket går",
        "description": "Velkomen tilbake. Opptaket går igjen.",
    },
    "Om forpilot – og tanker for videre arbeid": {
        "title": "Om forpilot – og tankar for vidare arbeid",
        "description": (
            "«Kulturskule 3.0, samskaping og rolla til kulturskulen». Begge innleiarane er "
            "deltakarar i forpiloten Kulturskole 3.0"
        ),
    },
    "Anbefalinger og frampek for videre arbeid": {
        "title": "Tilrådingar og frampeik for vidare arbeid",
        "description": (
            "Det vidare arbeidet i prosjektet vil ta perspektiva heilskapleg utvikling i "
            "kommunal sektor, samskapingskommunen, berekraft og brukaren i sentrum inn i det "
            "konkrete kommunale arbeidet.\n"
            "Vi skal no operasjonalisere og levandegjere materialet i konkret "
            "utviklingsarbeid og medviten kunnskapsdeling og kunnskapsutvikling."
        ),
    },
    "Videreføring": {
        "title": "Vidareføring",
        "description": (
            "Pilotarbeid med Kulturskole 3.0: kulturskulen som utviklingsaktør i "
            "samskapingskommunen.\n"
            "Kulturskule heile livet: metodar for tenesteutvikling lokalt.\n"
            "Kompetanse for framtida: kva kompetanse treng vi for å nå framtidsbileta?\n"
            "Kunnskapsutvikling, erfaringsdeling og forsking på feltet: kva verkar, og "
            "korleis dele det med andre?"
        ),
    },
    "Sammenheng med andre satsinger": {
        "title": "Samanheng med andre satsingar",
        "description": (
            "Kulturskuleutvikling og «Fremtidens kulturskole» må henge tett saman med "
            "arbeidet elles i KS og Norsk kulturskoleråd: ABSOLUTT-programmet i KS, "
            "rettleiingsarbeidet til Kulturskolerådet i kommunane, «Koordinert kulturarbeid»,"
            " Kil-prosjektet (Kulturskolen som inkluderende kraft i lokalsamfunnet), kunst, "
            "kultur og helse med musikkbasert miljøbehandling (MMB), heilskapleg oppvekst, "
            "medverknaden til barn og unge, og Kommune 3.0 – samskapingskommunen.\n"
            "Prosjektet skal ikkje leve vidare åleine, men koplast godt på nettverk, arbeid "
            "og satsingar som finst og er under utvikling."
        ),
    },
    "Gruppesamtaler – Tanker for videre arbeid": {
        "title": "Gruppesamtalar – Tankar for vidare arbeid",
        "description": (
            "Vel ein ordstyrar og ei tidsvakt, og ein referent som skriv kortet til gruppa på"
            " veggen.\n"
            "Organiser samtalen som rekkjeframlegg: ein runde på første spørsmål først, så "
            "dialog og oppsummering i gruppa. Så ein ny liknande runde på spørsmål 2.\n"
            "Gruppene leverer undervegs på veggen – eitt kort per gruppe, med overskrift, "
            "namnet på gruppa, teksten og gjerne bilete. Noter kva spørsmål de svarar på. "
            "Materialet blir formidla i ettertid."
        ),
        "questions": [
            "Kven tek ballen vidare når hos oss?",
            "Kva treng vi i eit prosjekt/arbeid for kulturskulen i framtida?",
        ],
    },
    "Nettsiden og gode eksempler": {
        "title": "Nettsida og gode døme",
        "description": (
            "Fremtidens kulturskole har ei eiga nettside: "
            "www.kulturskoleradet.no/vi-tilbyr/fremtidens-kulturskole\n"
            "Potensialet til kulturskulen som samskapingsaktør. Alt som startar på SAM. "
            "Rammeplanen som utgangspunkt. Ulike ressursar, erfaringar og kunnskap arbeider "
            "saman."
        ),
    },
    "Hvorfor har vi en kulturskole?": {
        "title": "Kvifor har vi ein kulturskule?",
        "description": (
            "Eller – hurra, vi eig ein kulturskule! Kva bilete og viktige historier blir "
            "skapte av og for ein kulturskule for framtida? Og kva er det viktig og «rett» at"
            " vi i KS, Norsk kulturskoleråd og kommunane gjer framover for å bidra til å "
            "realisere dette?"
        ),
    },
    "Avslutning": {
        "title": "Avslutning",
        "description": (
            "Eit opptak av webinaret blir lagt ut på nettsida til Fremtidens kulturskole "
            "innan 24 timar. No stoppar vi opptaket.\n"
            "Rapporten er klar før nyttår – trur vi – han skal godkjennast og få siste hand "
            "på designet.\n"
            "Arbeidet vidare: utlysing av prosjekt og info om vidare arbeid kjem over nyttår."
        ),
    },
}
