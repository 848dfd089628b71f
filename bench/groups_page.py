"""The facilitator's groups page at 2,000 people: `python -m bench.groups_page` (in `make bench`).

Issue 12: the groups page of 300 people took 4.9 s and weighed 811 KB, and every move
reloaded it. Against one samtale server process (uvicorn, as bench/live.py starts it),
a meeting of 2,000 people in 200 groups, built as tests/groups/test_large_meeting.py
builds its meeting (bulk-created: every hundredth person a local site of three, three
roles in every group, a round in every other group, every card started), the logged-in
facilitator's requests are timed one after another:

- the whole groups page, as the browser first asks for it (time and size);
- the overview alone, as it reloads on a `groups.stale` of the whole session;
- one group by id, as the page fetches it on a `groups.stale` naming it;
- a move between two groups, as move.js sends it (the answer: the two groups).

Each median is also stated as a ratio to the health endpoint of the same server in the
same run, which does no work: the baseline of what any request costs here. Prints a table
with the targets and writes var/bench/groups_page.json; `run()` returns the same results.

Environment (defaults in brackets):
    BENCH_GROUPS_PEOPLE [2000]      people, in groups of ten
    BENCH_GROUPS_REPETITIONS [20]   requests of each kind
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import live

VAR_DIR = Path(os.environ.get("SAMTALE_VAR_DIR") or live.ROOT / "var") / "bench" / "groups-page"
OUTPUT = live.OUTPUT_DIR / "groups_page.json"
DATABASE = "samtale_bench_groups_page"
GROUP_SIZE = 10
# The targets for the page of 2,000 people.
TARGETS = {"page_ms": 300, "page_kb": 150, "move_ms": 100}


# --- The Django side (a subprocess with the server's environment) --------------------------


def seed(people: int) -> dict:
    """The meeting of tests/groups/test_large_meeting.py at `people`, and a logged-in
    facilitator's session."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from accounts.domain import facilitator_create
    from groups.models import Group, GroupPlan, Membership, Role, Round
    from meetings.domain import item_create, item_replace_children, meeting_create
    from meetings.models import ProgrammeItem
    from participants.models import Participant
    from register.models import County
    from wall.domain import cards_create
    from wall.models import Card, CardVersion

    started = time.monotonic()
    facilitator = facilitator_create(username="bench-groups", password="bench-not-secret-1")
    meeting = meeting_create(
        title="Fremtidens kulturskole", date=timezone.localdate(), facilitator=facilitator
    )
    item = item_create(
        meeting=meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtale",
        planned_minutes=30,
    )
    item_replace_children(item=item, speakers=[], questions=["Hva er relevant?"])
    counties = County.objects.bulk_create(
        County(number=number, name=name, official_name=name)
        for number, name in (("40", "Telemark"), ("03", "Oslo"), ("46", "Vestland"))
    )
    participants = Participant.objects.bulk_create(
        Participant(
            meeting=meeting,
            name=f"Deltaker {n}",
            organisation=f"Kommune {n % 60}",
            county=counties[n % len(counties)],
            email=f"deltaker{n}@example.org" if n % 4 else "",
            is_local_site=n % 100 == 0,
            head_count=3 if n % 100 == 0 else 1,
            token=f"bench-{meeting.pk}-{n}",
        )
        for n in range(people)
    )
    GroupPlan.objects.create(
        item=item,
        strategy=GroupPlan.Strategy.RANDOM,
        target_size=GROUP_SIZE,
        min_size=GROUP_SIZE - 1,
        max_size=GROUP_SIZE + 3,  # room for one more in each group, as in the test
        formed_at=timezone.now(),
    )
    count = people // GROUP_SIZE
    groups = Group.objects.bulk_create(
        Group(item=item, number=number) for number in range(1, count + 1)
    )
    roles = [Role.MODERATOR, Role.TIMEKEEPER, Role.NOTE_TAKER] + [""] * (GROUP_SIZE - 3)
    Membership.objects.bulk_create(
        Membership(
            group=groups[n // GROUP_SIZE],
            item=item,
            participant=participant,
            role=roles[n % GROUP_SIZE],
        )
        for n, participant in enumerate(participants[: count * GROUP_SIZE])
    )
    now = timezone.now()
    Round.objects.bulk_create(
        Round(
            group=groups[number],
            number=1,
            question_numbers=[1],
            speaking_order=[
                p.pk for p in participants[number * GROUP_SIZE : (number + 1) * GROUP_SIZE]
            ],
            speaker_seconds=120,
            dialogue_seconds=300,
            summary_seconds=180,
            phase=Round.Phase.SPEAKING,
            turn=0,
            phase_started_at=now,
            phase_seconds=120,
        )
        for number in range(0, count, 2)
    )
    cards_create(groups)
    cards = list(Card.objects.filter(group__item=item).order_by("group__number"))
    Card.objects.filter(pk__in=[card.pk for card in cards]).update(version=1)
    CardVersion.objects.bulk_create(
        CardVersion(card=card, version=1, author=participants[n * GROUP_SIZE + 2])
        for n, card in enumerate(cards)
    )
    ProgrammeItem.objects.filter(pk=item.pk).update(status=ProgrammeItem.Status.RUNNING)
    client = Client()
    client.force_login(facilitator)
    first, second = (
        Membership.objects.filter(item=item, group=groups[0], role="")
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )
    return {
        "meeting": meeting.pk,
        "item": item.pk,
        "session": client.cookies["sessionid"].value,
        "movers": [first, second],
        "group": groups[-1].pk,
        "people": people,
        "groups": count,
        "seconds": time.monotonic() - started,
    }


# --- The benchmark's side ------------------------------------------------------------------


class Browser:
    """The facilitator's browser: their session, the CSRF cookie, one request at a time."""

    def __init__(self, base: str, session: str):
        self.base = base
        self.cookies = {"sessionid": session}
        self.csrf = ""

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Cookie": cookie, **(headers or {})}
        )
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("X-CSRFToken", self.csrf)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
            seconds = time.perf_counter() - started
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content, seconds


