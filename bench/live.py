"""The live benchmark of issue 5: `python -m bench live` (part of `make bench`).

samtale runs as in production (uvicorn, one process; PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set, else the embedded SQLite and in-process hub). N
simulated participants join over HTTP, are formed into groups of 10, open the live socket
and watch the wall while the first member of every group saves the group's card every S
seconds over its live socket, as the card editor does. Then the same sockets take a
rising rate of 256-byte messages handed straight to the hub (bench/_asgi.py: the fan-out
alone, without the save in front of it), and the same clients connect to a minimal
`websockets` broadcast server (bench/raw_broadcast.py) that ramps its rate the same way:
the practical Python limit on this machine, measured in the same run. Prints a table
with the targets of issue 5 and writes var/bench/live.json.

The server is uvicorn serving bench._asgi:application, which is samtale's own ASGI
application plus two benchmark routes; the clients are one asyncio process
(bench/loadclients.py). At a small BENCH_CLIENTS the memory figure is noise.

Environment (defaults in brackets):
    BENCH_CLIENTS [2000]        participants and sockets
    BENCH_SECONDS [30]          length of the save load
    BENCH_SAVE_INTERVAL [2]     seconds between two saves of one group
    BENCH_JOIN_RATE [33.3]      joins started per second (the target's pace: 2,000 a minute)
    BENCH_JOIN_CONCURRENCY [50] joins in flight at most
    BENCH_RAW_SECONDS [24]      time budget of the raw broadcast ramp
    BENCH_FANOUT_SECONDS [24]   time budget of the same ramp through samtale's hub
    BENCH_PROFILE [0]           1: py-spy samples the server for 10 s of the load
    BENCH_PROCESSES [1]         samtale processes; above 1 behind nginx as deploy/ sets it
                                up, which needs DATABASE_URL (PostgreSQL) and REDIS_URL
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import psutil

from bench import raw_broadcast
from bench.loadclients import (
    Histogram,
    Participant,
    Site,
    bounded,
    monotonic,
    percentiles_ms,
    raise_open_files,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "var" / "bench"
SERVER_DIR = OUTPUT_DIR / "server"
BENCH_DATABASE = "samtale_bench"
SETTLE_SECONDS = 2.0
WALL_PAGE_REQUESTS = 20

TARGETS = {
    "p95_ms": 250,
    "p99_ms": 500,
    "lost": 0,
    "fanout_ratio": 0.5,
    "mb_per_1000": 30,
    "join_seconds_per_2000": 60,
    "join_p95_ms": 300,
    "wall_page_ms": 150,
}

BODY = (
    "Vi har snakket om hvordan kommunene kan samarbeide bedre om kulturskoletilbudet.\n\n"
    "- Felles lærerressurser på tvers av kommunegrensene\n"
    "- Bedre skyss for elever i spredtbygde strøk\n"
    "- Mer samarbeid med frivilligheten og skolene\n\n"
    "Vi ønsker oss **tydeligere** nasjonale føringer og mer forutsigbar finansiering. "
    "Det viktigste er at barna får et tilbud nær der de bor."
)


def env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_of(pid: int | Sequence[int]) -> tuple[float, int]:
    """CPU seconds (user + system) and RSS bytes of a process (or several) and its children."""
    processes = []
    for one in [pid] if isinstance(pid, int) else pid:
        try:
            process = psutil.Process(one)
            processes += [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    cpu, rss = 0.0, 0
    for each in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = each.cpu_times()
            cpu += times.user + times.system
            rss += each.memory_info().rss
    return cpu, rss


# --- The server ---------------------------------------------------------------------------


def nginx_in_front(
    var_dir: Path, port: int, upstream_ports: list[int], *, worker_connections: int, name="nginx"
):
    """nginx on `port` as production runs it: deploy/nginx/samtale.conf filled by
    deploy/render.py, proxying to samtale on `upstream_ports` and serving the files that
    `collectstatic` put in var_dir/static; its files in var_dir/`name`. Started; stop() it
    when done."""
    from tests.processes import NginxServer

    rendered = subprocess.run(
        [
            sys.executable,
            str(ROOT / "deploy" / "render.py"),
            "--server-name",
            "127.0.0.1",
            "--listen",
            f"127.0.0.1:{port}",
            "--upstreams",
            ",".join(f"127.0.0.1:{upstream}" for upstream in upstream_ports),
            "--static-root",
            str(var_dir / "static"),
            "--media-root",
            str(var_dir / "media"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    nginx = NginxServer(var_dir / name, rendered, worker_connections=worker_connections)
    nginx.start(port)
    return nginx


class Server:
    """samtale in its production shape, as subprocesses with their own environment.

    One uvicorn process by default; with `processes` K > 1, K of them on PostgreSQL and
    Redis behind nginx, configured as deploy/ sets it up (deploy/render.py's site, started
    as tests/deploy/test_nginx.py starts it), so the clients see one address (`port`).
    """

    def __init__(
        self,
        *,
        var_dir: Path = SERVER_DIR,
        database: str | None = None,
        module: str = "bench._setup",
        module_timeout: int = 600,
        processes: int = 1,
    ) -> None:
        """`var_dir` and `database` (on PostgreSQL; by default DATABASE_URL's own name with
        `_bench`): the benchmark's own, made afresh by prepare(); `module`: the benchmark's
        own Django side, which django() runs; `processes`: how many samtale processes."""
        self.var_dir = var_dir
        self.module, self.module_timeout = module, module_timeout
        self.env = dict(os.environ)
        self.env.update(
            SAMTALE_VAR_DIR=str(var_dir),
            DJANGO_SETTINGS_MODULE="samtale.settings",
            PYTHONUNBUFFERED="1",
            LOG_LEVEL="WARNING",
            DB_CONN_MAX_AGE="600",  # as deploy/env.example
        )
        self.env.pop("DEBUG", None)
        self.admin_url: str | None = None
        self.database = database or BENCH_DATABASE
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(url)
            # A database of its own beside the one named, so two checkouts on one server
            # do not drop each other's.
            own = parts.path.strip("/")
            self.database = database or (f"{own}_bench" if own else BENCH_DATABASE)
            self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{self.database}"))
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        else:
            self.env.pop("DATABASE_URL", None)
        if processes > 1 and not (self.admin_url and self.env.get("REDIS_URL")):
            raise SystemExit(
                f"BENCH_PROCESSES={processes}: more than one samtale process needs "
                "DATABASE_URL (postgres://…) and REDIS_URL (redis://…), as in production; "
                "SQLite and the in-process hub serve one process only."
            )
        self.shape = {
            "database": "postgresql" if self.admin_url else "sqlite",
            "hub": "redis" if self.env.get("REDIS_URL") else "in-process",
            "processes": processes,
        }
        # The address the clients use: the one process's, or nginx's in front of several.
        self.port = free_port()
        self.process_ports = (
            [self.port] if processes == 1 else [free_port() for _ in range(processes)]
        )
        self.process: subprocess.Popen | None = None  # the first (the only one by default)
        self.processes: list[subprocess.Popen] = []
        self.nginx = None
        self.log = None
        self.logs: list = []

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    @property
    def process_urls(self) -> list[str]:
        """Each process's own address, past nginx (the bench routes are per process)."""
        return [f"http://127.0.0.1:{port}" for port in self.process_ports]

    @property
    def nginx_pid(self) -> int | None:
        return self.nginx.process.pid if self.nginx is not None else None

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def prepare(self) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)
        self.var_dir.mkdir(parents=True)
        if self.admin_url:
            self._postgres(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            self._postgres(f"CREATE DATABASE {self.database}")
        if self.env.get("REDIS_URL"):
            import redis

            # The cache is the new database's too: rate-limit counts of an earlier run (the
            # meeting ids repeat) would refuse this run's joins.
            redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        self.manage("migrate", "--noinput")

    def drop(self) -> None:
        """The benchmark's PostgreSQL database goes when it is done (SQLite's is in var_dir)."""
        if self.admin_url:
            with contextlib.suppress(Exception):
                self._postgres(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=600,
            stdout=subprocess.DEVNULL,
        )

    def setup(self, *args: str) -> dict:
        """Run bench._setup in the server's environment; its last line of output is JSON."""
        return self._django_side("bench._setup", args, timeout=600)

    def django(self, *args: str) -> dict:
        """Run the benchmark's own Django side (`module`) the same way."""
        return self._django_side(self.module, args, timeout=self.module_timeout)

    def _django_side(self, module: str, args, *, timeout: int) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=timeout,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        several = len(self.process_ports) > 1
        for number, port in enumerate(self.process_ports, start=1):
            name = f"live-server-{number}.log" if several else "live-server.log"
            log = open(OUTPUT_DIR / name, "w")  # noqa: SIM115
            self.logs.append(log)
            self.processes.append(self._uvicorn(port, log))
        self.process, self.log = self.processes[0], self.logs[0]
        for process, port in zip(self.processes, self.process_ports, strict=True):
            self._wait_for(process, port)
        if several:
            self._start_nginx()

    def _uvicorn(self, port: int, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench._asgi:application",  # samtale's application + the fan-out stage's route
                "--ws-per-message-deflate",
                "false",
                "--lifespan",
                "off",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--backlog",
                "4096",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def _wait_for(self, process: subprocess.Popen, port: int) -> None:
        deadline = time.monotonic() + 30
        import urllib.request

        while True:
            if process.poll() is not None:
                raise RuntimeError("uvicorn exited; see var/bench/live-server*.log")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not answer within 30 s")
            time.sleep(0.2)

    def _start_nginx(self) -> None:
        # Each socket is two connections in nginx (the client's and the process's).
        self.nginx = nginx_in_front(
            self.var_dir, self.port, self.process_ports, worker_connections=16384
        )

    def service_usage(self) -> dict:
        """CPU seconds so far of this benchmark's PostgreSQL sessions and of the Redis
        server (all its clients: it may serve others too), and Redis's bytes sent."""
        usage: dict = {}
        if self.admin_url:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                backends = [
                    row[0]
                    for row in connection.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
                    )
                ]
            usage["postgres_sessions"] = len(backends)
            usage["postgres_cpu_s"] = cpu_of(backends)[0]
        if self.env.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(self.env["REDIS_URL"])
            cpu, stats = client.info("cpu"), client.info("stats")
            usage["redis_cpu_s"] = cpu["used_cpu_sys"] + cpu["used_cpu_user"]
            usage["redis_output_bytes"] = stats["total_net_output_bytes"]
            usage["redis_commands"] = stats["total_commands_processed"]
        return usage

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.process.poll() is None:
            self.nginx.stop()
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for log in self.logs:
            log.close()
        self.logs, self.log = [], None


class Sampler:
    """Server CPU and memory (and this process's CPU) once a second, in the background.

    `pid`: the server's process, or all of them; nginx's (with `nginx_pid`) is kept apart."""

    def __init__(self, pid: int | Sequence[int], nginx_pid: int | None = None):
        self.pids = [pid] if isinstance(pid, int) else list(pid)
        self.nginx_pid = nginx_pid
        self.me = psutil.Process()
        self.samples: list[dict] = []
        self.phase = "start"
        self.task: asyncio.Task | None = None

    def sample(self) -> dict:
        each = [cpu_of(pid) for pid in self.pids]
        mine = self.me.cpu_times()
        row = {
            "t": monotonic(),
            "phase": self.phase,
            "server_cpu_s": sum(cpu for cpu, _rss in each),
            "server_rss_mb": sum(rss for _cpu, rss in each) / 2**20,
            "client_cpu_s": mine.user + mine.system,
        }
        if len(each) > 1:
            row["process_cpu_s"] = [cpu for cpu, _rss in each]
        if self.nginx_pid is not None:
            row["nginx_cpu_s"] = cpu_of(self.nginx_pid)[0]
        self.samples.append(row)
        return row

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(1)

    def start(self) -> None:
        self.sample()
        self.task = asyncio.get_running_loop().create_task(self.run())

    def stop(self) -> None:
        if self.task:
            self.task.cancel()

    def series(self) -> list[dict]:
        """Per-second rows: CPU % of server and client over the second before, RSS."""
        rows = []
        for before, after in zip(self.samples, self.samples[1:], strict=False):
            wall = after["t"] - before["t"]
            if wall <= 0:
                continue
            row = {
                "phase": after["phase"],
                "server_cpu_percent": (after["server_cpu_s"] - before["server_cpu_s"]) / wall * 100,
                "client_cpu_percent": (after["client_cpu_s"] - before["client_cpu_s"]) / wall * 100,
                "server_rss_mb": after["server_rss_mb"],
            }
            if "process_cpu_s" in after:
                row["process_cpu_percent"] = [
                    (a - b) / wall * 100
                    for a, b in zip(after["process_cpu_s"], before["process_cpu_s"], strict=True)
                ]
            if "nginx_cpu_s" in after:
                row["nginx_cpu_percent"] = (
                    (after["nginx_cpu_s"] - before["nginx_cpu_s"]) / wall * 100
                )
            rows.append(row)
        return rows


# --- The phases ---------------------------------------------------------------------------


async def joins(site: Site, people: list[Participant], rate: float, concurrency: int) -> dict:
    """Participants arrive at `rate` per second (open loop), at most `concurrency` in flight."""
    semaphore = asyncio.Semaphore(concurrency)
    timings: dict[str, list[float]] = {"join_page": [], "join_post": [], "meeting_page": []}
    errors: list[str] = []
    waited = 0
    started = monotonic()

    async def arrive(participant: Participant, due: float) -> None:
        nonlocal waited
        await asyncio.sleep(max(0.0, due - monotonic()))
        if semaphore.locked():
            waited += 1
        async with semaphore:
            try:
                result = await site.join(participant)
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")
                return
        for name, seconds in result.items():
            timings[name].append(seconds)

    spacing = 1.0 / rate if rate > 0 else 0.0
    await asyncio.wait_for(
        asyncio.gather(*(arrive(p, started + i * spacing) for i, p in enumerate(people))),
        timeout=max(300.0, len(people) * spacing * 3),
    )
    seconds = monotonic() - started
    pages = [s for values in timings.values() for s in values]
    return {
        "participants": len(people),
        "offered_rate": rate,
        "concurrency": concurrency,
        "arrivals_that_waited_for_a_slot": waited,
        "seconds": seconds,
        "joins_per_s": (len(people) - len(errors)) / seconds,
        "errors": len(errors),
        "error_examples": errors[:5],
        "pages": percentiles_ms(pages),
        **{name: percentiles_ms(values) for name, values in timings.items()},
    }


async def open_sockets(site: Site, people: list[Participant], concurrency: int = 100) -> dict:
    started = monotonic()
    results = await asyncio.wait_for(bounded(site.connect, people, concurrency), timeout=600)
    errors = [r for r in results if isinstance(r, Exception)]
    times = [r for r in results if not isinstance(r, Exception)]
    return {
        "opened": len(times),
        "errors": len(errors),
        "error_examples": [f"{type(e).__name__}: {e}" for e in errors[:5]],
        "seconds": monotonic() - started,
        "connect_to_snapshot": percentiles_ms(times),
    }


class Savers:
    """The first member of each group saves its card every `interval` s, spread evenly."""

    def __init__(self, site: Site, groups: list[tuple[int, Participant]], interval: float):
        self.site = site
        self.groups = groups
        self.interval = interval
        self.version = {card: 0 for card, _ in groups}
        self.sent: dict[tuple[int, int], float] = {}  # (card, version) -> POST sent
        self.response_times: list[float] = []
        self.saved = 0
        self.acknowledged: set[tuple[int, int]] = set()  # (card, version) answered 200
        self.conflicts = 0
        self.errors: list[str] = []
        self.missed_slots = 0

    async def save(self, card: int, member: Participant, number: int) -> None:
        """One save as the card editor makes it: over the member's live socket."""
        base = self.version[card]
        key = (card, base + 1)
        fields = {
            "card": card,
            "base_version": base,
            "heading": f"Våre viktigste innspill ({number})",
            "body": f"{BODY}\n\nLagret {number} ganger.",
            "questions": ["1", "2"] if number % 2 else ["1"],
        }
        self.sent[key] = started = monotonic()
        try:
            status, body = await self.site.request(member, "card.save", fields)
        except Exception as error:
            self.sent.pop(key, None)
            self.errors.append(f"{type(error).__name__}: {error}")
            return
        self.response_times.append(monotonic() - started)
        if status == 200:
            version = body["version"]
            self.version[card] = version
            self.acknowledged.add((card, version))
            if version != base + 1:
                self.sent[(card, version)] = self.sent.pop(key)
            self.saved += 1
        elif status == 409:
            self.sent.pop(key, None)
            self.version[card] = body["conflict"]["version"]
            self.conflicts += 1
        else:
            self.sent.pop(key, None)
            self.errors.append(f"status {status}: {body}")

    async def run(self, seconds: float) -> float:
        started = monotonic()
        end = started + seconds
        spacing = self.interval / max(1, len(self.groups))

        async def saver(index: int, card: int, member: Participant) -> None:
            first = started + index * spacing
            slot = 0
            while True:
                due = first + slot * self.interval
                if due >= end:
                    return
                now = monotonic()
                if due > now:
                    await asyncio.sleep(due - now)
                elif now - due > self.interval:  # behind by a whole interval: skip slots
                    skip = int((now - due) / self.interval)
                    self.missed_slots += skip
                    slot += skip
                    continue
                await self.save(card, member, slot + 1)
                slot += 1

        try:
            await asyncio.wait_for(
                asyncio.gather(
                    *(saver(i, card, member) for i, (card, member) in enumerate(self.groups))
                ),
                timeout=seconds + 60,
            )
        except TimeoutError:
            self.errors.append("saves still unanswered 60 s after the load ended")
        return monotonic() - started


async def wall_page(site: Site, participant: Participant) -> dict:
    url = f"{site.base}/wall/{site.code}/{site.item}/"
    times, cards, statuses = [], 0, set()
    for _ in range(WALL_PAGE_REQUESTS):
        started = monotonic()
        async with site.http.get(url, headers=site.headers(participant)) as response:
            page = await response.text()
            statuses.add(response.status)
        times.append(monotonic() - started)
        cards = page.count('data-card="')
    summary = percentiles_ms(times)
    return {
        "requests": len(times),
        "cards_on_page": cards,
        "statuses": sorted(statuses),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": summary["p95_ms"],
        "bytes": len(page.encode()),
    }


def analyse(
    site: Site,
    people: list[Participant],
    sent: dict[tuple[int, int], float],
    finals: dict[int, int],
    window: tuple[float, float],
) -> dict:
    """Save-to-screen latency for every (save, client), deliveries, and lost updates.

    `sent`: when each (card, version) was sent (or, for bench/meeting.py, when the pause
    that made it began); `finals`: each card's last version."""
    frames = site.frames.all
    latency = Histogram(limit_seconds=60)
    start, end = window
    frames_in_window = events_in_window = summaries_in_window = bytes_in_window = 0
    lost = 0
    clients_missing = 0
    for person in people:
        last: dict[int, int] = {}
        missing = 0
        for fid, t in zip(person.fids, person.times, strict=True):
            frame = frames[fid]
            if start <= t <= end and frame.events:
                frames_in_window += 1
                events_in_window += len(frame.cards) - frame.summaries
                summaries_in_window += frame.summaries
                bytes_in_window += frame.size
            for card, version in frame.cards:
                seen = last.get(card, 0)
                if version > seen:
                    for v in range(seen + 1, version + 1):
                        sent_at = sent.get((card, v))
                        if sent_at is not None:
                            latency.add(t - sent_at)
                    last[card] = version
        for card, final in finals.items():
            if final and last.get(card, 0) < final:
                missing += 1
        lost += missing
        clients_missing += bool(missing)
    seconds = end - start
    card_frames = [f for f in frames if f.cards and f.text]
    expected_pairs = len(sent) * len(people)
    return {
        "latency": latency.summary(),
        "latency_pairs_expected": expected_pairs,
        "latency_negative": latency.negative,
        "frames_per_s": frames_in_window / seconds,
        "card_updates_per_s": events_in_window / seconds,  # whole cards (card.state)
        "card_summaries_per_s": summaries_in_window / seconds,  # a light wall's card.summary
        "bytes_per_s": bytes_in_window / seconds,
        "updates_lost": lost,
        "clients_missing_a_last_version": clients_missing,
        "cards_final": len(finals),
        "distinct_frames": len(frames),
        "wall_card_frame_bytes_mean": statistics.mean(len(f.text) for f in card_frames)
        if card_frames
        else None,
        "wall_card_events_per_frame": statistics.mean(len(f.cards) for f in card_frames)
        if card_frames
        else None,
    }


async def control(url: str, method: str = "GET") -> dict:
    """One request to the bench routes (bench/_asgi.py) on a connection of its own."""
    async with (
        aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True),
            timeout=aiohttp.ClientTimeout(total=120),
        ) as session,
        session.request(method, url) as response,
    ):
        return json.loads(await response.read())


