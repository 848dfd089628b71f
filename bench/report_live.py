"""The meeting while its report renders: `python -m bench.report_live` (part of `make bench`).

Issue 9: while the report renders, the live figures of the meeting do not move. In one run,
against one samtale server process (uvicorn, as bench/live.py starts it), N participants
join over HTTP, open the live socket and watch the wall while note-takers save their
group's card at a steady rate. Save-to-screen latency is measured for a phase with no
render, then for an equal phase while the worker renders the report of a 200-card meeting
with 100 pictures (the meeting of bench/report.py) in every format, again and again, so
the render covers the phase.

The render is started as production starts it: a ReportBuild queued through
reports.domain.build_request, done by `manage.py db_worker` (a separate process, running
through both phases) from django-tasks' queue in the same database. The 200-card meeting
is put into that database before the server starts, from bench/report.py's
sample_content(). Prints a table and writes var/bench/report_live.json.

Environment (defaults in brackets):
    BENCH_REPORT_LIVE_CLIENTS [500]   participants and sockets (groups of 10)
    BENCH_REPORT_LIVE_SECONDS [30]    length of each phase
    BENCH_REPORT_LIVE_RATE [20]       saves per second, over all groups
    BENCH_JOIN_RATE, BENCH_JOIN_CONCURRENCY as for bench/live.py
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import live
from bench.loadclients import Participant, Site, monotonic, raise_open_files

# Under SAMTALE_VAR_DIR when it is set, never that directory itself: it is emptied first.
VAR_DIR = Path(os.environ.get("SAMTALE_VAR_DIR") or live.ROOT / "var") / "bench" / "report-live"
OUTPUT = live.OUTPUT_DIR / "report_live.json"
DATABASE = "samtale_bench_report_live"
# The render may add at most this much to the save-to-screen p95 (issue 9).
LIMIT_RATIO = 1.10
POLL_SECONDS = 0.2


# --- The Django side (subprocesses with the server's environment) -------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django

    django.setup()


def seed() -> dict:
    """bench/report.py's 200-card, 100-picture meeting, stored as the wall stores it."""
    from accounts.domain import facilitator_create
    from bench.report import CARDS, PICTURES, sample_content
    from groups.models import Group
    from meetings.domain import item_create, item_replace_children, meeting_create
    from meetings.models import ProgrammeItem
    from wall.domain import card_for
    from wall.models import Card, CardImage

    started = time.monotonic()
    # The pictures are drawn, made WebP by the wall's own code and saved in default storage.
    content = sample_content(groups=CARDS // 2, sessions=2, pictures=PICTURES)
    facilitator = facilitator_create(
        username="bench-report-facilitator", password="bench-not-secret-1"
    )
    meeting = meeting_create(title=content.title, date=content.date, facilitator=facilitator)
    cards = pictures = 0
    for section in content.sessions:
        item = item_create(
            meeting=meeting,
            kind=ProgrammeItem.Kind.GROUP_SESSION,
            title=section.title,
            planned_minutes=30,
        )
        item_replace_children(item=item, speakers=[], questions=[q.text for q in section.questions])
        for written in section.cards:
            card = card_for(Group.objects.create(item=item, number=written.group_number))
            Card.objects.filter(pk=card.pk).update(
                heading=written.heading,
                body=written.text,
                body_html=written.html,
                question_numbers=list(written.question_numbers),
                version=written.version_count,
                comment=written.comment,
                pinned=written.pinned,
            )
            cards += 1
            for picture in written.pictures:
                CardImage.objects.create(
                    card=card,
                    image=picture.storage_name,
                    thumbnail=picture.storage_name,
                    alt=picture.alt,
                    width=picture.width,
                    height=picture.height,
                )
                pictures += 1
    return {
        "meeting": meeting.pk,
        "cards": cards,
        "pictures": pictures,
        "seconds": time.monotonic() - started,
    }


def renders(meeting_id: int) -> None:
    """Queue a build of the meeting's report, wait for the worker to finish it, queue the
    next, until stopped; one JSON line per build, its times on this machine's monotonic
    clock (the same in every process)."""
    from meetings.models import Meeting
    from reports.domain import build_request
    from reports.models import ReportBuild

    meeting = Meeting.objects.get(pk=meeting_id)
    active = [ReportBuild.Status.QUEUED, ReportBuild.Status.RUNNING]

    def mono(moment) -> float | None:
        return None if moment is None else monotonic() - (time.time() - moment.timestamp())

    while True:
        build = build_request(meeting=meeting, language="nb")
        told_running = False
        while True:
            time.sleep(POLL_SECONDS)
            build.refresh_from_db()
            if build.status == ReportBuild.Status.RUNNING and not told_running:
                told_running = True
                print(
                    json.dumps({"build": build.pk, "started": mono(build.started_at)}),
                    flush=True,
                )
            if build.status not in active:
                break
        print(
            json.dumps(
                {
                    "build": build.pk,
                    "status": build.status,
                    "error": build.error,
                    "started": mono(build.started_at),
                    "finished": mono(build.finished_at),
                    "bytes": sum(entry["size"] for entry in build.files.values()),
                }
            ),
            flush=True,
        )


# --- The worker and the renders, from the benchmark's side --------------------------------


class Worker:
    """`manage.py db_worker` as production runs it, and its CPU and peak memory."""

    def __init__(self, server: live.Server):
        self.server = server
        self.process: subprocess.Popen | None = None
        self.log = None
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.log = open(VAR_DIR / "worker.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=live.ROOT,
            env=self.server.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def cpu_seconds(self) -> float:
        return live.cpu_of(self.process.pid)[0]

    def watch_memory(self) -> None:
        """Sample the worker's RSS ten times a second (in a thread) until stop()."""
        self.peak_rss = 0
        self._stop.clear()

        def sample():
            while not self._stop.is_set():
                self.peak_rss = max(self.peak_rss, live.cpu_of(self.process.pid)[1])
                self._stop.wait(0.1)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        self.stop_watching()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.log is not None:
            self.log.close()


class Renders:
    """The process that queues one build after another (`renders` above) and what it told."""

    def __init__(self, server: live.Server, meeting: int):
        self.server = server
        self.meeting = meeting
        self.process: asyncio.subprocess.Process | None = None
        self.builds: dict[int, dict] = {}
        self.first_running = asyncio.Event()
        self.reader: asyncio.Task | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.report_live",
            "renders",
            str(self.meeting),
            cwd=live.ROOT,
            env=self.server.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self.reader = asyncio.get_running_loop().create_task(self.read())

    async def read(self) -> None:
        async for line in self.process.stdout:
            told = json.loads(line)
            self.builds.setdefault(told["build"], {}).update(told)
            if told.get("started") is not None:
                self.first_running.set()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()
        if self.reader is not None:
            await self.reader

    def intervals(self, window: tuple[float, float]) -> list[tuple[float, float]]:
        """When a build was running, from its start to its end (or the window's)."""
        return [
            (build["started"], build.get("finished") or window[1])
            for build in self.builds.values()
            if build.get("started") is not None
        ]

    def coverage(self, window: tuple[float, float]) -> dict:
        """How much of `window` a build was running, and the builds that finished in it."""
        start, end = window
        covered = 0.0
        for build in self.builds.values():
            began = build.get("started")
            if began is None:
                continue
            finished = build.get("finished") or end
            covered += max(0.0, min(end, finished) - max(start, began))
        done = [
            b
            for b in self.builds.values()
            if b.get("status") == "done" and start <= (b.get("finished") or 0) <= end
        ]
        return {
            "builds_started": sum(1 for b in self.builds.values() if b.get("started")),
            "builds_done_in_phase": len(done),
            "build_seconds": [
                b["finished"] - b["started"]
                for b in self.builds.values()
                if b.get("status") == "done"
            ],
            "failed": [b for b in self.builds.values() if b.get("status") == "failed"],
            "bytes_per_build": done[0]["bytes"] if done else None,
            "covered_fraction": covered / (end - start),
        }


# --- The run ------------------------------------------------------------------------------


async def phase(site: Site, groups, interval: float, seconds: float, versions: dict | None):
    """One stretch of steady saves; the Savers and the window they ran in."""
    savers = live.Savers(site, groups, interval)
    if versions:
        savers.version.update(versions)
    live.quiet_gc()
    started = monotonic()
    await savers.run(seconds)
    ended = monotonic()
    gc.enable()
    return savers, (started, ended)


def summary(site, people, savers, finals, window, server_cpu, worker_cpu) -> dict:
    seconds = window[1] - window[0]
    analysed = live.analyse(site, people, savers.sent, finals, window)
    return {
        "seconds": seconds,
        "saves": savers.saved,
        "saves_per_s": savers.saved / seconds,
        "conflicts": savers.conflicts,
        "missed_slots": savers.missed_slots,
        "errors": len(savers.errors),
        "error_examples": savers.errors[:5],
        "save_response": live.percentiles_ms(savers.response_times),
        "server_cpu_percent": server_cpu / seconds * 100,
        "worker_cpu_percent": worker_cpu / seconds * 100,
        "worker_cpu_seconds": worker_cpu,
        **analysed,
    }


async def measure(config: dict) -> dict:
    # bench/live.py's server, with a database, a var directory and a Django side of its own.
    server = live.Server(
        var_dir=VAR_DIR, database=DATABASE, module="bench.report_live", module_timeout=900
    )
    await asyncio.to_thread(server.prepare)
    print("  storing the 200-card, 100-picture meeting ...")
    report_meeting = await asyncio.to_thread(server.django, "seed")
    print(
        f"  {report_meeting['cards']} cards, {report_meeting['pictures']} pictures "
        f"in {report_meeting['seconds']:.0f} s"
    )
    worker = Worker(server)
    renders = None
    result: dict = {"shape": server.shape, "report_meeting": report_meeting}
    try:
        await asyncio.to_thread(server.start)
        meeting = await asyncio.to_thread(server.setup, "meeting")
        site = Site(server.port, meeting["code"], meeting["item"])
        people = [Participant(index=i, join_key=f"bench-{i:05d}") for i in range(config["clients"])]
        # The worker runs through both phases (only the render differs between them), started
        # now so that its own start-up is over long before the first phase.
        worker.start()
        try:
            joined = await live.joins(site, people, config["join_rate"], config["join_concurrency"])
            people = [p for p in people if "sessionid" in p.cookies]
            formed = await asyncio.to_thread(server.setup, "groups", str(meeting["item"]))
            by_key = {p.join_key: p for p in people}
            groups = [
                (group["card"], by_key[group["members"][0]])
                for group in formed["groups"]
                if group["members"] and group["members"][0] in by_key
            ]
            sockets = await live.open_sockets(site, people)
            connected = [p for p in people if p.ws is not None]
            print(
                f"  {joined['participants'] - joined['errors']} joined, {sockets['opened']} "
                f"sockets open, {len(groups)} groups saving"
            )
            interval = len(groups) / config["rate"]
            pid = server.process.pid

            print(f"  phase 1: {config['seconds']:g} s of saves, no render ...")
            server_cpu, worker_cpu = live.cpu_of(pid)[0], worker.cpu_seconds()
            quiet, quiet_window = await phase(site, groups, interval, config["seconds"], None)
            quiet_cpu = (live.cpu_of(pid)[0] - server_cpu, worker.cpu_seconds() - worker_cpu)
            await asyncio.sleep(live.SETTLE_SECONDS)

            renders = Renders(server, report_meeting["meeting"])
            await renders.start()
            await asyncio.wait_for(renders.first_running.wait(), 60)
            print(f"  phase 2: {config['seconds']:g} s of saves, the worker rendering ...")
            worker.watch_memory()
            server_cpu, worker_cpu = live.cpu_of(pid)[0], worker.cpu_seconds()
            busy, busy_window = await phase(
                site, groups, interval, config["seconds"], quiet.version
            )
            busy_cpu = (live.cpu_of(pid)[0] - server_cpu, worker.cpu_seconds() - worker_cpu)
            worker.stop_watching()
            await renders.stop()
            await asyncio.sleep(live.SETTLE_SECONDS)
            finals = (await asyncio.to_thread(server.setup, "final", str(meeting["item"])))["cards"]
            finals = {int(card): version for card, version in finals.items()}
        finally:
            await site.disconnect_all(people)
            await site.close()
    finally:
        if renders is not None:
            await renders.stop()
        await asyncio.to_thread(worker.stop)
        await asyncio.to_thread(server.stop)
        await asyncio.to_thread(server.drop)

    result["joins"] = {k: joined[k] for k in ("participants", "errors", "seconds")}
    result["sockets"] = {k: sockets[k] for k in ("opened", "errors")}
    result["groups_saving"] = len(groups)
    result["save_interval"] = interval
    result["without_render"] = summary(
        site, connected, quiet, dict(quiet.version), quiet_window, *quiet_cpu
    )
    result["with_render"] = summary(site, connected, busy, finals, busy_window, *busy_cpu)
    # The saves made while a build was running, alone: the queue can leave gaps between builds.
    running = renders.intervals(busy_window)
    busy.sent = {
        key: sent for key, sent in busy.sent.items() if any(a <= sent <= b for a, b in running)
    }
    strict = live.analyse(site, connected, busy.sent, finals, busy_window)["latency"]
    result["with_render"]["latency_saves_during_a_build"] = strict
    result["render"] = {
        **renders.coverage(busy_window),
        "worker_cpu_seconds": busy_cpu[1],
        "worker_peak_rss_mb": worker.peak_rss / 2**20,
    }
    without = result["without_render"]["latency"]["p95_ms"]
    with_render = result["with_render"]["latency"]["p95_ms"]
    result["p95_ratio"] = with_render / without if without and with_render else None
    result["within_limit"] = result["p95_ratio"] is not None and result["p95_ratio"] <= LIMIT_RATIO
    result["errors"] = {
        "socket_closes": sum(p.closes for p in connected),
        "resyncs": sum(p.resyncs for p in connected),
        "reconnect_failures": sum(p.reconnect_failures for p in connected),
    }
    return result


# --- Report -------------------------------------------------------------------------------


def table(results: dict) -> str:
    a, b, render = results["without_render"], results["with_render"], results["render"]
    rows = [
        ("save-to-screen p50 (ms)", a["latency"]["p50_ms"], b["latency"]["p50_ms"], 0),
        ("save-to-screen p95 (ms)", a["latency"]["p95_ms"], b["latency"]["p95_ms"], 0),
        ("save-to-screen p99 (ms)", a["latency"]["p99_ms"], b["latency"]["p99_ms"], 0),
        ("save response p95 (ms)", a["save_response"]["p95_ms"], b["save_response"]["p95_ms"], 0),
        ("saves/s sustained", a["saves_per_s"], b["saves_per_s"], 1),
        ("updates lost (clients × cards)", a["updates_lost"], b["updates_lost"], 0),
        ("save errors", a["errors"], b["errors"], 0),
        ("server CPU % (of 200)", a["server_cpu_percent"], b["server_cpu_percent"], 0),
        ("worker CPU % (of 200)", a["worker_cpu_percent"], b["worker_cpu_percent"], 0),
    ]
    header = ("metric", "no render", "rendering", "ratio")
    body = [
        (name, live._fmt(x, d), live._fmt(y, d), live._fmt(live._ratio(y, x), 2))
        for name, x, y, d in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(4)]
    lines = []
    for index, line in enumerate([header, *body]):
        lines.append(
            "  ".join(
                c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)
            )
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    config = results["config"]
    builds = render["build_seconds"]
    strict = b["latency_saves_during_a_build"]
    ratio = results["p95_ratio"]
    lines += [
        "",
        f"p95 with / without a render: {live._fmt(ratio, 2)} "
        f"(limit {LIMIT_RATIO:.2f}: {'met' if results['within_limit'] else 'NOT met'}); "
        f"saves made while a build ran, alone: p95 {live._fmt(strict['p95_ms'])} ms, "
        f"{strict['count']:,} pairs",
        f"render: {render['builds_started']} builds started, "
        f"{render['builds_done_in_phase']} finished in the phase"
        + (f" ({min(builds):.1f}–{max(builds):.1f} s each)" if builds else "")
        + f"; running {render['covered_fraction']:.0%} of the phase; worker "
        f"{render['worker_cpu_seconds']:.1f} CPU s, peak RSS {render['worker_peak_rss_mb']:.0f} MB",
        f"{config['clients']} clients, {results['groups_saving']} groups saving every "
        f"{results['save_interval']:.2f} s ({config['rate']:g}/s), two phases of "
        f"{config['seconds']:g} s; {results['shape']['database']}, "
        f"{results['shape']['hub']} hub; load average {results['load_average']:.1f} "
        f"on {os.cpu_count()} cores",
    ]
    return "\n".join(lines)


def run() -> dict:
    config = {
        "clients": int(live.env_number("BENCH_REPORT_LIVE_CLIENTS", 500)),
        "seconds": live.env_number("BENCH_REPORT_LIVE_SECONDS", 30),
        "rate": live.env_number("BENCH_REPORT_LIVE_RATE", 20),
        "join_rate": live.env_number("BENCH_JOIN_RATE", 2000 / 60),
        "join_concurrency": int(live.env_number("BENCH_JOIN_CONCURRENCY", 50)),
    }
    config["open_files"] = raise_open_files()
    live.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = live._run_loop(measure(config))
    results["config"] = config
    results["load_average"] = os.getloadavg()[0]
    results["seconds"] = time.monotonic() - started
    print()
    print(table(results))
    OUTPUT.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n(report_live benchmark took {results['seconds']:.0f} s; var/bench/report_live.json)")
    return results


def main(argv: list[str]) -> int:
    if argv and argv[0] == "seed":
        _django()
        print(json.dumps(seed()))
    elif argv and argv[0] == "renders":
        _django()
        renders(int(argv[1]))
    else:
        run()
    return 0


if __name__ == "__main__":
    # Stopped by the benchmark with SIGTERM: end quietly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.exit(main(sys.argv[1:]))