def _timed(browser: Browser, repetitions: int, path: str, **options) -> dict:
    times, sizes = [], []
    for _ in range(repetitions):
        status, content, seconds = browser.request(path, **options)
        assert status == 200, (path, status)
        times.append(seconds * 1000)
        sizes.append(len(content))
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
        "bytes": statistics.median(sizes),
    }


def measure(config: dict) -> dict:
    # bench/live.py's server, with a database, a var directory and a Django side of its own.
    server = live.Server(
        var_dir=VAR_DIR, database=DATABASE, module="bench.groups_page", module_timeout=600
    )
    server.prepare()
    try:
        world = server.django("seed", str(config["people"]))
        server.start()
        try:
            base = f"http://127.0.0.1:{server.port}"
            browser = Browser(base, world["session"])
            manage = f"/groups/manage/{world['meeting']}/{world['item']}/"
            # The first answer sets the CSRF cookie the moves send back.
            _status, page, _seconds = browser.request(manage)
            browser.csrf = browser.cookies.get("csrftoken", "")
            assert re.search(rb'id="group-overview"', page), "not the groups page"
            repetitions = config["repetitions"]
            results = {
                "health": _timed(browser, repetitions, "/healthz"),
                "page": _timed(browser, repetitions, manage),
                "overview": _timed(browser, repetitions, manage + "overview/"),
                "one_group": _timed(
                    browser, repetitions, f"{manage}overview/?groups={world['group']}"
                ),
            }
            # Moves there and back between groups 1 and 2, as move.js sends them.
            moves = []
            asked = {"X-Samtale-Groups": "1"}
            for n in range(repetitions):
                status, _content, seconds = browser.request(
                    manage + "move/",
                    data={"membership": world["movers"][n % 2], "group": 2 - (n // 2) % 2},
                    headers=asked,
                )
                assert status == 200, status
                moves.append(seconds * 1000)
            moves.sort()
            results["move"] = {
                "median_ms": statistics.median(moves),
                "p95_ms": moves[max(0, round(0.95 * len(moves)) - 1)],
            }
        finally:
            server.stop()
    finally:
        server.drop()
    baseline = results["health"]["median_ms"]
    for figure in results.values():
        figure["to_health"] = figure["median_ms"] / baseline if baseline else None
    results["world"] = {key: world[key] for key in ("people", "groups", "seconds")}
    results["shape"] = server.shape
    page, move = results["page"], results["move"]
    results["targets"] = TARGETS
    results["within_targets"] = (
        page["p95_ms"] <= TARGETS["page_ms"]
        and page["bytes"] <= TARGETS["page_kb"] * 1000
        and move["p95_ms"] <= TARGETS["move_ms"]
    )
    return results


def table(results: dict) -> str:
    world = results["world"]
    lines = [
        f"Groups page: {world['people']:,} people in {world['groups']} groups "
        f"({results['shape']['database']}, one process); "
        f"{results['config']['repetitions']} requests of each kind, one at a time",
        "",
        f"{'request':<34}{'median ms':>10}{'p95 ms':>9}{'KB':>8}{'× health':>10}{'target':>18}",
    ]
    rows = [
        ("health endpoint (baseline)", "health", ""),
        ("the whole page", "page", f"≤ {TARGETS['page_ms']} ms, {TARGETS['page_kb']} KB"),
        ("the overview (whole reload)", "overview", ""),
        ("one group by id (live change)", "one_group", ""),
        ("a move (answer: two groups)", "move", f"≤ {TARGETS['move_ms']} ms"),
    ]
    for label, key, target in rows:
        figure = results[key]
        size = f"{figure['bytes'] / 1000:.1f}" if "bytes" in figure else "–"
        lines.append(
            f"{label:<34}{figure['median_ms']:>10.1f}{figure['p95_ms']:>9.1f}{size:>8}"
            f"{figure['to_health']:>10.1f}{target:>18}"
        )
    verdict = "within" if results["within_targets"] else "NOT within"
    lines += ["", f"p95 and size {verdict} the targets (page ≤ 300 ms and ≤ 150 KB, move ≤ 100 ms)"]
    return "\n".join(lines)


def run() -> dict:
    config = {
        "people": int(live.env_number("BENCH_GROUPS_PEOPLE", 2000)),
        "repetitions": int(live.env_number("BENCH_GROUPS_REPETITIONS", 20)),
    }
    live.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = measure(config)
    results["config"] = config
    results["seconds"] = time.monotonic() - started
    print()
    print(table(results))
    OUTPUT.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n(groups_page benchmark took {results['seconds']:.0f} s; var/bench/groups_page.json)")
    return results


def main(argv: list[str]) -> int:
    if argv and argv[0] == "seed":
        print(json.dumps(seed(int(argv[1]))))
    else:
        run()
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.exit(main(sys.argv[1:]))