async def fanout(
    site: Site,
    people: list[Participant],
    pid: int | Sequence[int],
    meeting: int,
    budget: float,
    process_urls: Sequence[str] = (),
) -> dict:
    """The raw server's ramp, through samtale's hub and sockets (see bench/_asgi.py).

    With several processes (`process_urls`) each one's hub sends every stage to its own
    sockets, so every client gets the rate, as from one process."""
    frames = site.frames.all
    bases = list(process_urls) or [site.base]

    async def stage(number: int, rate: float):
        marks = [len(p.fids) for p in people]
        query = (
            f"/__bench__/broadcast?meeting={meeting}&stage={number}"
            f"&rate={rate}&seconds={raw_broadcast.STAGE_SECONDS}"
        )
        answers = await asyncio.gather(*(control(base + query, "POST") for base in bases))
        answer = merge_answers(answers)
        await asyncio.sleep(raw_broadcast.DRAIN_SECONDS)
        histogram = Histogram(limit_seconds=30)
        delivered = socket_frames = 0
        for person, mark in zip(people, marks, strict=True):
            for fid, t in zip(person.fids[mark:], person.times[mark:], strict=True):
                messages = frames[fid].bench
                if messages:
                    socket_frames += 1
                    for message_stage, sent_at in messages:
                        if message_stage == number:
                            delivered += 1
                            histogram.add(t - sent_at)
        answer["frames"] = socket_frames
        answer["frames_per_s"] = socket_frames / answer["elapsed"]
        answer["resyncs_total"] = sum(p.resyncs for p in people)
        return answer, delivered, histogram

    quiet_gc()
    stages = await raw_broadcast.ramp("samtale", stage, pid, len(people), budget, cpu_of=cpu_of)
    return {
        "stages": stages,
        "best": raw_broadcast.best_of(stages),
        "peak_deliveries_per_s": max((r["deliveries_per_s"] for r in stages), default=0),
    }


