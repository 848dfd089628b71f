"""The reference meeting «Fremtidens kulturskole» as it ran: who came, how the programme
went, and what the groups wrote on the wall.

The programme is the reference meeting's own (`meetings/reference_meeting.py`); this
module adds what happened to it. Times are clock times on the day of the meeting. The
cards are in `cards_reference.py`. Everyone named here is made up.
"""

from meetings import reference_meeting as reference
from meetings.demo.cards_reference import FIRST_SESSION_CARDS, SECOND_SESSION_CARDS

MEETING = {
    "title": reference.MEETING["title"],
    "code": "KULTUR2",
    "language": "nb",
    "video_url": reference.MEETING["video_url"],
    # Held a little over two weeks before the day the demo is loaded, on a weekday.
    "days_ago": 16,
    "organised_by": "KS og Norsk kulturskoleråd",
    "recording_url": "https://example.org/opptak/fremtidens-kulturskole",
    "summary": (
        "Temamøte for kommuner, fylkeskommuner, KS og Norsk kulturskoleråd om "
        "førsteutkastet til «Fremtidens kulturskole». Etter innledninger om ny "
        "stortingsmelding, kunnskapsgrunnlaget og helhet og sammenheng for barn og unge "
        "drøftet 20 dialoggrupper hva som er relevant hos dem, hvilke rammer og verdier "
        "som må til, og hva de griper fatt i først. Etter pausen og erfaringene fra "
        "forpiloten Kulturskole 3.0 drøftet gruppene hvem som tar ballen videre i egen "
        "kommune, og hva et videre arbeid trenger."
    ),
}

PROGRAMME = reference.PROGRAMME

FACILITATOR_USERNAME = reference.FACILITATOR_USERNAME

# When the facilitator opened the meeting and started the first item.
OPENED_AT = "09:01:00"

# How each item ran, in programme order: how long it took ("minutes:seconds"), how many
# minutes the facilitator added while it ran, or that it was skipped. Each item starts
# when the one before it ended.
RUN = {
    "Velkommen til temamøte": {"ran": "5:40"},
    "Velkommen på vegne av KS og Norsk kulturskoleråd": {"ran": "8:50"},
    "Litt om dagen i dag": {"ran": "4:30"},
    "Ny stortingsmelding for barne- og ungdomskultur": {"ran": "11:20"},
    "Fremtidens kulturskole": {"ran": "29:10"},
    "Helhet og sammenheng": {"ran": "13:40"},
    # The groups asked for more time: five minutes more, given 27 minutes in.
    "Gruppesamtaler – Til det som har blitt presentert": {
        "ran": "35:00",
        "extend": 5,
        "extend_after": "27:00",
    },
    "Hva snakket dere om": {"ran": "10:50"},
    # Started late, so the coffee break was shorter; we started again 11:11.
    "KAFFEPAUSE": {"ran": "10:50"},
    "PÅ IGJEN – opptaket går": {"ran": "4:20"},
    "Om forpilot – og tanker for videre arbeid": {"ran": "22:30"},
    "Anbefalinger og frampek for videre arbeid": {"ran": "5:50"},
    "Videreføring": {"ran": "4:40"},
    "Sammenheng med andre satsinger": {"ran": "6:10"},
    "Gruppesamtaler – Tanker for videre arbeid": {"ran": "16:20"},
    # Running late: the facilitator left the web page out and put its address on screen.
    "Nettsiden og gode eksempler": {"skip": True},
    "Hvorfor har vi en kulturskole?": {"ran": "9:30"},
    "Avslutning": {"ran": "8:40"},
}

# Recording: on from the first item, off in the break, on again after it; ending the
# meeting turns it off.
RECORDING_ON = ["Velkommen til temamøte", "PÅ IGJEN – opptaket går"]
RECORDING_OFF = ["KAFFEPAUSE"]

