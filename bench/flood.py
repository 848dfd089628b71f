"""The flood benchmark of issue 13: `python -m bench flood` (part of `make bench`).

samtale runs as in bench/live.py (uvicorn, one process, the same server environment).
N participants join and are formed into groups of 10, and the first member of every
group saves the group's card every S seconds over its live socket, as the card editor
does. Calm phases take turns with flooded ones in the same run: in those, one more
participant's socket sends card saves as fast as its connection takes them, from a
process of its own (on an old version of its own group's card, so that each one is read
and refused by the domain, as a stuck or hostile page would cause). In each phase a few
more participants open their socket, as late joiners do; and in the flooded phases
another member of the flooder's group adds large pictures (20 megapixels) over HTTP and
takes them off again, one after the other, as fast as the server answers. Prints the savers'
answer times calm and flooded and their ratio, what the flooder and the uploader got back,
the late sockets' time to their snapshot, and how many saves answered 200 are missing from
the database afterwards (lost saves: 0); writes var/bench/flood.json.

`make soak` runs it longer (BENCH_FLOOD_ROUNDS=10, BENCH_FLOOD_SECONDS=30).

Environment (defaults in brackets):
    BENCH_FLOOD_CLIENTS [200]       participants saving and watching
    BENCH_FLOOD_SECONDS [8]         length of each phase
    BENCH_FLOOD_ROUNDS [3]          calm and flooded phases, taking turns
    BENCH_FLOOD_SAVE_INTERVAL [1]   seconds between two saves of one group
"""

from __future__ import annotations

import asyncio
import collections
import io
import json
import os
import re
import socket as sock
import sys
import time

import aiohttp

from bench.live import (
    OUTPUT_DIR,
    ROOT,
    SETTLE_SECONDS,
    Savers,
    Server,
    _run_loop,
    env_number,
    joins,
    open_sockets,
)
from bench.loadclients import (
    REPLY_START,
    Participant,
    Site,
    Socket,
    monotonic,
    percentiles_ms,
    raise_open_files,
)

TARGET_P95_MS = 250
LATE_SOCKETS = 2  # per phase
# The flooder keeps at most this much unsent in its connection, so it sends exactly as
# fast as the server reads, as a client on a fast network would.
FLOOD_BUFFER_BYTES = 64 * 1024
FLOOD_BATCH = 100
FLOOD_FRAMES = 1000  # distinct requests, sent over and over
# The uploader's picture: a system camera's photo, near the 24 megapixels a card may take.
UPLOAD_SIZE = (5000, 4000)
REMOVE_ACTION = re.compile(r'action="(/wall/[^"]+/card/images/\d+/remove/)"')