def merge_answers(answers: list[dict]) -> dict:
    """One process's broadcast answer, or several processes' as one."""
    if len(answers) == 1:
        return answers[0]
    connections = sum(a["connections"] for a in answers)
    return {
        # What each client should get: sent × connections is the sum of every process's.
        "sent": sum(a["sent"] * a["connections"] for a in answers) / max(1, connections),
        "elapsed": max(a["elapsed"] for a in answers),
        "connections": connections,
        "gc": merge_pauses([a["gc"] for a in answers]),
    }


def merge_pauses(reports: list[dict]) -> dict:
    """The collector's pauses of several processes: counts and totals added, the longest."""
    if len(reports) == 1:
        return reports[0]
    return {
        generation: {
            "collections": sum(r[generation]["collections"] for r in reports),
            "total_ms": sum(r[generation]["total_ms"] for r in reports),
            "longest_ms": max(r[generation]["longest_ms"] for r in reports),
        }
        for generation in reports[0]
    }


async def server_pauses(server: Server) -> dict:
    """The bench route's collector report, from each process (nginx would pick one)."""
    return merge_pauses(
        await asyncio.gather(*(control(f"{url}/__bench__/gc") for url in server.process_urls))
    )


def quiet_gc() -> None:
    """No collector pauses in the client while it measures: freeze what exists, then pause it.

    The caller enables it again afterwards; the measuring creates few reference cycles.
    """
    gc.collect()
    gc.freeze()
    gc.disable()