# Who joined, as they wrote their organisation, how many, and the family names they carry.
# Organisations are matched against the register like anyone's; KS and Norsk kulturskoleråd
# are other organisations. 108 people on their own devices and three local sites of
# 5 + 4 + 3 people: 120 in all, so twenty groups of six.
ORGANISATIONS = [
    ("Bergen kommune", 4, "vest"),
    ("Sunnfjord kommune", 3, "vest"),
    ("Voss herad", 3, "vest"),
    ("Kvinnherad kommune", 2, "vest"),
    ("Stord kommune", 2, "vest"),
    ("Kulturskulen i Sogndal", 2, "vest"),
    ("Vestland fylkeskommune", 2, "vest"),
    ("Ålesund kommune", 2, "vest"),
    ("Ørsta kommune", 3, "vest"),
    ("Volda kommune", 2, "vest"),
    ("Ulstein kommune", 2, "vest"),
    ("Molde kommune", 2, "vest"),
    ("Stavanger kommune", 4, "vest"),
    ("Sandnes kommune", 3, "vest"),
    ("Time kommune", 2, "vest"),
    ("Hå kommune", 2, "vest"),
    ("Kristiansand kommune", 4, "aust"),
    ("Arendal kommune", 2, "aust"),
    ("Kulturskolen i Porsgrunn", 2, "aust"),
    ("Skien kommune", 3, "aust"),
    ("Vinje kommune", 2, "aust"),
    ("Larvik kommune", 2, "aust"),
    ("Kulturskolen i Drammen", 4, "aust"),
    ("Hol kommune", 2, "aust"),
    ("Bærum kommune", 3, "aust"),
    ("Lillestrøm kommune", 2, "aust"),
    ("Oslo kommune", 3, "aust"),
    ("Fredrikstad kommune", 2, "aust"),
    ("Sarpsborg kommune", 2, "aust"),
    ("Lillehammer kommune", 3, "aust"),
    ("Gjøvik kommune", 2, "aust"),
    ("Vang kommune", 2, "aust"),
    ("Trondheim kommune", 4, "aust"),
    ("Steinkjer kommune", 2, "nord"),
    ("Bodø kommune", 3, "nord"),
    ("Vefsn kommune", 2, "nord"),
    ("Vågan kommune", 2, "nord"),
    ("Tromsø kommune", 3, "nord"),
    ("Senja kommune", 2, "nord"),
    ("Alta kommune", 2, "nord"),
    ("KS", 4, "aust"),
    ("Norsk kulturskoleråd", 4, "aust"),
]

LOCAL_SITES = [
    {"organisation": "Kulturskolen i Porsgrunn", "name": "Kulturskolen, storsalen", "heads": 5},
    {"organisation": "Sunnfjord kommune", "name": "Førdehuset, møterom Jølster", "heads": 4},
    {"organisation": "Ålesund kommune", "name": "Kulturskolen, møterom 2", "heads": 3},
]

# Minutes into the meeting (from OPENED_AT) by which everyone had joined, and how many
# joined in the last minutes before it started.
JOINED_OVER_MINUTES = 25

# Two who came late, nine minutes into the first group session: samtale placed them in
# the smallest groups.
LATE_JOINERS = [
    {
        "organisation": "Kulturskolen i Drammen",
        "names": "aust",
        "during": "Gruppesamtaler – Til det som har blitt presentert",
        "after": "9:00",
    },
    {
        "organisation": "Oslo kommune",
        "names": "aust",
        "during": "Gruppesamtaler – Til det som har blitt presentert",
        "after": "9:20",
    },
]

# Three people left in the coffee break (by their place in the list of people joined).
LEAVERS = [7, 58, 96]

SESSIONS = {
    "Gruppesamtaler – Til det som har blitt presentert": {
        "strategy": "mixed",
        "target_size": 6,
        "seed": 2511,
        "rotate_roles": False,
        "cards": FIRST_SESSION_CARDS,
    },
    # New groups for the second session, each organisation kept together as far as it
    # goes ("hos oss"), the rest pooled by county; roles rotate.
    "Gruppesamtaler – Tanker for videre arbeid": {
        "strategy": "same_organisation",
        "target_size": 6,
        "seed": 1711,
        "rotate_roles": True,
        "cards": SECOND_SESSION_CARDS,
    },
}

# The groups that reported back in plenary, by the key of their card, in order.
REPORT_BACKS = {
    "Hva snakket dere om": {
        "cards": [
            "porsgrunn-lokalt",
            "voss-oppvekstlopet",
            "ks-kommuneplanen",
            "tromso-alta-nord",
        ],
        "seconds": 150,
    },
}

ANNOUNCEMENTS = [
    {
        "during": "Gruppesamtaler – Til det som har blitt presentert",
        "after": "24:00",
        "text": "Husk å skrive gruppens kort på veggen – ett kort per gruppe.",
    },
    {
        "during": "Gruppesamtaler – Til det som har blitt presentert",
        "after": "27:10",
        "text": "Dere får fem minutter ekstra. Vi tar tilbakemeldingene 10:50.",
    },
    {
        "during": "KAFFEPAUSE",
        "after": "1:00",
        "text": "Kaffepause – vi starter igjen 11:10.",
    },
    {
        "during": "Avslutning",
        "after": "7:30",
        "text": (
            "Takk for i dag! Opptaket legges ut på nettsiden til Fremtidens kulturskole innen "
            "24 timer, og rapporten med alle gruppenes innspill kommer etterpå."
        ),
    },
]