def masked_text_frame(payload: bytes) -> bytes:
    """A client's text frame, masked as a client's must be."""
    mask = os.urandom(4)
    size = len(payload)
    key = int.from_bytes((mask * (size // 4 + 1))[:size], "big")
    masked = (int.from_bytes(payload, "big") ^ key).to_bytes(size, "big")
    head = bytes([0x81, 0x80 | size]) if size < 126 else bytes([0x81, 0xFE, size >> 8, size & 255])
    return head + mask + masked


async def flood(port: int, path: str, cookie: str, card: int, seconds: float) -> dict:
    """Card saves on an old version, as fast as the socket takes them, for `seconds`.

    Runs in a process of its own (`python -m bench.flood --flooder …`), as a flooding page
    runs on a machine of its own: its sending does not slow the measuring client down.
    """
    statuses: collections.Counter[int] = collections.Counter()
    snapshot = asyncio.get_running_loop().create_future()

    def on_message(payload: bytes) -> None:
        if payload.startswith(REPLY_START):
            statuses[json.loads(payload)["data"]["status"]] += 1
        elif not snapshot.done():
            snapshot.set_result(None)

    headers = {"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"}
    socket = await Socket.connect(port, path, headers, on_message, lambda: None)
    # A small send buffer, so that once the server reads no more the flooder waits, as one
    # on another machine would, instead of filling megabytes of loopback buffers with this
    # machine's two cores.
    raw = socket.transport.get_extra_info("socket")
    raw.setsockopt(sock.SOL_SOCKET, sock.SO_SNDBUF, FLOOD_BUFFER_BYTES)
    await asyncio.wait_for(snapshot, 20)
    # Encoded and masked once: the flooder spends its time sending, not building frames.
    frames = []
    for number in range(FLOOD_FRAMES):
        fields = {"card": card, "base_version": 0, "heading": "Flom", "body": f"Nr. {number}"}
        message = {"type": "card.save", "id": number, "data": fields}
        frames.append(masked_text_frame(json.dumps(message).encode()))
    print("flooding", flush=True)
    sent = 0
    started = monotonic()
    while monotonic() - started < seconds and not socket.closed:
        if socket.transport.get_write_buffer_size() > FLOOD_BUFFER_BYTES:
            await asyncio.sleep(0.001)
            continue
        for _ in range(FLOOD_BATCH):
            socket.transport.write(frames[sent % FLOOD_FRAMES])
            sent += 1
        await asyncio.sleep(0)
    took = monotonic() - started
    await asyncio.sleep(2)  # the last answers
    answered = sum(statuses.values())
    result = {
        "sent": sent,
        "seconds": took,
        "answered": answered,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "refused_share": statuses[429] / answered if answered else None,
        "unanswered": sent - answered,
        "socket_open": not socket.closed,
    }
    socket.close()
    return result


async def start_flood(site: Site, flooder: Participant, card: int, seconds: float):
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.flood",
        "--flooder",
        json.dumps([site.port, site.ws_path, flooder.cookie_header, card, seconds]),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    if line.strip() != b"flooding":
        raise RuntimeError(f"the flooder did not start: {line!r}")
    return process


async def flood_result(process) -> dict:
    out, _ = await process.communicate()
    return json.loads(out.decode().strip().splitlines()[-1])


async def late_sockets(site: Site, people: list[Participant], seconds: float) -> dict:
    """Open one socket after another, spread over the phase: connect-to-snapshot times."""
    times, failures = [], []
    for person in people:
        await asyncio.sleep(seconds / (len(people) + 1))
        try:
            times.append(await site.connect(person, timeout=10))
        except Exception as error:  # no snapshot within 10 s counts as a failure
            failures.append(f"{type(error).__name__}: {error}")
    return {"times": times, "failures": failures}


def large_picture() -> bytes:
    from PIL import Image

    picture = Image.radial_gradient("L").resize(UPLOAD_SIZE).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


async def upload_pictures(site: Site, uploader: Participant, seconds: float) -> dict:
    """Add the large picture to the card and take it off again, over and over, waiting only
    for each answer (and for Retry-After when told to wait), as the card editor's page does."""
    picture = await asyncio.to_thread(large_picture)
    token = uploader.cookies["csrftoken"]
    statuses: collections.Counter = collections.Counter()
    times: list[float] = []
    removed = 0
    end = monotonic() + seconds
    while monotonic() < end:
        form = aiohttp.FormData()
        form.add_field("csrfmiddlewaretoken", token)
        form.add_field("alt", "Tavla etter runden")
        form.add_field("image", picture, filename="tavle.jpg", content_type="image/jpeg")
        started = monotonic()
        async with site.http.post(
            f"{site.base}/wall/{site.code}/card/images/",
            data=form,
            headers=site.headers(uploader),
            allow_redirects=False,
        ) as response:
            await response.read()
            statuses[response.status] += 1
            wait = float(response.headers.get("Retry-After", 0))
        times.append(monotonic() - started)
        if wait:
            await asyncio.sleep(min(wait, max(0.0, end - monotonic())))
            continue
        async with site.http.get(
            f"{site.base}/groups/{site.code}/", headers=site.headers(uploader)
        ) as response:
            page = await response.text()
        for path in REMOVE_ACTION.findall(page):
            async with site.http.post(
                site.base + path,
                data={"csrfmiddlewaretoken": token},
                headers=site.headers(uploader),
                allow_redirects=False,
            ) as response:
                await response.read()
                removed += 1
    return {"statuses": dict(statuses), "times": times, "removed": removed}


async def phase(
    site,
    savers: Savers,
    seconds: float,
    late: list[Participant],
    flooding=None,
    uploader: Participant | None = None,
):
    flooder = None
    if flooding is not None:
        flooder = await start_flood(site, *flooding, seconds + 1)
        await asyncio.sleep(0.5)  # under way before the first save is timed
    loop = asyncio.get_running_loop()
    connects = loop.create_task(late_sockets(site, late, seconds))
    uploads = loop.create_task(upload_pictures(site, uploader, seconds)) if uploader else None
    await savers.run(seconds)
    return {
        "savers": savers,
        "late": await connects,
        "flood": await flood_result(flooder) if flooder is not None else None,
        "uploads": await uploads if uploads is not None else None,
    }


def summary(phases: list[dict]) -> dict:
    """The phases of one kind (calm, or flooded) of every round, pooled."""
    savers = [p["savers"] for p in phases]
    late_times = [t for p in phases for t in p["late"]["times"]]
    late_failures = [f for p in phases for f in p["late"]["failures"]]
    errors = [e for s in savers for e in s.errors]
    result = {
        "phases": len(phases),
        "saves": sum(s.saved for s in savers),
        "conflicts": sum(s.conflicts for s in savers),
        "errors": len(errors),
        "error_examples": errors[:5],
        "missed_slots": sum(s.missed_slots for s in savers),
        "save_response": percentiles_ms([t for s in savers for t in s.response_times]),
        "late_socket_snapshot": {
            **percentiles_ms(late_times),
            "failures": len(late_failures),
            "failure_examples": late_failures[:3],
        },
    }
    uploads = [p["uploads"] for p in phases if p["uploads"] is not None]
    if uploads:
        statuses = collections.Counter()
        for done in uploads:
            statuses.update({int(k): v for k, v in done["statuses"].items()})
        result["uploads"] = {
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "answer": percentiles_ms([t for done in uploads for t in done["times"]]),
            "removed": sum(done["removed"] for done in uploads),
        }
    floods = [p["flood"] for p in phases if p["flood"] is not None]
    if floods:
        statuses = collections.Counter()
        for flood_stats in floods:
            statuses.update({int(k): v for k, v in flood_stats["statuses"].items()})
        sent = sum(f["sent"] for f in floods)
        result["flood"] = {
            "sent": sent,
            "sent_per_s": sent / sum(f["seconds"] for f in floods),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "unanswered": sum(f["unanswered"] for f in floods),
            "socket_open": all(f["socket_open"] for f in floods),
        }
    return result


async def measure(config: dict) -> dict:
    server = Server()
    await asyncio.to_thread(server.prepare)
    try:
        await asyncio.to_thread(server.start)
        return await measure_samtale(server, config)
    finally:
        await asyncio.to_thread(server.stop)
        await asyncio.to_thread(server.drop)


async def measure_samtale(server: Server, config: dict) -> dict:
    meeting = await asyncio.to_thread(server.setup, "meeting")
    print(f"  meeting {meeting['code']} ({server.shape['database']}, {server.shape['hub']} hub)")
    site = Site(server.port, meeting["code"], meeting["item"])
    late_count = 2 * config["rounds"] * LATE_SOCKETS
    count = config["clients"] + 1 + late_count
    people = [Participant(index=i, join_key=f"flood-{i:05d}") for i in range(count)]
    try:
        joined = await joins(site, people, rate=50, concurrency=20)
        if joined["errors"]:
            raise RuntimeError(f"joins failed: {joined['error_examples']}")
        formed = await asyncio.to_thread(server.setup, "groups", str(meeting["item"]))
        by_key = {p.join_key: p for p in people}
        groups = [(g["card"], [by_key[key] for key in g["members"]]) for g in formed["groups"]]
        # The flooder is a member of the last group, who does not save; the late sockets
        # are members of other groups who have not opened theirs yet.
        flood_card, flood_group = groups[-1]
        flooder, uploader = flood_group[1], flood_group[2]
        saving = [(card, members[0]) for card, members in groups[:-1]]
        others = [
            m for _card, members in groups for m in members[1:] if m not in (flooder, uploader)
        ]
        late, watching = others[:late_count], others[late_count:]
        sockets = await open_sockets(site, [m for _c, m in saving] + watching)
        if sockets["errors"]:
            raise RuntimeError(f"sockets failed: {sockets['error_examples']}")
        await asyncio.sleep(SETTLE_SECONDS)
        print(
            f"  {len(saving)} groups saving every {config['save_interval']:g} s, "
            f"{sockets['opened']} sockets"
        )

        # Calm and flooded phases take turns, so that what else this machine does
        # weighs on both alike.
        phases = {"calm": [], "flooded": []}
        versions: dict[int, int] = {}
        for number in range(config["rounds"]):
            for kind in phases:
                savers = Savers(site, saving, config["save_interval"])
                savers.version.update(versions)
                first = (2 * number + (kind == "flooded")) * LATE_SOCKETS
                flooding = (flooder, flood_card) if kind == "flooded" else None
                done = await phase(
                    site,
                    savers,
                    config["seconds"],
                    late[first : first + LATE_SOCKETS],
                    flooding,
                    uploader if kind == "flooded" else None,
                )
                versions = savers.version
                phases[kind].append(done)
                times = percentiles_ms(savers.response_times)
                print(f"  round {number + 1}, {kind}: save p95 {times['p95_ms'] or 0:.0f} ms")
        result = {"shape": server.shape}
        result.update({kind: summary(done) for kind, done in phases.items()})
        # Every save answered 200 must be in the database: none lost under the flood.
        answered = {
            pair for done in phases.values() for one in done for pair in one["savers"].acknowledged
        }
        stored = await asyncio.to_thread(server.setup, "versions", str(meeting["item"]))
        lost = answered - {tuple(pair) for pair in stored["versions"]}
        result["saves_answered_200"] = len(answered)
        result["lost_saves"] = len(lost)
        f = result["flooded"]["flood"]
        print(f"  the flooder sent {f['sent']:,}; answers {f['statuses']}")
        u = result["flooded"].get("uploads", {})
        print(f"  the uploader's answers {u.get('statuses')}; lost saves: {len(lost)}")
    finally:
        await site.disconnect_all(people)
        await site.close()
    return result


def _fmt(value, digits=0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    calm, flooded = results["calm"], results["flooded"]
    flood_stats = flooded["flood"]

    def ratio(a, b):
        return a / b if a is not None and b else None

    out = []
    for name, key in (("p50", "p50_ms"), ("p95", "p95_ms"), ("p99", "p99_ms")):
        a, b = calm["save_response"][key], flooded["save_response"][key]
        target = f"≤ {TARGET_P95_MS}" if key == "p95_ms" else ""
        out.append(
            (f"another person's save {name} (ms)", _fmt(a), _fmt(b), _fmt(ratio(b, a), 2), target)
        )
    a, b = calm["late_socket_snapshot"]["max_ms"], flooded["late_socket_snapshot"]["max_ms"]
    out.append(
        ("late socket, connect to snapshot, max (ms)", _fmt(a), _fmt(b), _fmt(ratio(b, a), 2), "")
    )
    out.append(
        (
            "saves answered",
            _fmt(calm["saves"] + calm["conflicts"]),
            _fmt(flooded["saves"] + flooded["conflicts"]),
            "",
            "",
        )
    )
    out.append(
        ("save errors or no answer in 60 s", _fmt(calm["errors"]), _fmt(flooded["errors"]), "", "0")
    )
    out.append(
        (
            "saves not made: the group's last one unanswered",
            _fmt(calm["missed_slots"]),
            _fmt(flooded["missed_slots"]),
            "",
            "0",
        )
    )
    out.append(
        (
            "late sockets without a snapshot in 10 s",
            _fmt(calm["late_socket_snapshot"]["failures"]),
            _fmt(flooded["late_socket_snapshot"]["failures"]),
            "",
            "0",
        )
    )
    out.append(("flood: requests sent", "", _fmt(flood_stats["sent"]), "", ""))
    out.append(("flood: requests sent/s", "", _fmt(flood_stats["sent_per_s"]), "", ""))
    for status, number in flood_stats["statuses"].items():
        out.append((f"flood: answered {status}", "", _fmt(number), "", ""))
    # Past its pace a socket is not read: most of these waited in the network, unread.
    out.append(("flood: unanswered at the end", "", _fmt(flood_stats["unanswered"]), "", ""))
    out.append(("flood: socket still open", "", str(flood_stats["socket_open"]), "", "True"))
    uploads = flooded.get("uploads")
    if uploads:
        for status, number in uploads["statuses"].items():
            out.append((f"uploads of 20 MP: answered {status}", "", _fmt(number), "", ""))
        out.append(("upload answer p95 (ms)", "", _fmt(uploads["answer"]["p95_ms"]), "", ""))
    out.append(
        (
            "saves answered 200 and not stored (lost)",
            "",
            f"{_fmt(results['lost_saves'])} of {_fmt(results['saves_answered_200'])}",
            "",
            "0",
        )
    )
    return out


def table(results: dict) -> str:
    header = ("metric", "calm", "flooded", "ratio", "target")
    body = rows(results)
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for index, line in enumerate([header, *body]):
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    config = results["config"]
    lines.append("")
    lines.append(
        f"{config['clients']} participants, one save per group every "
        f"{config['save_interval']:g} s, {config['rounds']} rounds of a calm and a flooded "
        f"phase of {config['seconds']:g} s; "
        f"{results['shape']['database']}, {results['shape']['hub']} hub."
    )
    return "\n".join(lines)


def run() -> dict:
    config = {
        "clients": int(env_number("BENCH_FLOOD_CLIENTS", 200)),
        "seconds": env_number("BENCH_FLOOD_SECONDS", 8),
        "rounds": int(env_number("BENCH_FLOOD_ROUNDS", 3)),
        "save_interval": env_number("BENCH_FLOOD_SAVE_INTERVAL", 1),
    }
    config["open_files"] = raise_open_files()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = _run_loop(measure(config))
    results["config"] = config
    results["seconds"] = time.monotonic() - started
    print()
    print(table(results))
    (OUTPUT_DIR / "flood.json").write_text(
        json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"\n(flood benchmark took {results['seconds']:.0f} s; var/bench/flood.json)")
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--flooder"]:
        print(json.dumps(_run_loop(flood(*json.loads(sys.argv[2])))))
    else:
        run()