def _phase_rows(series: list[dict], phase: str) -> list[dict]:
    return [row for row in series if row["phase"] == phase]


async def profile(pid: int, seconds: float, name: str) -> str | None:
    """py-spy record of the server for `seconds`, if py-spy is installed; path or None."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        return None
    out = OUTPUT_DIR / f"live-pyspy-{name}.txt"
    process = await asyncio.create_subprocess_exec(
        spy,
        "record",
        "--nonblocking",
        "--format",
        "raw",
        "--rate",
        "100",
        "--duration",
        str(int(seconds)),
        "--pid",
        str(pid),
        "--output",
        str(out),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await asyncio.wait_for(process.wait(), seconds + 30)
    except TimeoutError:
        process.kill()
        await process.wait()
    return str(out) if out.exists() else None


async def measure_samtale(server: Server, config: dict) -> dict:
    clients = config["clients"]
    meeting = await asyncio.to_thread(server.setup, "meeting")
    print(f"  meeting {meeting['code']} ({server.shape['database']}, {server.shape['hub']} hub)")
    site = Site(server.port, meeting["code"], meeting["item"])
    sampler = Sampler(server.pids, server.nginx_pid)
    sampler.start()
    people = [Participant(index=i, join_key=f"bench-{i:05d}") for i in range(clients)]
    result: dict = {"shape": server.shape, "meeting": meeting}
    try:
        sampler.phase = "joins"
        spy = None
        if config["profile"]:
            spy = asyncio.get_running_loop().create_task(profile(server.process.pid, 10, "joins"))
        result["joins"] = await joins(site, people, config["join_rate"], config["join_concurrency"])
        if spy is not None:
            result["profile_joins"] = await spy
        j = result["joins"]
        print(
            f"  joins: {j['participants'] - j['errors']} in {j['seconds']:.1f} s, "
            f"page p95 {j['pages']['p95_ms'] or 0:.0f} ms, {j['errors']} errors"
        )
        people = [p for p in people if "sessionid" in p.cookies]
        formed = await asyncio.to_thread(server.setup, "groups", str(meeting["item"]))
        by_key = {p.join_key: p for p in people}
        groups = [
            (group["card"], by_key[group["members"][0]])
            for group in formed["groups"]
            if group["members"] and group["members"][0] in by_key
        ]
        result["groups"] = len(formed["groups"])
        print(f"  {len(groups)} groups formed")

        sampler.phase = "idle"
        await asyncio.sleep(1.5)
        _cpu, rss_before = cpu_of(server.pids)
        sampler.phase = "sockets"
        result["sockets"] = await open_sockets(site, people)
        connected = [p for p in people if p.ws is not None]
        sampler.phase = "connected"
        await asyncio.sleep(2)
        _cpu, rss_after = cpu_of(server.pids)
        result["memory"] = {
            "rss_before_sockets_mb": rss_before / 2**20,
            "rss_after_sockets_mb": rss_after / 2**20,
            "mb_per_1000": (rss_after - rss_before) / 2**20 / max(1, len(connected)) * 1000,
        }
        s = result["sockets"]
        print(
            f"  sockets: {s['opened']} open in {s['seconds']:.1f} s ({s['errors']} errors), "
            f"{result['memory']['mb_per_1000']:.1f} MB per 1,000"
        )

        savers = Savers(site, groups, config["save_interval"])
        quiet_gc()
        await server_pauses(server)  # from now on
        sampler.phase = "load"
        services_start = await asyncio.to_thread(server.service_usage)
        each_start = [cpu_of(pid)[0] for pid in server.pids]
        nginx_start = cpu_of(server.nginx_pid)[0] if server.nginx_pid else None
        cpu_start, _ = cpu_of(server.pids)
        load_started = monotonic()
        spy = None
        if config["profile"]:
            spy = asyncio.get_running_loop().create_task(
                profile(server.process.pid, min(10, config["seconds"]), "load")
            )
        load_seconds = await savers.run(config["seconds"])
        load_ended = monotonic()
        cpu_end, _ = cpu_of(server.pids)
        each_end = [cpu_of(pid)[0] for pid in server.pids]
        nginx_end = cpu_of(server.nginx_pid)[0] if server.nginx_pid else None
        services_end = await asyncio.to_thread(server.service_usage)
        server_gc = await server_pauses(server)
        gc.enable()
        print(
            f"  load: {savers.saved} saves in {load_ended - load_started:.1f} s "
            f"({savers.saved / (load_ended - load_started):.1f}/s of "
            f"{len(groups) / config['save_interval']:.0f}/s offered), "
            f"{savers.conflicts} conflicts, {len(savers.errors)} errors"
        )
        sampler.phase = "settle"
        await asyncio.sleep(SETTLE_SECONDS)
        if spy is not None:
            result["profile_load"] = await spy
        finals = (await asyncio.to_thread(server.setup, "final", str(meeting["item"])))["cards"]
        finals = {int(card): version for card, version in finals.items()}
        sampler.phase = "wall page"
        result["wall_page"] = await wall_page(site, connected[0])
        sampler.phase = "fan-out"
        print("  samtale fan-out (hub only, 256-byte messages):")
        result["fanout"] = await fanout(
            site,
            connected,
            server.pids,
            meeting["meeting"],
            config["fanout_seconds"],
            server.process_urls if len(server.pids) > 1 else (),
        )
        gc.enable()
        sampler.phase = "done"
        sampler.sample()
    finally:
        sampler.stop()
        await site.disconnect_all(people)
        await site.close()

    series = sampler.series()
    load_rows = _phase_rows(series, "load")
    offered = len(groups) / config["save_interval"]
    analysis = analyse(site, connected, savers.sent, finals, (load_started, load_ended))
    server_cpu_s = cpu_end - cpu_start
    deliveries = analysis["frames_per_s"] * (load_ended - load_started)
    rss_load = [row["server_rss_mb"] for row in load_rows]
    result["load"] = {
        "seconds": load_seconds,
        "groups_saving": len(groups),
        "offered_saves_per_s": offered,
        "saves_per_s": savers.saved / (load_ended - load_started),
        "saves": savers.saved,
        "conflicts": savers.conflicts,
        "missed_slots": savers.missed_slots,
        "http_errors": len(savers.errors),
        "http_error_examples": savers.errors[:5],
        "save_response": percentiles_ms(savers.response_times),
        "server_cpu_percent": server_cpu_s / (load_ended - load_started) * 100,
        "server_cpu_us_per_frame": server_cpu_s / deliveries * 1e6 if deliveries else None,
        "client_cpu_percent": statistics.mean(r["client_cpu_percent"] for r in load_rows)
        if load_rows
        else None,
        "server_gc_pauses": server_gc,
        "rss_min_mb": min(rss_load, default=None),
        "rss_max_mb": max(rss_load, default=None),
        **analysis,
    }
    load_wall = load_ended - load_started
    if len(server.pids) > 1:
        result["load"]["process_cpu_percent"] = [
            (end - start) / load_wall * 100 for start, end in zip(each_start, each_end, strict=True)
        ]
    if nginx_start is not None:
        result["load"]["nginx_cpu_percent"] = (nginx_end - nginx_start) / load_wall * 100
    for name, start in services_start.items():  # postgres_cpu_s → postgres_cpu_percent
        change = (services_end[name] - start) / load_wall
        if name.endswith("_cpu_s"):
            result["load"][name.removesuffix("_s") + "_percent"] = change * 100
        elif name == "postgres_sessions":
            result["load"][name] = services_end[name]
        else:
            result["load"][f"{name}_per_s"] = change
    result["errors"] = {
        "http": len(savers.errors) + result["joins"]["errors"],
        "socket_open": result["sockets"]["errors"],
        "socket_closes": sum(p.closes for p in connected),
        "resyncs": sum(p.resyncs for p in connected),
        "reconnect_failures": sum(p.reconnect_failures for p in connected),
    }
    result["series"] = series
    return result


async def measure(config: dict) -> dict:
    server = Server(processes=config["processes"])
    await asyncio.to_thread(server.prepare)
    try:
        await asyncio.to_thread(server.start)
        samtale = await measure_samtale(server, config)
    finally:
        await asyncio.to_thread(server.stop)
        await asyncio.to_thread(server.drop)
    print("  raw websockets broadcast:")
    raw = await raw_broadcast.measure(
        python=sys.executable,
        port=free_port(),
        cwd=str(ROOT),
        clients=config["clients"],
        budget_seconds=config["raw_seconds"],
        cpu_of=cpu_of,
    )
    return {"samtale": samtale, "raw": raw}


# --- Report -------------------------------------------------------------------------------


def _fmt(value, digits=0) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def _ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def rows(results: dict) -> list[dict]:
    s, raw = results["samtale"], results["raw"]
    load, best = s["load"], raw["best"] or {}
    joins = s["joins"]
    clients = results["config"]["clients"]
    join_limit = TARGETS["join_seconds_per_2000"] * clients / 2000
    lat = load["latency"]
    offered = load["offered_saves_per_s"]
    hub = (s.get("fanout") or {}).get("best") or {}
    fanout = _ratio(hub.get("deliveries_per_s"), best.get("deliveries_per_s"))
    cpu_ratio = _ratio(hub.get("cpu_us_per_delivery"), best.get("cpu_us_per_delivery"))
    errors = s["errors"]
    error_total = (
        errors["http"] + errors["socket_open"] + errors["socket_closes"] + errors["resyncs"]
    )
    rss_drift = load["rss_max_mb"] - load["rss_min_mb"] if load["rss_max_mb"] is not None else None

    def row(metric, samtale, raw_value=None, ratio=None, target="", met=None, digits=0):
        return {
            "metric": metric,
            "samtale": samtale,
            "raw": raw_value,
            "ratio": ratio,
            "target": target,
            "met": None if met is None else bool(met),
            "digits": digits,
        }

    return [
        row("save-to-screen p50 (ms)", lat["p50_ms"]),
        row(
            "save-to-screen p95 (ms)",
            lat["p95_ms"],
            target=f"≤ {TARGETS['p95_ms']}",
            met=lat["p95_ms"] is not None and lat["p95_ms"] <= TARGETS["p95_ms"],
        ),
        row(
            "save-to-screen p99 (ms)",
            lat["p99_ms"],
            target=f"≤ {TARGETS['p99_ms']}",
            met=lat["p99_ms"] is not None and lat["p99_ms"] <= TARGETS["p99_ms"],
        ),
        row(
            "saves/s sustained",
            load["saves_per_s"],
            target=f"≥ {offered * 0.98:.0f} (offered {offered:.0f})",
            met=load["saves_per_s"] >= load["offered_saves_per_s"] * 0.98,
            digits=1,
        ),
        row(
            "updates lost (clients × cards)",
            load["updates_lost"],
            target="0",
            met=load["updates_lost"] == 0,
        ),
        row(
            "fan-out: 256-byte messages/s delivered",
            hub.get("deliveries_per_s"),
            best.get("deliveries_per_s"),
            fanout,
            target=f"≥ {TARGETS['fanout_ratio']:.0%} of raw",
            met=fanout is not None and fanout >= TARGETS["fanout_ratio"],
        ),
        row(
            "fan-out: socket frames/s at that rate",
            hub.get("frames_per_s"),
            best.get("deliveries_per_s"),
            _ratio(hub.get("frames_per_s"), best.get("deliveries_per_s")),
        ),
        row(
            "fan-out: p95 at that rate (ms)", hub.get("latency_p95_ms"), best.get("latency_p95_ms")
        ),
        row(
            "fan-out: server CPU µs per message",
            hub.get("cpu_us_per_delivery"),
            best.get("cpu_us_per_delivery"),
            cpu_ratio,
            digits=1,
        ),
        row(
            "fan-out: server CPU µs per socket frame",
            hub["server_cpu_s"] / hub["frames"] * 1e6 if hub.get("frames") else None,
            best.get("cpu_us_per_delivery"),
            _ratio(
                hub["server_cpu_s"] / hub["frames"] * 1e6 if hub.get("frames") else None,
                best.get("cpu_us_per_delivery"),
            ),
            digits=1,
        ),
        row("save load: socket frames/s", load["frames_per_s"]),
        row("save load: card updates delivered/s", load["card_updates_per_s"]),
        row("save load: server CPU % (of 200)", load["server_cpu_percent"]),
        row("save load: bench client CPU % (of 200)", load["client_cpu_percent"]),
        *(
            row(f"save load: samtale process {number} CPU %", percent)
            for number, percent in enumerate(load.get("process_cpu_percent", []), start=1)
        ),
        *(
            row(f"save load: {name} CPU %", load[key])
            for name, key in (
                ("nginx", "nginx_cpu_percent"),
                ("PostgreSQL (its sessions)", "postgres_cpu_percent"),
                ("Redis (the whole server)", "redis_cpu_percent"),
            )
            if key in load
        ),
        row(
            "save load: longest server GC pause (ms)",
            max(g["longest_ms"] for g in load["server_gc_pauses"].values()),
        ),
        row(
            "MB per 1,000 connections",
            s["memory"]["mb_per_1000"],
            raw["mb_per_1000"],
            _ratio(s["memory"]["mb_per_1000"], raw["mb_per_1000"]),
            target=f"≤ {TARGETS['mb_per_1000']}",
            met=s["memory"]["mb_per_1000"] <= TARGETS["mb_per_1000"],
            digits=1,
        ),
        row(
            "RSS change during load (MB)",
            rss_drift,
            target="flat",
            digits=1,
        ),
        row(
            f"{clients} joins (s)",
            joins["seconds"],
            target=f"≤ {join_limit:.0f}",
            met=joins["seconds"] <= join_limit and joins["errors"] == 0,
            digits=1,
        ),
        row("joins/s", joins["joins_per_s"], digits=1),
        row(
            "join page response p95 (ms)",
            joins["pages"]["p95_ms"],
            target=f"≤ {TARGETS['join_p95_ms']}",
            met=joins["pages"]["p95_ms"] is not None
            and joins["pages"]["p95_ms"] <= TARGETS["join_p95_ms"],
        ),
        row("join page response p50 (ms)", joins["pages"]["p50_ms"]),
        row(
            f"wall page, {s['wall_page']['cards_on_page']} cards, median (ms)",
            s["wall_page"]["median_ms"],
            target=f"≤ {TARGETS['wall_page_ms']}",
            met=s["wall_page"]["median_ms"] <= TARGETS["wall_page_ms"],
        ),
        row(
            "wall page p95 (ms)",
            s["wall_page"]["p95_ms"],
            target=f"≤ {TARGETS['wall_page_ms']}",
            met=s["wall_page"]["p95_ms"] <= TARGETS["wall_page_ms"],
        ),
        row("save response p95 (ms)", load["save_response"]["p95_ms"]),
        row(
            "errors (HTTP, socket, closes, resyncs)",
            error_total,
            raw["connect_errors"] + raw["socket_closes"],
            target="0",
            met=error_total == 0,
        ),
    ]


def table(results: dict) -> str:
    lines = []
    header = ("metric", "samtale", "raw", "ratio", "target", "met?")
    body = []
    for r in rows(results):
        body.append(
            (
                r["metric"],
                _fmt(r["samtale"], r["digits"]),
                _fmt(r["raw"], r["digits"]),
                _fmt(r["ratio"], 2),
                r["target"],
                "" if r["met"] is None else ("yes" if r["met"] else "NO"),
            )
        )
    widths = [max(len(str(x[i])) for x in [header, *body]) for i in range(len(header))]
    for index, line in enumerate([header, *body]):
        cells = [
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
            for i, cell in enumerate(line)
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    config = results["config"]
    s = results["samtale"]
    load = s["load"]
    lines.append("")
    lines.append(
        f"{config['clients']} clients, {load['groups_saving']} groups saving every "
        f"{config['save_interval']:g} s for {config['seconds']:g} s; "
        f"{s['shape']['database']}, {s['shape']['hub']} hub, "
        f"{s['shape'].get('processes', 1)} process(es). Fan-out rows: the best sustained "
        f"stage (all delivered, p95 ≤ 250 ms) of the same rate ramp, through samtale's hub "
        f"and through a raw websockets server; peaks "
        f"{s['fanout']['peak_deliveries_per_s']:,.0f}/s and "
        f"{results['raw']['peak_deliveries_per_s']:,.0f}/s."
    )
    lines.append(
        f"card.state frames: {_fmt(load['wall_card_frame_bytes_mean'])} bytes, "
        f"{_fmt(load['wall_card_events_per_frame'], 1)} card updates each (coalesced per tick); "
        f"latency pairs {load['latency']['count']:,} of {load['latency_pairs_expected']:,} "
        f"(save, client)."
    )
    return "\n".join(lines)


def run() -> dict:
    config = {
        "clients": int(env_number("BENCH_CLIENTS", 2000)),
        "seconds": env_number("BENCH_SECONDS", 30),
        "save_interval": env_number("BENCH_SAVE_INTERVAL", 2),
        "join_rate": env_number("BENCH_JOIN_RATE", 2000 / 60),
        "join_concurrency": int(env_number("BENCH_JOIN_CONCURRENCY", 50)),
        "raw_seconds": env_number("BENCH_RAW_SECONDS", 24),
        "fanout_seconds": env_number("BENCH_FANOUT_SECONDS", 24),
        "profile": env_number("BENCH_PROFILE", 0) > 0,
        "processes": int(env_number("BENCH_PROCESSES", 1)),
    }
    config["open_files"] = raise_open_files()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = _run_loop(measure(config))
    results["config"] = config
    results["seconds"] = time.monotonic() - started
    results["table"] = rows(results)
    print()
    print(table(results))
    (OUTPUT_DIR / "live.json").write_text(
        json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"\n(live benchmark took {results['seconds']:.0f} s; var/bench/live.json)")
    return results


def _run_loop(coroutine):
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


if __name__ == "__main__":
    run()
