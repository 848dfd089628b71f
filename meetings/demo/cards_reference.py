"""What the twenty groups of each session of «Fremtidens kulturskole» wrote on the wall.

One card per group. Each card says who it speaks for (`voices`: organisations as people
wrote them; the first is the note-taker's, `site` when that is a local site's room), so it
lands in a group where those people sat. `questions` are the session's question numbers
it answers. `drafts` are earlier versions, oldest first, each saved by the member in the
role named by `by` ("note_taker", "moderator", "timekeeper" or "member": one without a
role). `comment`, `pinned` and `hidden_reason` are the facilitator's; `pictures` are drawn
by meetings/demo/pictures.py. `speaks_to` notes which of the project's four value areas
(attraktiv, inkluderende, utviklende, betydningsfull) and which of the knowledge base's
five findings (1–5) the card takes up, for checking an analysis against.

Most cards are in bokmål; those from western municipalities are in nynorsk, as their
writers would write them.
"""

FIRST_SESSION_CARDS = [
    {
        "key": "sunnfjord-lokalt",
        "voices": ["Sunnfjord kommune"],
        "site": True,
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende", "betydningsfull"], "findings": [1, 2]},
        "heading": "Heilskapleg oppvekst – kulturskulen må vere med frå barnehagen",
        "body": (
            "Vi sit fire frå Sunnfjord i Førdehuset og har teikna på flippoveren (sjå "
            "biletet).\n"
            "- Kulturskulen må vere ein del av heile oppvekstløpet, ikkje eit tilbod på "
            "sida av det. Hjå oss står han no i oppvekstplanen, men berre med éi setning.\n"
            "- Barnehagane vil ha musikk og dans, skulane vil ha oss inn i SFO, "
            "helsestasjonen spør etter babysong. Vi seier ja til alt – og har ikkje folk "
            "til det.\n"
            "- Etter samanslåinga har vi fire gamle kulturskular med ulike tradisjonar og "
            "ulike prisar. Det er variasjonen frå kunnskapsgrunnlaget, berre inne i éin "
            "kommune.\n"
            "- Verdiane våre: inkluderande og meistringsorientert. Alle skal kunne vere "
            "med, og alle skal få kjenne at dei blir gode på noko."
        ),
        "pictures": [
            {
                "kind": "mindmap",
                "title": "Heilskapleg oppvekst",
                "centre": "Kulturskulen",
                "branches": [
                    "barnehagen",
                    "SFO",
                    "skulen",
                    "helsestasjonen",
                    "korps og kor",
                    "kulturhuset",
                ],
                "notes": [
                    {"text": "Kven eig dette?", "colour": "pink"},
                    {"text": "Folk nok?", "colour": "yellow"},
                ],
                "alt": (
                    "Foto av eit flippoverark med tankekart: «Kulturskulen» i midten og "
                    "piler ut til barnehagen, SFO, skulen, helsestasjonen, korps og kor og "
                    "kulturhuset. To lappar under: «Kven eig dette?» og «Folk nok?»."
                ),
            }
        ],
    },
    {
        "key": "porsgrunn-lokalt",
        "voices": ["Kulturskolen i Porsgrunn"],
        "site": True,
        "questions": [1, 2, 3],
        "speaks_to": {"areas": ["inkluderende", "attraktiv"], "findings": [2, 3]},
        "heading": "Porsgrunn: fra kø til kulturskole for alle",
        "body": (
            "Vi er fem fra Porsgrunn samlet i storsalen på kulturskolen. Bildet er "
            "flippoveren vår.\n\n"
            "**1.** Tankegangen fra Kulturskole 3.0 kjenner vi igjen fra forpiloten: "
            "kulturskolen må jobbe *sammen med* skolen, barnehagen og frivilligheten, ikke "
            "bare ha egne elever etter skoletid.\n\n"
            "**2.** Vi har fortsatt venteliste, særlig på gitar, dans og visuell kunst. "
            "Samtidig ser vi at de som står på ventelista ofte er barn som allerede har "
            "mye. Friplassene må bli kjent for dem som trenger dem.\n\n"
            "**3.** Først: en kulturskoleplan som er behandlet politisk og henger sammen "
            "med oppvekstplanen. Og lokaler – i dag deler vi rom med alt og alle."
        ),
        "pictures": [
            {
                "kind": "flipchart",
                "title": "Fremtidens kulturskole i Porsgrunn",
                "lines": [
                    "– sammen med skole, barnehage og frivillige",
                    "– hvem står egentlig på ventelista?",
                ],
                "notes": [
                    {"text": "Venteliste!", "colour": "yellow"},
                    {"text": "Friplasser folk vet om", "colour": "pink"},
                    {"text": "Samarbeid med korpsene", "colour": "green"},
                    {"text": "Lokaler?!", "colour": "blue"},
                    {"text": "Plan vedtatt i bystyret", "colour": "orange"},
                ],
                "alt": (
                    "Foto av et flippoverark med overskriften «Fremtidens kulturskole i "
                    "Porsgrunn», to linjer skrevet med tusj og fem lapper: «Venteliste!», "
                    "«Friplasser folk vet om», «Samarbeid med korpsene», «Lokaler?!» og "
                    "«Plan vedtatt i bystyret»."
                ),
            }
        ],
    },
    {
        "key": "alesund-lokalt",
        "voices": ["Ålesund kommune"],
        "site": True,
        "questions": [3],
        "speaks_to": {"areas": ["inkluderende", "utviklende"], "findings": [3, 4]},
        "heading": "Hva må på plass først? Vår prioritering",
        "body": (
            "Tre fra Ålesund kulturskole i møterom 2. Vi skrev lapper, hengte dem på veggen "
            "og sorterte i først, så og senere (se bildet).\n"
            "**Først:** et politisk vedtak om kulturskoleplan, og en kartlegging av hvem "
            "som *ikke* går i kulturskolen – per skolekrets.\n"
            "**Så:** en friplassordning som er enkel å søke på, og fast samarbeid med SFO.\n"
            "**Senere:** nye lokaler i kulturhuset og et tilbud for voksne («kulturskole "
            "hele livet»).\n"
            "Det vi var mest uenige om: om vi skal bruke mer på bredden eller på dem som "
            "vil satse."
        ),
        "pictures": [
            {
                "kind": "postit_wall",
                "columns": [
                    {
                        "title": "Først",
                        "notes": [
                            {"text": "Politisk vedtak om kulturskoleplan"},
                            {"text": "Kartlegge hvem som ikke går"},
                        ],
                    },
                    {
                        "title": "Så",
                        "notes": [
                            {"text": "Friplass-ordning"},
                            {"text": "Samarbeid med SFO"},
                        ],
                    },
                    {
                        "title": "Senere",
                        "notes": [
                            {"text": "Nye lokaler i kulturhuset"},
                            {"text": "Kulturskole hele livet"},
                        ],
                    },
                ],
                "alt": (
                    "Foto av gule, rosa og grønne lapper på en vegg, sortert i tre "
                    "kolonner: «Først», «Så» og «Senere», med prioriteringene fra kortet."
                ),
            }
        ],
    },
    {
        "key": "drammen-venteliste",
        "voices": ["Kulturskolen i Drammen", "Bergen kommune"],
        "questions": [1, 3],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "drafts": [
            {
                "by": "note_taker",
                "heading": "Drammen, Bergen m.fl.",
                "body": "- venteliste 200\n- pris?\n- hvem melder seg aldri på",
                "questions": [1],
            },
            {
                "by": "moderator",
                "heading": "Ventelister og pris",
                "body": (
                    "Vi har venteliste på over 200 elever i Drammen. Det høres ut som "
                    "suksess, men hvem er det vi ikke når?\n"
                    "- Søskenmoderasjon og friplasser finnes, men få vet om dem.\n"
                    "- Bergen: gruppeundervisning i nærmiljøet som første steg."
                ),
                "questions": [1],
            },
        ],
        "heading": "Ventelister og pris – hvem når vi egentlig?",
        "body": (
            "Vi har venteliste på over 200 elever i Drammen, mest på piano, gitar og dans. "
            "Det høres ut som suksess, men kunnskapsgrunnlaget treffer oss: kulturskolen er "
            "økonomisk utilgjengelig for noen. Det er ikke dem på ventelista vi bekymrer oss "
            "mest for, men dem som aldri melder seg på.\n"
            "- Søskenmoderasjon og friplasser finnes, men få vet om dem. Informasjonen må ut "
            "på flere språk, og gjennom skolen, helsesykepleier og NAV.\n"
            "- Bergen fortalte om gruppeundervisning i nærmiljøet som et billigere første "
            "steg. Det vil vi se nærmere på.\n"
            "- Først på plass: en betalingsmodell der prisen ikke stopper noen, og et "
            "politisk vedtak om hvor stor andel av barna vi skal nå."
        ),
        "comment": (
            "Takk! Ventelistene og prisen tar vi med i oppsummeringen. Si gjerne litt om "
            "dette i plenum."
        ),
    },
    {
        "key": "voss-oppvekstlopet",
        "voices": ["Voss herad"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull", "attraktiv"], "findings": [5]},
        "drafts": [
            {
                "by": "note_taker",
                "body": (
                    "Kulturskulen må vere ein del av heile oppvekstløpet.\n"
                    "Voss: samarbeid med barnehagane om song og rørsle."
                ),
                "questions": [1],
            },
            {
                "by": "timekeeper",
                "body": (
                    "Det mest relevante for oss var heilskap og samanheng. Kulturskulen må "
                    "vere ein del av heile oppvekstløpet, og ikkje eit tilbod for dei få som "
                    "finn vegen sjølve.\n"
                    "Hjå oss på Voss har kulturskulen eit fast samarbeid med barnehagane om "
                    "song og rørsle."
                ),
                "questions": [1],
            },
        ],
        "heading": "Kulturskulen må vere ein del av heile oppvekstløpet",
        "body": (
            "Det mest relevante for oss var *heilskap og samanheng*. Kulturskulen må vere "
            "ein del av heile oppvekstløpet – frå babysong på helsestasjonen til ungdom som "
            "vil spele i band – og ikkje eit tilbod for dei få som finn vegen sjølve.\n"
            "Hjå oss på Voss har kulturskulen eit fast samarbeid med barnehagane om song og "
            "rørsle, og det er det foreldra snakkar mest om.\n"
            "Rammer og verdiar:\n"
            "- Kulturskulen skal vere tydeleg i planverket (oppvekstplanen og samfunnsdelen "
            "av kommuneplanen), ikkje berre i kulturplanen.\n"
            "- Meistring er viktigare enn prestasjon for dei fleste.\n"
            "- Vi må tore å seie at det kostar – og at det er verdt det."
        ),
    },
    {
        "key": "kvinnherad-avstandar",
        "voices": ["Kvinnherad kommune"],
        "questions": [2, 3],
        "speaks_to": {"areas": ["attraktiv"], "findings": [1, 2]},
        "heading": "Lange avstandar, små stillingar",
        "body": (
            "I Kvinnherad køyrer lærarane mellom fem skular, og mange har berre 20–40 % "
            "stilling hjå oss. Det gjer det vanskeleg å rekruttere og halde på folk.\n"
            "- Vi ønskjer kombinerte stillingar saman med grunnskulen og kyrkja, slik at "
            "fleire kan få full stilling.\n"
            "- Kulturskulen bør kome til borna der dei er: undervisning på skulen rett "
            "etter skuletid, ikkje berre i sentrum.\n"
            "- Kva vi gjer først: ein avtale med skulane om rom og tid, og ein felles "
            "rekrutteringsplan med nabokommunane."
        ),
    },
    {
        "key": "orsta-rollene",
        "voices": ["Ørsta kommune"],
        "questions": [1, 3],
        "speaks_to": {"areas": ["utviklende"], "findings": [2, 5]},
        "heading": "Mange roller – same ressursar",
        "body": (
            "Vi snakka mest om kva små og mellomstore kommunar kan få til saman. Ørsta og "
            "Volda har prøvd eit felles fordjupingstilbod, og vi spør om samarbeidet kan "
            "utvidast til meir felles planlegging.\n"
            "- Relevant frå innlegga: kulturskulen sine mange roller. Vi skal vere skule, "
            "ressurssenter for barnehage og skule og samarbeidspart for korps og lag – med "
            "same ressursar som før.\n"
            "- Vi treng tydelegare styringssignal frå staten om kva som er kjerneoppgåva.\n"
            "- Først: avklare kva rolle kulturskulen skal ha i kommunen, og skrive det ned."
        ),
    },
    {
        "key": "vang-hol-fjellbygder",
        "voices": ["Vang kommune", "Hol kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["attraktiv", "utviklende"], "findings": [1]},
        "heading": "Fjellbygdene: liten kommune, stor variasjon",
        "body": (
            "Vi frå Vang og Hol kjende oss godt att i funnet om at kulturskulane er prega av "
            "variasjon. Hjå oss er kulturskulen to–tre lærarar, og éi sjukmelding betyr at "
            "eit heilt instrument forsvinn.\n"
            "- Relevant: samarbeid over kommunegrensene i Valdres og Hallingdal, og digital "
            "undervisning der det er lang veg til næraste lærar. Det lærte vi mykje av "
            "under pandemien.\n"
            "- Verdiar: ein kulturskule som er *relevant* for bygda – folkemusikk, "
            "hardingfele, dans og korps – og som òg gir rom for det nye ungdommane vil.\n"
            "- Rammer: stabile stillingar er viktigare enn nye prosjekt."
        ),
        "comment": "Godt poeng om stabile stillinger – det tar vi med til prosjektgruppen.",
    },
    {
        "key": "ha-korpsa",
        "voices": ["Hå kommune"],
        "questions": [2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Kulturskulen og korpsa treng kvarandre",
        "body": (
            "Frå Hå: Korpsa og kora på Jæren manglar dirigentar og instruktørar, og "
            "kulturskulen manglar elevar på messing og treblås. Det burde vere ei opplagd "
            "løysing.\n"
            "Vi vil ha ein avtale der kulturskulen gir opplæring og korpsa gir samspel og "
            "fellesskap, og der elevane ikkje betaler to gonger.\n"
            "Verdiar: fellesskap, meistring og at det skal vere kjekt. Frivilligheita er ein "
            "ressurs, men ho kan ikkje ta over det kommunen har ansvaret for."
        ),
    },
    {
        "key": "stord-ungdomsradet",
        "voices": ["Stord kommune", "Arendal kommune"],
        "questions": [2],
        "speaks_to": {"areas": ["utviklende", "attraktiv"], "findings": [4]},
        "heading": "La ungdommane vere med og bestemme",
        "body": (
            "Gruppa var samd om at framtidas kulturskule må lagast *saman med* barn og "
            "unge, ikkje berre for dei.\n"
            "- På Stord har vi prøvd eit ungdomsråd for kulturskulen. Dei ville ha band, "
            "musikkproduksjon og opne øvingsrom på kveldstid – ikkje fleire konsertar i "
            "aulaen.\n"
            "- Arendal fortalde om eit elevråd som er med og vel kva kurs som blir tilbodne. "
            "Det vil vi lære meir om.\n"
            "- Verdiar: utviklande og skapande. Elevane skal skape eigne uttrykk, ikkje "
            "berre spele det læraren har valt."
        ),
    },
    {
        "key": "sogndal-ressurssenter",
        "voices": ["Kulturskulen i Sogndal"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Ressurssenter – men kven betaler?",
        "body": (
            "Rammeplanen seier at kulturskulen skal vere eit lokalt ressurssenter. Det er vi "
            "samde i, men i praksis betyr det at vi stiller med lærarar til skulekonsertar, "
            "juleavslutningar og 17. mai utan at det står i noko budsjett.\n"
            "Relevant hjå oss: kulturskulen i Sogndal er med og planlegg Den kulturelle "
            "skulesekken, og det har gjort samarbeidet med skulane mykje betre.\n"
            "Verdiar vi vil byggje på: fagleg kvalitet og raus deling. Men rolla som "
            "ressurssenter må planleggjast og prisast, elles tek ho over for undervisninga."
        ),
    },
    {
        "key": "bergen-bydelene",
        "voices": ["Bergen kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "drafts": [
            {
                "by": "member",
                "heading": "Mangfold i bydelene",
                "body": (
                    "Store forskjeller mellom bydelene i Bergen.\n"
                    "Ikke bare pris – hvem kjenner til tilbudet?"
                ),
                "questions": [1],
            }
        ],
        "heading": "Mangfold i bydelene – vi må ut av sentrum",
        "body": (
            "I Bergen er forskjellene mellom bydelene store. I noen skolekretser går hvert "
            "fjerde barn i kulturskolen, i andre nesten ingen.\n"
            "- Mest relevant fra innleggene: at kulturskolen er økonomisk utilgjengelig for "
            "noen – og at det ikke bare handler om pris, men om hvem som kjenner til "
            "tilbudet.\n"
            "- Vi har prøvd noe av det samme som Kil-prosjektet: gratis gruppetilbud i "
            "nærmiljøet, sammen med skolen og frivillige lag. Det ga nye elever.\n"
            "- Verdier: inkluderende og mangfoldig. Kulturskolen må speile byen – i "
            "repertoar, i lærere og i hvem som står på scenen."
        ),
    },
    {
        "key": "oslo-gratis",
        "voices": ["Oslo kommune"],
        "questions": [2, 3],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "heading": "Rammer: gratis der behovet er størst",
        "body": (
            "Fra Oslo: Vi har hatt gratis kulturskoletilbud i noen bydeler, og det har gitt "
            "helt andre elevgrupper. Lærdommen er at pris betyr mye, men at rekruttering "
            "gjennom skolen betyr enda mer.\n"
            "Viktige rammer:\n"
            "1. Økonomi som ikke stopper noen (friplass, gradert pris).\n"
            "2. Tilbud der barna er – på skolen, i fritidsklubben, på biblioteket.\n"
            "3. Lærere som kan undervise store og sammensatte grupper.\n\n"
            "Det vi griper fatt i først: å måle deltakelse per bydel, så vi vet om vi "
            "treffer."
        ),
    },
    {
        "key": "trondheim-sfo",
        "voices": ["Trondheim kommune"],
        "questions": [1, 3],
        "speaks_to": {"areas": ["inkluderende", "attraktiv"], "findings": [2]},
        "heading": "SFO er døra inn",
        "body": (
            "I Trondheim har vi hatt kulturskoletilbud i SFO på alle skoler i ett år. Det "
            "som overrasket oss, var hvor mange som søkte seg til kulturskolen etterpå – "
            "også fra familier som aldri hadde vært i kontakt med oss.\n"
            "Relevant: kulturskolen som del av en helhetlig oppvekst, der skole, SFO og "
            "kulturskole planlegger sammen.\n"
            "Det vi må få på plass først:\n"
            "- én ansvarlig for samarbeidet på hver skole\n"
            "- lærere som trives med å undervise 25 seksåringer samtidig\n"
            "- at SFO-tilbudet ikke blir en erstatning for kulturskolen, men en vei inn"
        ),
    },
    {
        "key": "tromso-alta-nord",
        "voices": ["Tromsø kommune", "Alta kommune"],
        "questions": [2],
        "speaks_to": {"areas": ["attraktiv", "inkluderende"], "findings": [1]},
        "heading": "Kulturskolen i nord – samisk kultur og lange avstander",
        "body": (
            "Fra Tromsø og Alta: En kulturskole for fremtiden i nord må ha plass til joik, "
            "duodji og samisk språk, ikke bare det klassiske europeiske repertoaret. Det "
            "handler om relevans, og om at barna skal kjenne seg igjen.\n"
            "Rammene vi trenger:\n"
            "- samarbeid med samiske institusjoner og kunstnere\n"
            "- skyss eller undervisning ute i skolene, for mange bor langt fra sentrum\n"
            "- digitale løsninger som supplement, aldri som erstatning for å spille sammen\n\n"
            "Gjøvik og Trondheim kjente seg igjen i avstandene, bare i mindre skala."
        ),
        "comment": (
            "Takk for at dere løfter det samiske perspektivet – det er for lite med i "
            "førsteutkastet."
        ),
    },
    {
        "key": "ks-kommuneplanen",
        "voices": ["KS", "Kristiansand kommune"],
        "questions": [2, 3],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [5]},
        "pinned": True,
        "drafts": [
            {
                "by": "timekeeper",
                "heading": "Styringssignaler",
                "body": "Lov eller lokal styring? Gruppa er delt.",
                "questions": [2],
            },
            {
                "by": "moderator",
                "heading": "Kulturskolen inn i kommuneplanen",
                "body": (
                    "Vi brukte mest tid på forskernes funn om at det trengs tydeligere "
                    "styringssignaler. Noen vil ha en sterkere lov, andre mener kommunene "
                    "selv må ta styringen.\n"
                    "- Forankring i kommuneplanens samfunnsdel og oppvekstplanen.\n"
                    "- Kommunedirektøren må eie målene."
                ),
                "questions": [2, 3],
            },
        ],
        "heading": "Kulturskolen må inn i kommuneplanen – ikke bare i kulturplanen",
        "body": (
            "Vi brukte mest tid på forskernes funn om at det trengs tydeligere "
            "styringssignaler. Gruppa var delt: noen vil ha en sterkere lov, andre mener "
            "kommunene selv må ta styringen.\n"
            "Det vi ble enige om:\n"
            "- Kulturskolen må forankres i kommuneplanens samfunnsdel og i oppvekstplanen, "
            "ikke bare i en kulturplan som få politikere leser.\n"
            "- Kommunedirektøren må eie målene, og kulturskolens rektor må sitte der "
            "oppvekst planlegges.\n"
            "- Rammeplanen er et godt verktøy, men bare hvis den er vedtatt lokalt.\n\n"
            "Kristiansand tok rammeplanen opp til politisk behandling i fjor, og det har "
            "endret samtalene i budsjettprosessen.\n"
            "Først: få kulturskolen med når kommuneplanen rulleres neste gang."
        ),
    },
    {
        "key": "kulturskoleradet-roller",
        "voices": ["Norsk kulturskoleråd"],
        "questions": [2],
        "speaks_to": {"areas": ["betydningsfull", "utviklende"], "findings": [2, 4]},
        "heading": "Mange roller – vi må velge",
        "body": (
            "Kulturskolens mange roller kan være vanskelige å forene, sier "
            "kunnskapsgrunnlaget. Det kjenner vi igjen: opplæring, ressurssenter, "
            "samarbeidspart for helse og eldreomsorg, konsertarrangør og talentutvikling – "
            "ofte med de samme fem lærerne.\n"
            "Rammer og verdier vi vil holde fast ved:\n"
            "- Rammeplanen, med bredde-, kjerne- og fordypningsprogram, gir rom for ulike "
            "roller uten at alle må gjøre alt.\n"
            "- Hver kommune bør velge og prioritere åpent. Det er bedre enn å gjøre alt "
            "halvveis.\n"
            "- Kvaliteten i møtet mellom lærer og elev er kjernen i alle rollene."
        ),
    },
    {
        "key": "stavanger-fordypning",
        "voices": ["Stavanger kommune"],
        "questions": [2],
        "speaks_to": {"areas": ["utviklende", "inkluderende"], "findings": [4]},
        "heading": "Bredde og fordypning – begge deler, men ikke for enhver pris",
        "body": (
            "Stavanger har et fordypningsprogram med ekstra undervisning for elever som vil "
            "satse, og vi merker dragkampen mellom bredde og spesialisering som "
            "kunnskapsgrunnlaget beskriver.\n"
            "Det gruppa mener:\n"
            "- Bredden er grunnmuren. Uten mange som får prøve, får vi heller ikke dem som "
            "vil satse.\n"
            "- Fordypning må være åpen for alle som har lyst og jobber for det, ikke bare "
            "for dem med foreldre som kan betale privattimer ved siden av.\n"
            "- Talentutvikling bør skje sammen med regionen og de videregående skolene med "
            "musikk, dans og drama – ingen kommune klarer alt alene.\n\n"
            "Viktig ramme: at pris og opptak er tydelige og rettferdige."
        ),
    },
    {
        "key": "lillehammer-helse",
        "voices": ["Lillehammer kommune"],
        "questions": [1],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Kultur og helse – kulturskole hele livet",
        "body": (
            "Det som traff oss mest, var koblingen til kunst, kultur og helse. På "
            "Lillehammer har en av kulturskolelærerne jobbet med musikkbasert "
            "miljøbehandling på sykehjemmet sammen med pleierne, og de ansatte forteller om "
            "mindre uro og roligere kvelder.\n"
            "Vi tror fremtidens kulturskole er for hele livet: babysang, barn og unge, "
            "voksne som vil begynne igjen, og eldre.\n"
            "Men det må ikke gå på bekostning av barna. Skal kulturskolen inn i helse og "
            "omsorg, må stillingene finansieres derfra.\n"
            "Betydningsfull og mestringsorientert – det er verdiområdet vi kjenner oss mest "
            "igjen i."
        ),
    },
    {
        "key": "sarpsborg-friplass",
        "voices": ["Sarpsborg kommune"],
        "questions": [1, 3],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "hidden_reason": (
            "Skjult fordi kortet nevner en elev og familien hennes ved navn. Skriv det "
            "gjerne om uten navn og bosted, så viser vi det igjen."
        ),
        "heading": "Når prisen er grensen",
        "body": (
            "Hos oss i Sarpsborg sluttet en elev, Emilie (11), på fiolin før jul fordi mor "
            "ikke lenger hadde råd etter at hun mistet jobben. Familien bor på Hafslundsøy "
            "og har tre barn til.\n"
            "Eksempelet viser at vi trenger en friplassordning som ikke krever at familien "
            "må søke og forklare seg. Skolen eller helsesykepleier bør kunne melde behov.\n"
            "Først: sette av penger til friplasser i budsjettet, ikke bare håpe på gaver og "
            "prosjektmidler."
        ),
    },
]

SECOND_SESSION_CARDS = [
    {
        "key": "bodo-kultursjefen",
        "voices": ["Bodø kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [5]},
        "heading": "Kultursjefen tar ballen – før sommeren",
        "body": (
            "Hos oss i Bodø tar kultursjefen ballen videre, sammen med rektor i "
            "kulturskolen. Saken går til oppvekstutvalget i mars.\n"
            "Vefsn og Vågan vil gjerne være med i et regionalt nettverk i Nordland.\n"
            "I et prosjekt trenger vi frikjøpt tid (ikke bare «i tillegg til alt annet»), en "
            "prosessveileder og tall på hvem som går og ikke går i kulturskolen."
        ),
    },
    {
        "key": "agder-pilot",
        "voices": ["Kristiansand kommune", "Arendal kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [1]},
        "heading": "Agder: vi vil pilotere sammen",
        "body": (
            "Kristiansand og Arendal vil søke om å bli med som piloter i Kulturskole 3.0. "
            "Ballen ligger hos kulturskolerektorene, men kommunalsjef for oppvekst må være "
            "med fra start.\n"
            "Vinje vil gjerne være med som liten kommune, så piloten ikke bare blir for "
            "byene.\n"
            "Vi trenger metodestøtte til tjenesteutvikling, møteplasser mellom kommunene, og "
            "at KS og Kulturskolerådet hjelper oss å dele det som virker."
        ),
    },
    {
        "key": "alesund-ledermotet",
        "voices": ["Ålesund kommune"],
        "site": True,
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [5]},
        "heading": "Ålesund: vi tar det med til ledermøtet",
        "body": (
            "Vi tre i møterom 2 tar ballen til kommunedirektørens ledermøte i januar, med "
            "forslag om at kulturskolen planlegges sammen med resten av oppvekst.\n"
            "KS-deltakeren i gruppa minnet oss på at ABSOLUTT-programmet kan være en vei "
            "inn.\n"
            "I et prosjekt trenger vi en tydelig bestilling fra politikerne, og tid til å "
            "spørre elever og foreldre."
        ),
    },
    {
        "key": "drammen-selv",
        "voices": ["Kulturskolen i Drammen"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "heading": "Drammen: ballen ligger hos oss selv",
        "body": (
            "Vi er fem fra kulturskolen i Drammen i samme gruppe, og vi ble fort enige: "
            "ballen ligger hos oss. Vi kan ikke vente på en ny lov eller et nytt prosjekt.\n"
            "Neste steg:\n"
            "1. Kartlegge ventelista: hvem står der, hvor bor de, hva ønsker de seg?\n"
            "2. Møte skolesjefen om samarbeid i SFO og på ungdomsskolen.\n"
            "3. Foreslå en ny betalingsmodell i budsjettet for neste år.\n\n"
            "Fra et prosjekt trenger vi mest et nettverk av kommuner som har prøvd nye "
            "betalingsmodeller."
        ),
        "comment": "Konkret og fint – dette kan bli et godt eksempel på nettsiden.",
    },
    {
        "key": "akershus-sektorene",
        "voices": ["Bærum kommune", "Lillestrøm kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull", "attraktiv"], "findings": [2]},
        "heading": "Ballen må spilles mellom sektorene",
        "body": (
            "Bærum og Lillestrøm: Det er ikke én som tar ballen. Det er samspillet mellom "
            "kultur, oppvekst og helse som må bli bedre, så vi foreslår en felles "
            "arbeidsgruppe med en leder fra hver sektor.\n"
            "I et prosjekt trenger vi et tydelig mandat, en plan for medvirkning (elever, "
            "foreldre, lærere) og måltall som vi faktisk følger opp.\n"
            "Tromsø la til: husk at små kommuner trenger andre løsninger enn oss."
        ),
    },
    {
        "key": "tromso-senja-ungdom",
        "voices": ["Tromsø kommune", "Senja kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [4]},
        "heading": "Rektor, ungdomsrådet og politikerne – i den rekkefølgen",
        "body": (
            "I Tromsø og på Senja er det rektor i kulturskolen som må starte, men "
            "ungdomsrådet bør være med fra første møte.\n"
            "Fredrikstad fortalte om ungdom som medarrangører av konserter. Det vil vi låne.\n"
            "I et prosjekt trenger vi penger til å prøve ut ting som kanskje ikke virker – "
            "og lov til å feile."
        ),
    },
    {
        "key": "ks-kulturskoleradet-ansvar",
        "voices": ["KS", "Norsk kulturskoleråd"],
        "questions": [2],
        "speaks_to": {"areas": ["utviklende"], "findings": [5]},
        "drafts": [
            {
                "by": "moderator",
                "heading": "Hva må KS og Kulturskolerådet gjøre?",
                "body": (
                    "- koble på det som finnes\n- dele erfaringer fra pilotene\n- styringssignaler?"
                ),
            }
        ],
        "heading": "Hva KS og Kulturskolerådet må gjøre nå",
        "body": (
            "Vi er seks fra KS og Norsk kulturskoleråd, så vi snudde spørsmålet: hva må "
            "*vi* gjøre?\n"
            "- Koble Fremtidens kulturskole til det som allerede finnes – veiledningen i "
            "kommunene, ABSOLUTT, helhetlig oppvekst og Kommune 3.0 – i stedet for å lage "
            "et nytt spor ved siden av.\n"
            "- Samle og dele erfaringer fra pilotene, også det som ikke virket.\n"
            "- Gi tydeligere styringssignaler der vi kan, og være ærlige om hvor kommunene "
            "selv må velge.\n"
            "- Få på plass følgeforskning, så vi vet hva som virker.\n\n"
            "Bildet viser lappene vi sorterte på nasjonalt, regionalt og lokalt nivå."
        ),
        "pictures": [
            {
                "kind": "postit_wall",
                "screen": True,
                "columns": [
                    {
                        "title": "Nasjonalt",
                        "notes": [
                            {"text": "Følge-forskning"},
                            {"text": "Tydeligere styrings-signaler"},
                        ],
                    },
                    {
                        "title": "Regionalt",
                        "notes": [
                            {"text": "Nettverk for pilotene"},
                            {"text": "Veiledning i kommunene"},
                        ],
                    },
                    {
                        "title": "Lokalt",
                        "notes": [
                            {"text": "Inn i kommune-planen"},
                            {"text": "Brukerne med fra start"},
                        ],
                    },
                ],
                "alt": (
                    "Skjermbilde av en digital tavle med lapper i tre kolonner: "
                    "«Nasjonalt» (følgeforskning, tydeligere styringssignaler), "
                    "«Regionalt» (nettverk for pilotene, veiledning i kommunene) og "
                    "«Lokalt» (inn i kommuneplanen, brukerne med fra start)."
                ),
            }
        ],
    },
    {
        "key": "sunnmore-romsdal-nettverk",
        "voices": ["Ulstein kommune", "Molde kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [1]},
        "heading": "Sunnmøre og Romsdal: eit nettverk for dei små",
        "body": (
            "Ulstein, Volda og Molde: Det er kulturskulerektoren som tek ballen, men ho "
            "eller han kan ikkje stå åleine. Vi vil ta initiativ til eit nettverk for "
            "kulturskulane på Sunnmøre og i Romsdal.\n"
            "I eit prosjekt treng vi:\n"
            "- ein felles prosessleiar som reiser rundt\n"
            "- verktøy for å spørje elevar og foreldre kva dei ønskjer seg\n"
            "- at fylkeskommunen er med, slik at vidaregåande skule òg kjem med i "
            "samanhengen"
        ),
    },
    {
        "key": "oslo-skolekretser",
        "voices": ["Oslo kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende"], "findings": [3]},
        "heading": "Oslo: bydelene må med",
        "body": (
            "I Oslo må kulturskolen, skolene og bydelene ta ballen sammen – ellers blir "
            "kulturskolen igjen et tilbud for de bydelene som allerede har mye.\n"
            "Sarpsborg minnet om at også mellomstore byer har store forskjeller mellom "
            "skolekretsene.\n"
            "Et prosjekt må ha tall per skolekrets, midler til lavterskeltilbud og en plan "
            "for å rekruttere lærere med flerkulturell kompetanse."
        ),
    },
    {
        "key": "vestland-limet",
        "voices": ["Vestland fylkeskommune", "Kvinnherad kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [1, 5]},
        "drafts": [
            {
                "by": "member",
                "body": (
                    "Kommunane tek ballen lokalt. Fylkeskommunen kan vere limet: vgs, DKS, "
                    "regionale nettverk."
                ),
                "questions": [1],
            }
        ],
        "heading": "Fylkeskommunen kan vere limet",
        "body": (
            "Frå Vestland fylkeskommune, Kvinnherad, Sogndal og Voss: Kommunane tek ballen "
            "lokalt, men fylkeskommunen kan vere limet – gjennom dei vidaregåande skulane "
            "med musikk, dans og drama, Den kulturelle skulesekken og regionale nettverk.\n"
            "Vi vil løfte dette i kulturskulenettverket i Vestland før sommaren.\n"
            "Kva treng vi i eit prosjekt? Ein regional koordinator, faste møteplassar og "
            "pengar som ikkje berre går til dei største kommunane."
        ),
    },
    {
        "key": "stord-politikarane",
        "voices": ["Stord kommune", "Stavanger kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [5]},
        "heading": "Ballen til politikarane – med eit konkret forslag",
        "body": (
            "Stord: Vi trur ikkje ballen byrjar å rulle før politikarane har sagt kva dei "
            "vil med kulturskulen. Difor lagar vi eit kort notat til hovudutvalet for "
            "oppvekst med tre val dei kan ta.\n"
            "Stavanger kjende seg att, men meinte at administrasjonen må kome med forslag "
            "først.\n"
            "Eit prosjekt treng gode døme frå andre kommunar og eit enkelt verktøy for å "
            "rekne ut kva ulike modellar kostar."
        ),
    },
    {
        "key": "grenland-sammen",
        "voices": ["Skien kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [1]},
        "heading": "Grenland: Skien og Porsgrunn sammen?",
        "body": (
            "Skien tar ballen videre i kulturskolens ledergruppe. Porsgrunn-deltakeren i "
            "gruppa tar med seg hjem en invitasjon til et felles møte, siden de har vært "
            "med i forpiloten.\n"
            "Steinkjer og Vinje i gruppa var opptatt av at små kommuner må kunne være med "
            "uten å ha en egen prosjektleder.\n"
            "I et prosjekt trenger vi frikjøp av lærere til utviklingsarbeid og en felles "
            "kompetanseplan."
        ),
    },
    {
        "key": "voss-bergen-ballen",
        "voices": ["Voss herad", "Bergen kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende", "utviklende"], "findings": [3]},
        "drafts": [
            {
                "by": "note_taker",
                "heading": "Kven tek ballen?",
                "body": "Alle har eit ansvar – men éin må halde i ballen.",
                "questions": [1],
            },
            {
                "by": "moderator",
                "heading": "Kven tek ballen?",
                "body": (
                    "Alle har eit ansvar – men éin må halde i ballen.\n"
                    "Bergen vil begynne i to bydeler der deltakelsen er lavest."
                ),
                "questions": [1],
            },
        ],
        "heading": "Kven tek ballen? Alle – men éin må halde i han",
        "body": (
            "Bergen, Sunnfjord og Voss: Vi var samde om at alle har eit ansvar, men at éin "
            "må halde i ballen. Hjå oss på Voss blir det kommunalsjefen for oppvekst, med "
            "kulturskulerektoren som prosjektleiar.\n"
            "Bergen vil byrje i to bydelar der deltakinga er lågast.\n"
            "I eit prosjekt treng vi:\n"
            "- tid og folk, ikkje berre eit nytt dokument\n"
            "- hjelp til å involvere barn og unge på ein god måte\n"
            "- nokon som følgjer med på om det verkar"
        ),
    },
    {
        "key": "hallingdal-saman",
        "voices": ["Hol kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["attraktiv"], "findings": [1]},
        "heading": "Hallingdal: saman, elles blir det ikkje noko",
        "body": (
            "Frå Hol: Ballen bør liggje hjå regionrådet i Hallingdal, sidan ingen av "
            "kulturskulane våre er store nok til å bere eit utviklingsarbeid åleine.\n"
            "Alta og Larvik kjende seg att i at det er lettare når nokon utanfrå kallar inn "
            "til møte.\n"
            "I eit prosjekt treng vi reisepengar, digitale verktøy for samspel over avstand "
            "og ein lærar i kombinert stilling som kan vere koordinator."
        ),
    },
    {
        "key": "innlandet-det-vi-gjer",
        "voices": ["Vang kommune", "Gjøvik kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Byrje med det vi alt gjer",
        "body": (
            "Vang, Gjøvik og Lillehammer: Vi vil ikkje starte eit nytt prosjekt, men byggje "
            "på det vi alt gjer – samarbeidet med sjukeheimen, babysongen og korpsa.\n"
            "Ballen: kultursjefen i kvar kommune, med eit felles møte i nettverket i "
            "Innlandet.\n"
            "Kva vi treng: ein enkel mal for å beskrive tenestene våre, så politikarane ser "
            "kor mykje kulturskulen faktisk gjer."
        ),
    },
    {
        "key": "trondheim-drift",
        "voices": ["Trondheim kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende"], "findings": [5]},
        "heading": "Fra prosjekt til drift",
        "body": (
            "Trondheim har hatt mange gode prosjekter som stoppet da pengene tok slutt. "
            "Ballen må derfor ligge hos den som eier driften: kommunaldirektøren for "
            "oppvekst og utdanning.\n"
            "Steinkjer og Vefsn ønsket seg et nettverk i Midt-Norge.\n"
            "Et prosjekt for fremtidens kulturskole må ha en plan for hva som skal "
            "videreføres fra første dag, og følgeforskning som kommunene faktisk kan bruke."
        ),
    },
    {
        "key": "sunnfjord-ballen",
        "voices": ["Sunnfjord kommune"],
        "site": True,
        "questions": [1, 2],
        "speaks_to": {"areas": ["inkluderende", "utviklende"], "findings": [1, 3]},
        "heading": "Kven tek ballen i Sunnfjord?",
        "body": (
            "Frå Førdehuset, saman med to kollegaer frå Sunnfjord på nett: "
            "Kulturskulerektoren tek ballen, saman med leiinga i kultur og oppvekst. Vi har "
            "alt avtalt eit møte med oppvekstsjefen.\n"
            "Neste steg er å samle dei fire gamle kulturskuletilboda i éi felles retning, "
            "med like prisar i heile kommunen.\n"
            "I eit prosjekt treng vi støtte til samskaping med innbyggjarane, og å få dele "
            "erfaringar med andre samanslåtte kommunar."
        ),
        "pictures": [
            {
                "kind": "flipchart",
                "title": "Kven tek ballen?",
                "ink": "green",
                "lines": [
                    "1. Kulturskulerektor + leiinga",
                    "2. Møte med oppvekstsjefen",
                    "3. Like prisar i heile kommunen",
                ],
                "notes": [
                    {"text": "Samskaping med innbyggjarane", "colour": "green"},
                    {"text": "Lære av andre samanslåtte kommunar", "colour": "blue"},
                ],
                "alt": (
                    "Foto av flippoveren i Førdehuset: «Kven tek ballen?» med tre punkt "
                    "skrivne med grøn tusj og to lappar: «Samskaping med innbyggjarane» og "
                    "«Lære av andre samanslåtte kommunar»."
                ),
            }
        ],
    },
    {
        "key": "orsta-volda-samarbeidsmotet",
        "voices": ["Ørsta kommune", "Volda kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende", "attraktiv"], "findings": [4]},
        "heading": "Ørsta og Volda tek det med i samarbeidsmøtet",
        "body": (
            "Ballen går til det faste samarbeidsmøtet mellom Ørsta og Volda i februar. Time "
            "kjende seg att og vil gjere det same på Jæren.\n"
            "Prosjektet bør gi oss:\n"
            "- ein modell for felles kulturskule over kommunegrensa\n"
            "- hjelp til å få med Høgskulen i Volda på kompetanseutvikling\n"
            "- tid til å prøve ut tilbod for ungdom som har slutta, og som vi ikkje når i "
            "dag"
        ),
    },
    {
        "key": "jaeren-frivilligheten",
        "voices": ["Sandnes kommune", "Hå kommune"],
        "questions": [1, 2],
        "speaks_to": {"areas": ["betydningsfull"], "findings": [2]},
        "heading": "Jæren: korps, kor og kulturskole i samme båt",
        "body": (
            "Sandnes, Hå og Stavanger: Ballen bør ligge hos kulturskolen, men sammen med "
            "frivilligheten. Vi foreslår et fast forum mellom kulturskolen og korps, kor og "
            "teaterlag.\n"
            "Stavanger-deltakeren minnet om at frivilligheten ikke kan bære det kommunen har "
            "ansvar for, så avtalene må være tydelige på hvem som gjør hva.\n"
            "I et prosjekt trenger vi en mal for samarbeidsavtaler med frivillige lag og et "
            "bedre system for å låne ut instrumenter."
        ),
    },
    {
        "key": "porsgrunn-drift",
        "voices": ["Kulturskolen i Porsgrunn"],
        "site": True,
        "questions": [1, 2],
        "speaks_to": {"areas": ["utviklende", "betydningsfull"], "findings": [5]},
        "heading": "Porsgrunn: fra forpilot til drift",
        "body": (
            "Vi i storsalen tar ballen selv: vi legger fram erfaringene fra forpiloten for "
            "formannskapet og bruker dem i den nye kulturskoleplanen.\n"
            "Det viktigste vi lærte: samskaping tar tid, og elevene og foreldrene må være "
            "med før planen er skrevet, ikke etterpå.\n"
            "Det vi trenger i et prosjekt: hjelp til å måle effekt (ikke bare telle "
            "elever), et nettverk av kommuner som har prøvd samskaping, og at KS løfter "
            "kulturskolen i arbeidet med helhetlig oppvekst."
        ),
        "pictures": [
            {
                "kind": "flipchart",
                "title": "Hvem tar ballen videre?",
                "ink": "black",
                "lines": [
                    "Kulturskolen selv!",
                    "– til formannskapet i mars",
                    "– inn i ny kulturskoleplan",
                ],
                "notes": [
                    {"text": "Måle effekt – ikke bare telle elever", "colour": "yellow"},
                    {"text": "Nettverk for samskaping", "colour": "pink"},
                    {"text": "KS: helhetlig oppvekst", "colour": "orange"},
                ],
                "alt": (
                    "Foto av et flippoverark med overskriften «Hvem tar ballen videre?», "
                    "tre linjer om formannskapet og en ny kulturskoleplan, og tre lapper om "
                    "å måle effekt, et nettverk for samskaping og helhetlig oppvekst."
                ),
            }
        ],
    },
]
