"""Time the meeting report in every format: `python -m bench.report`.

A meeting like the reference meeting, grown to 200 cards (two group sessions of 100 groups)
with 100 pictures stored as the wall stores them (WebP of up to 1,600 pixels), is written in
each format on its own, and all six as the worker builds them (`exporters.write_each`, which
shares the pictures and lets the ZIP take the files already made). Each time, wall and CPU,
is stated as a ratio to the time WeasyPrint alone takes to lay out the same HTML in the same
run, and the peak memory (RSS) of the process is sampled while each format is built. Prints
a table and writes var/bench/report.json; `run()` returns the same results for `make bench`.

`sample_content()` builds the same kind of content at any size, for looking at the report:
`python -m bench.report --sample 20 --out var/bench/sample` writes every format of a
20-group, two-session report with a few pictures.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench" / "report.json"
CARDS = 200
PICTURES = 100
REPETITIONS = 3
SEED = 2024
# The ceiling for every format of this meeting on one machine.
LIMIT_SECONDS = 20.0

MUNICIPALITIES = [
    ("Porsgrunn kommune", "Telemark"),
    ("Skien kommune", "Telemark"),
    ("Sunnfjord kommune", "Vestland"),
    ("Bergen kommune", "Vestland"),
    ("Voss herad", "Vestland"),
    ("Trondheim kommune", "Trøndelag"),
    ("Steinkjer kommune", "Trøndelag"),
    ("Tromsø kommune", "Troms"),
    ("Alta kommune", "Finnmark"),
    ("Bodø kommune", "Nordland"),
    ("Vågan kommune", "Nordland"),
    ("Ålesund kommune", "Møre og Romsdal"),
    ("Ørsta kommune", "Møre og Romsdal"),
    ("Hamar kommune", "Innlandet"),
    ("Gjøvik kommune", "Innlandet"),
    ("Bærum kommune", "Akershus"),
    ("Lillestrøm kommune", "Akershus"),
    ("Oslo kommune", "Oslo"),
    ("Kristiansand kommune", "Agder"),
    ("Stavanger kommune", "Rogaland"),
    ("Fredrikstad kommune", "Østfold"),
    ("Tønsberg kommune", "Vestfold"),
    ("Drammen kommune", "Buskerud"),
]
OTHER_ORGANISATIONS = ["KS", "Norsk kulturskoleråd", "Kunnskapsdepartementet"]

HEADINGS = [
    "Kulturskolen som en del av helhetlig oppvekst",
    "Samarbeid med skole og barnehage først",
    "Rammeplanen må forankres politisk",
    "Vi må nå de som ikke kommer i dag",
    "Kulturskulen i heile oppveksten",
    "Samskaping med frivillige lag og organisasjoner",
    "Økonomi og moderasjon i foreldrebetalingen",
    "Kompetanse – og tid til å utvikle den",
    "Kulturskulen som ressurssenter",
    "Brukermedvirkning: barn og unge må høres",
    "Tydeligere styringssignaler fra staten",
    "Gode eksempler å dele på tvers",
]

TEXTS = [
    "Vi kjenner oss godt igjen i **kunnskapsgrunnlaget**. Hos oss er kulturskolen allerede "
    "med i oppvekstplanen, men den er ikke med når tiltakene skal prioriteres.\n\n"
    "- Kulturskolen må inn i *tverrfaglige team* rundt barnehage og skole\n"
    "- Vi trenger en felles møteplass for rektorer og kulturskolerektor\n"
    "- Ventelistene må ned, særlig for barn fra familier med lav inntekt",
    "Helhet og samanheng handlar om at barn og unge møter **éin kommune**, ikkje mange "
    "tenester. Kulturskulen kan vere limet mellom skule, bibliotek og fritid.\n\n"
    "1. Kartlegg kva vi alt gjer saman med skulen\n"
    "2. Lag ein plan for dei neste tre åra\n"
    "3. Evaluer saman med elevane",
    "Det viktigste er at politikerne eier rammeplanen. Uten politisk forankring blir "
    "kulturskolen sårbar hver gang budsjettet strammes inn. Vi foreslår en årlig "
    "orientering for oppvekstutvalget.\n\nSe også https://www.kulturskoleradet.no/",
    "Vi må snakke mer med ungdommene selv. I vår gruppe var det enighet om at "
    "*brukermedvirkning* ikke kan være en spørreundersøkelse én gang i året – det må være "
    "en del av hvordan vi jobber hver uke.",
    "Økonomi er en terskel for mange. Friplasser og søskenmoderasjon hjelper, men det er "
    "også reisevei og utstyr. Kan vi låne ut instrumenter gjennom biblioteket?\n\n"
    "- Instrumentbank\n- Gratis kurs i skolefritidsordningen\n- Samarbeid med frivilligsentralen",
    "Kulturskulen har kompetanse som resten av kommunen ikkje veit om. Vi vil prøve ut "
    "kulturskulelærarar i barnehagen éin dag i veka, og dele erfaringane med nabokommunane.",
    "Vi griper fatt i samarbeidet med skolen først: felles planleggingsdager, kulturskolen "
    "inn i *den kulturelle skolesekken*, og en tydelig avtale om rom og tid.",
    "Det vi trenger mest er **tid** – tid til å møtes på tvers, og tid til å prøve og feile. "
    "Et prosjekt uten frikjøpt tid blir bare enda en oppgave på toppen av alt det andre.",
]

COMMENTS = [
    "",
    "",
    "Godt poeng – dette tar vi med inn i neste fase av prosjektet.",
    "",
    "Flere grupper nevner det samme; se også gruppe 3 og 12.",
    "",
]

PICTURE_ALTS = [
    "Tavle med gule lapper sortert i tre kolonner: skole, barnehage og fritid.",
    "Skisse av et årshjul med kulturskolens aktiviteter gjennom skoleåret.",
    "Fotografi av et flipover-ark med gruppens tre viktigste punkter.",
    "Tankekart med kulturskolen i midten og piler til bibliotek, skole og frivillige lag.",
]


def _stored_picture(rng: random.Random, number: int, side: int):
    """A picture in default storage as the wall keeps it: WebP, made from a drawn image."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    from reports.content import Picture
    from wall.images import process_image

    width, height = side, side * 3 // 4
    image = Image.new("RGB", (width, height), (247, 245, 240))
    draw = ImageDraw.Draw(image)
    palette = [(11, 90, 107), (242, 193, 78), (127, 180, 191), (180, 35, 24), (23, 98, 67)]
    for _ in range(24):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(width // 10, width // 3), rng.randrange(height // 10, height // 3)
        draw.rounded_rectangle((x, y, x + w, y + h), radius=12, fill=rng.choice(palette))
    # Grain, as a photographed flip chart has, so each picture weighs what a photo does
    # after the wall has made it WebP (about 200–300 kB at 1,600 pixels).
    grain = Image.effect_noise((width, height), 32).convert("RGB")
    image = Image.blend(image, grain, 0.2)
    source = io.BytesIO()
    image.save(source, format="JPEG", quality=90)
    processed = process_image(source.getvalue())
    name = default_storage.save(f"bench/card-{number}.webp", ContentFile(processed.web))
    return Picture(
        storage_name=name,
        file_name=f"bilde-{number}.webp",
        alt=PICTURE_ALTS[number % len(PICTURE_ALTS)],
        width=processed.width,
        height=processed.height,
        content_type=processed.content_type,
    )


def sample_content(
    *,
    groups: int = 100,
    sessions: int = 2,
    pictures: int = PICTURES,
    picture_side: int = 1600,
    language: str = "nb",
    include_names: bool = False,
    seed: int = SEED,
):
    """A finished meeting like the reference meeting: `groups` cards in each of `sessions`
    group sessions (the reference meeting's two), `pictures` pictures spread over the cards."""
    from meetings import reference_meeting as reference
    from reports.content import (
        CountRow,
        Participation,
        ProgrammeRow,
        Question,
        QuestionSection,
        ReportBack,
        ReportBackTurn,
        ReportCard,
        ReportContent,
        SessionSection,
        Speaker,
    )
    from wall.text import render_body

    rng = random.Random(seed)
    day = date(2025, 11, 20)
    kinds = {
        "talk": "Innlegg",
        "group_session": "Gruppesamtale",
        "report_back": "Tilbakemelding",
        "break": "Pause",
        "info": "Informasjon",
    }
    programme = []
    drift = 0
    group_sessions = []
    report_back_titles = []
    for position, entry in enumerate(reference.PROGRAMME, start=1):
        hour, minute = map(int, entry["start"].split(":"))
        planned = datetime(day.year, day.month, day.day, hour, minute)
        skipped = entry["title"] == "Sammenheng med andre satsinger"
        actual_minutes = None if skipped else entry["minutes"] + rng.choice((-1, 0, 0, 1, 2, 4))
        started = None if skipped else planned + timedelta(minutes=drift)
        finished = None if skipped else started + timedelta(minutes=actual_minutes)
        if not skipped:
            drift += actual_minutes - entry["minutes"]
        programme.append(
            ProgrammeRow(
                position=position,
                title=entry["title"],
                kind=entry["kind"],
                kind_label=kinds[entry["kind"]],
                planned_start=planned.time(),
                planned_minutes=entry["minutes"],
                started_at=started,
                finished_at=finished,
                actual_minutes=actual_minutes,
                skipped=skipped,
                speakers=tuple(Speaker(**speaker) for speaker in entry.get("speakers", [])),
            )
        )
        if entry["kind"] == "group_session":
            group_sessions.append((entry, started))
        if entry["kind"] == "report_back":
            report_back_titles.append((entry["title"], started))
    group_sessions = (group_sessions * sessions)[:sessions]

    picture_numbers = set(rng.sample(range(groups * sessions), min(pictures, groups * sessions)))
    pictures_made = 0
    session_sections = []
    card_index = 0
    for entry, started in group_sessions:
        questions = tuple(
            Question(number=number, text=text)
            for number, text in enumerate(entry["questions"], start=1)
        )
        cards = []
        for group in range(1, groups + 1):
            text = TEXTS[(card_index + group) % len(TEXTS)]
            answered = tuple(
                sorted(rng.sample(range(1, len(questions) + 1), rng.choice((0, 1, 1, 1, 2))))
            )
            card_pictures = ()
            if card_index in picture_numbers:
                card_pictures = (_stored_picture(rng, pictures_made + 1, picture_side),)
                pictures_made += 1
            written_by = (
                (f"Deltaker {group}",) if include_names else (f"referent for gruppe {group}",)
            )
            cards.append(
                ReportCard(
                    group_number=group,
                    group_name=f"Gruppe {group}",
                    heading=HEADINGS[(card_index * 7 + group) % len(HEADINGS)],
                    text=text,
                    html=render_body(text),
                    question_numbers=answered,
                    pictures=card_pictures,
                    comment=COMMENTS[card_index % len(COMMENTS)],
                    pinned=group == 3,
                    hidden=False,
                    updated_at=started + timedelta(minutes=rng.randrange(5, 28)),
                    version_count=rng.randrange(2, 40),
                    written_by=written_by,
                )
            )
            card_index += 1
        sections = [
            QuestionSection(
                question=question,
                cards=tuple(card for card in cards if question.number in card.question_numbers),
            )
            for question in questions
        ]
        unanswered = tuple(card for card in cards if not card.question_numbers)
        if unanswered:
            sections.append(QuestionSection(question=None, cards=unanswered))
        session_sections.append(
            SessionSection(
                title=entry["title"],
                started_at=started,
                questions=questions,
                sections=tuple(sections),
                cards=tuple(cards),
                group_count=groups,
            )
        )

    report_backs = tuple(
        ReportBack(
            title=title,
            turns=tuple(
                ReportBackTurn(
                    position=position,
                    group_name=f"Gruppe {number}",
                    seconds=120,
                    started_at=started + timedelta(minutes=2 * (position - 1)),
                )
                for position, number in enumerate(
                    rng.sample(range(1, groups + 1), min(4, groups)), 1
                )
            ),
        )
        for title, started in report_back_titles
    )

    by_county: dict[str, list[int]] = {}
    by_organisation: dict[str, list[int]] = {}
    people = []
    for index in range(groups * 5):
        if index % 23 == 0:
            organisation, county = rng.choice(OTHER_ORGANISATIONS), "Uten fylke"
        else:
            organisation, county = rng.choice(MUNICIPALITIES)
        site = index % 40 == 0
        heads = rng.randint(3, 8) if site else 1
        for counts in (
            by_county.setdefault(county, [0, 0, 0]),
            by_organisation.setdefault(organisation, [0, 0, 0]),
        ):
            counts[0] += 0 if site else 1
            counts[1] += 1 if site else 0
            counts[2] += heads
        people.append(f"{organisation.split()[0]}, Deltaker {index + 1}")

    def rows(counts):
        return tuple(
            CountRow(label=label, participants=a, local_sites=b, heads=c)
            for label, (a, b, c) in sorted(counts.items(), key=lambda item: -item[1][2])
        )

    county_rows = rows(by_county)
    participation = Participation(
        participants=sum(row.participants for row in county_rows),
        local_sites=sum(row.local_sites for row in county_rows),
        heads=sum(row.heads for row in county_rows),
        by_county=county_rows,
        by_organisation=rows(by_organisation),
        municipalities_present=sum(1 for name, _ in MUNICIPALITIES if name in by_organisation),
        municipalities_in_register=357,
        counties=tuple(sorted(label for label in by_county if label != "Uten fylke")),
        names=tuple(people) if include_names else None,
    )
    summary = (
        "Over 100 kommuner deltok i temamøtet om **Fremtidens kulturskole**. Gruppene var "
        "enige om at kulturskolen må bli en tydelig del av *helhetlig oppvekst*, og at "
        "samarbeidet med skole og barnehage er det første som må på plass.\n\n"
        "- Rammeplanen må forankres politisk\n"
        "- Økonomi er fortsatt en terskel for mange familier\n"
        "- Barn og unge må høres – hele året"
    )
    return ReportContent(
        meeting_code="KULTUR",
        title="Fremtidens kulturskole",
        date=day,
        language=language,
        organised_by="KS og Norsk kulturskoleråd",
        facilitators=("Kari Nordmann", "Øystein Åsheim"),
        summary_markdown=summary,
        summary_html=render_body(summary),
        recording_url="https://video.example.no/opptak/fremtidens-kulturskole",
        video_url="https://example.zoom.us/j/0000000000",
        programme=tuple(programme),
        sessions=tuple(session_sections),
        report_backs=report_backs,
        participation=participation,
        include_names=include_names,
        include_hidden=False,
        generated_at=datetime(2025, 11, 20, 15, 0),
    )


class PeakMemory:
    """The largest resident set size of this process while the block runs, sampled."""

    def __init__(self, interval: float = 0.01):
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.before = 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self.before = self.process.memory_info().rss
        self.peak = self.before
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


@contextlib.contextmanager
def _django(media_root: str):
    """Django set up (once per process), with pictures stored under `media_root`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django
    from django.test import override_settings

    django.setup()
    with override_settings(MEDIA_ROOT=media_root):
        yield


def _timed(action, repetitions: int) -> dict:
    """Median wall and CPU seconds over `repetitions`, the last result, and the peak RSS.

    CPU seconds are the process's own (user + system): on a shared machine the wall time
    also holds the time other processes had the cores.
    """
    walls, cpus = [], []
    result = None
    peak = before = 0
    for _ in range(repetitions):
        with PeakMemory() as memory:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = action()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
        peak = max(peak, memory.peak)
        before = before or memory.before
    return {
        "seconds": statistics.median(walls),
        "cpu_seconds": statistics.median(cpus),
        "result": result,
        "peak_rss_mb": peak / 2**20,
        "added_rss_mb": (peak - before) / 2**20,
    }


def _row(name: str, timed: dict, baseline: dict, size: int) -> dict:
    return {
        "format": name,
        "seconds": timed["seconds"],
        "cpu_seconds": timed["cpu_seconds"],
        "ratio": timed["seconds"] / baseline["seconds"],
        "cpu_ratio": timed["cpu_seconds"] / baseline["cpu_seconds"],
        "bytes": size,
        "peak_rss_mb": timed["peak_rss_mb"],
        "added_rss_mb": timed["added_rss_mb"],
    }


def run(*, repetitions: int = REPETITIONS, output: Path | None = OUTPUT) -> dict:
    """Build every format and the WeasyPrint baseline; write JSON to `output` unless None."""
    with (
        tempfile.TemporaryDirectory(prefix="samtale-bench-report-") as media_root,
        _django(media_root),
    ):
        from reports import exporters
        from reports.exporters import pdf
        from reports.exporters.common import no_progress, print_pictures

        started = time.perf_counter()
        content = sample_content(groups=CARDS // 2, sessions=2, pictures=PICTURES)
        setup_seconds = time.perf_counter() - started
        picture_kb = sum(len(p.read()) for p in content.pictures) / len(content.pictures) / 1024
        # Fonts and WeasyPrint's own caches are loaded once, as in a worker that has run before.
        exporters.write(sample_content(groups=2, sessions=1, pictures=0), "pdf")

        pictures = print_pictures(content, no_progress)
        document = pdf.html(content, pictures=pictures)
        baseline = _timed(lambda: pdf.render(document, pictures=pictures), repetitions)
        pdf_bytes = baseline["result"]
        rows = [_row("WeasyPrint alone (same HTML)", baseline, baseline, len(pdf_bytes))]
        for fmt in exporters.FORMATS:
            timed = _timed(lambda fmt=fmt: exporters.write(content, fmt), repetitions)
            name = fmt if fmt != "zip" else "zip alone (holds every format)"
            rows.append(_row(name, timed, baseline, len(timed["result"])))
        # What the worker does: every format, one after the other, sharing the work.
        each = _timed(lambda: dict(exporters.write_each(content)), repetitions)
        everything = _row("every format (write_each)", each, baseline, 0)
        everything["bytes"] = sum(len(data) for data in each["result"].values())
        rows.append(everything)
    results = {
        "cards": len(content.cards),
        "pictures": len(content.pictures),
        "pdf_pages": _pages(pdf_bytes),
        "picture_kb_average": picture_kb,
        "setup_seconds": setup_seconds,
        "repetitions": repetitions,
        "limit_seconds": LIMIT_SECONDS,
        "all_formats_seconds": everything["seconds"],
        "all_formats_cpu_seconds": everything["cpu_seconds"],
        "within_limit": everything["seconds"] < LIMIT_SECONDS,
        "cpu": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "rows": rows,
    }
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(table(results))
    return results


def _pages(data: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(data)).pages)


def table(results: dict) -> str:
    """The results as a plain-text table."""
    lines = [
        f"{results['cards']} cards, {results['pictures']} pictures "
        f"(WebP, {results['picture_kb_average']:.0f} kB on average), "
        f"{results['pdf_pages']} PDF pages; median of {results['repetitions']}; "
        f"load average {results['load_average']:.1f} on {results['cpu']} cores",
        f"every format in {results['all_formats_seconds']:.1f} s "
        f"({results['all_formats_cpu_seconds']:.1f} s of CPU; "
        f"limit {results['limit_seconds']:.0f} s: "
        f"{'met' if results['within_limit'] else 'NOT met'})",
        f"{'format':<32} {'seconds':>8} {'×':>6} {'CPU s':>7} {'×':>6} {'MB':>7} "
        f"{'peak RSS MB':>12} {'added MB':>9}",
    ]
    for row in results["rows"]:
        lines.append(
            f"{row['format']:<32} {row['seconds']:>8.2f} {row['ratio']:>6.2f} "
            f"{row['cpu_seconds']:>7.2f} {row['cpu_ratio']:>6.2f} {row['bytes'] / 2**20:>7.2f} "
            f"{row['peak_rss_mb']:>12.0f} {row['added_rss_mb']:>9.0f}"
        )
    return "\n".join(lines)


def write_sample(
    groups: int, out: Path, language: str, names: bool, formats: list[str] | None = None
) -> None:
    """Every format of a `groups`-group, two-session report, for looking at."""
    with (
        tempfile.TemporaryDirectory(prefix="samtale-report-sample-") as media_root,
        _django(media_root),
    ):
        from reports import exporters

        content = sample_content(
            groups=groups, sessions=2, pictures=4, language=language, include_names=names
        )
        out.mkdir(parents=True, exist_ok=True)
        for fmt in formats or exporters.FORMATS:
            path = out / exporters.file_name(content, fmt)
            path.write_bytes(exporters.write(content, fmt))
            print(path)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, metavar="GROUPS", help="write a sample report")
    parser.add_argument("--out", type=Path, default=Path("var/bench/sample"))
    parser.add_argument("--language", default="nb", choices=["nb", "nn", "en"])
    parser.add_argument("--names", action="store_true")
    parser.add_argument("--format", action="append", dest="formats", help="only this format")
    parser.add_argument("--repetitions", type=int, default=REPETITIONS)
    arguments = parser.parse_args(argv)
    if arguments.sample:
        write_sample(
            arguments.sample, arguments.out, arguments.language, arguments.names, arguments.formats
        )
        return
    run(repetitions=arguments.repetitions)
    print(f"written to {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
