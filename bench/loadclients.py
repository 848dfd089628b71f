"""Simulated participants for the live benchmark: one asyncio process, cheap per frame.

Every client keeps only two arrays while the load runs: which frame it received and when.
The same frame reaches every client, so it is parsed once (`Frames`) and the clients share
the result; latencies and lost updates are worked out after the load, when the measuring
no longer competes with the server for the two cores.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import resource
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

monotonic = time.monotonic  # CLOCK_MONOTONIC: the same clock in every process on Linux

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WALL_CARD = re.compile(r'id="card-(\d+)" data-card="\d+" data-version="(\d+)"')
PREFIX = 200  # frames are told apart by their start; the full text confirms a match
REPLY_START = b'{"type": "live.reply"'


def raise_open_files() -> int:
    """Raise this process's limit of open files to the hard limit; return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- Numbers ------------------------------------------------------------------------------


class Histogram:
    """Latencies in 0.1 ms buckets up to 60 s: constant memory, exact enough for p99."""

    RESOLUTION = 0.0001

    def __init__(self, limit_seconds: float = 60) -> None:
        self.SIZE = int(limit_seconds / self.RESOLUTION)
        self.buckets = [0] * self.SIZE
        self.count = 0
        self.total = 0.0
        self.maximum = 0.0
        self.negative = 0

    def add(self, seconds: float) -> None:
        if seconds < 0:
            self.negative += 1
            seconds = 0.0
        index = int(seconds / self.RESOLUTION)
        self.buckets[index if index < self.SIZE else self.SIZE - 1] += 1
        self.count += 1
        self.total += seconds
        if seconds > self.maximum:
            self.maximum = seconds

    def percentile(self, p: float) -> float | None:
        """The p-th percentile in milliseconds (upper edge of its bucket)."""
        if not self.count:
            return None
        rank = max(1, int(round(p / 100 * self.count)))
        seen = 0
        for index, n in enumerate(self.buckets):
            seen += n
            if seen >= rank:
                return (index + 1) * self.RESOLUTION * 1000
        return self.maximum * 1000

    def summary(self) -> dict:
        return {
            "count": self.count,
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "p99_ms": self.percentile(99),
            "mean_ms": self.total / self.count * 1000 if self.count else None,
            "max_ms": self.maximum * 1000,
        }


def percentiles_ms(values: list[float]) -> dict:
    """p50/p95/p99/max in ms of a list of durations in seconds."""
    if not values:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]

    return {
        "count": len(ordered),
        "p50_ms": at(50) * 1000,
        "p95_ms": at(95) * 1000,
        "p99_ms": at(99) * 1000,
        "max_ms": ordered[-1] * 1000,
    }


# --- Frames -------------------------------------------------------------------------------


@dataclass
class Frame:
    id: int
    text: bytes
    cards: tuple[tuple[int, int], ...]  # (card id, version) of its card.state events
    events: int
    resync: bool
    snapshot: bool
    bench: tuple[tuple[int, float], ...] = ()  # (stage, sent at) of bench.message events
    card_html: tuple[str, ...] = ()  # the rendered card of each of `cards`, in order
    edits: tuple[tuple[int, str], ...] = ()  # (card id, Yjs update) of its card.edit events
    # (type, version or None, the payload's keys) of every event: what a page's regions
    # react to (bench/meeting.py's Regions)
    types: tuple[tuple[str, int | None, frozenset], ...] = ()
    size: int = 0  # bytes of the frame as written
    # Of `cards`, how many are a light wall's card.summary (their card_html is None)
    summaries: int = 0


class Frames:
    """Every distinct frame seen, parsed once; clients keep only its id."""

    def __init__(self) -> None:
        self.by_prefix: dict[bytes, list[Frame]] = {}
        self.all: list[Frame] = []

    def lookup(self, text: bytes) -> Frame:
        key = text[:PREFIX]
        known = self.by_prefix.get(key)
        if known is not None:
            for frame in known:
                if frame.text == text:
                    return frame
            if len(known) > 8:  # many different frames start alike: parse, don't keep text
                return self._parse(text, keep=False)
        frame = self._parse(text, keep=True)
        self.by_prefix.setdefault(key, []).append(frame)
        return frame

    def synthetic(self, cards: list[tuple[int, int]]) -> Frame:
        """The cards a client learned from the wall page after a resync."""
        frame = Frame(len(self.all), b"", tuple(cards), 0, False, False)
        self.all.append(frame)
        return frame

    def _parse(self, text: bytes, keep: bool) -> Frame:
        message = json.loads(text)
        events = message["data"] if message.get("type") == "live.batch" else [message]
        states = [
            event["data"]
            for event in events
            if event.get("type") == "card.state" and not event["data"].get("moderator")
        ]
        # A light wall's summaries show a card's heading and version, not its words.
        summaries = [event["data"] for event in events if event.get("type") == "card.summary"]
        cards = tuple((state["id"], state["version"]) for state in states + summaries)
        frame = Frame(
            id=len(self.all),
            text=text if keep else b"",
            cards=cards,
            events=len(events),
            resync=any(event.get("type") == "live.reconnect" for event in events),
            snapshot=any(event.get("type") == "programme.state" for event in events),
            bench=tuple(
                (event["data"]["stage"], event["data"]["t"])
                for event in events
                if event.get("type") == "bench.message"
            ),
            card_html=tuple(state.get("html", "") for state in states) + (None,) * len(summaries),
            size=len(text),
            summaries=len(summaries),
            edits=tuple(
                (event["data"]["id"], event["data"]["update"])
                for event in events
                if event.get("type") == "card.edit"
            ),
            types=tuple(_event_type(event) for event in events),
        )
        self.all.append(frame)
        return frame


def _event_type(event: dict) -> tuple[str, int | None, frozenset]:
    data = event.get("data")
    if not isinstance(data, dict):
        return event.get("type", ""), None, frozenset()
    version = data.get("version")
    return event.get("type", ""), version if isinstance(version, int) else None, frozenset(data)


# --- A lean WebSocket client --------------------------------------------------------------


class Socket(asyncio.Protocol):
    """A client WebSocket as a plain protocol: no task and no future per message.

    Thousands of these share one process with the measuring, so each message costs a
    callback and a slice: frames are parsed straight from the bytes the loop hands over,
    and `on_message(payload: bytes)` is called for every text or binary message. Pings are
    answered; the server's frames are never masked, the client's always are.
    """

    def __init__(self, path: str, host: str, headers: dict[str, str], on_message, on_close):
        self.path, self.host, self.headers = path, host, headers
        self.on_message, self.on_close = on_message, on_close
        self.buffer = bytearray()
        self.fragments: list[bytes] = []
        self.transport: asyncio.Transport | None = None
        self.handshake: asyncio.Future = asyncio.get_running_loop().create_future()
        self.open = False
        self.closed = False

    @classmethod
    async def connect(
        cls, port: int, path: str, headers: dict[str, str], on_message, on_close, timeout=20
    ) -> Socket:
        loop = asyncio.get_running_loop()
        host = f"127.0.0.1:{port}"
        protocol = cls(path, host, headers, on_message, on_close)
        await asyncio.wait_for(loop.create_connection(lambda: protocol, "127.0.0.1", port), timeout)
        try:
            await asyncio.wait_for(asyncio.shield(protocol.handshake), timeout)
        except BaseException:
            protocol.abort()
            raise
        return protocol

    def connection_made(self, transport) -> None:
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: {self.host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in self.headers.items()),
        ]
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.open:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buffer[: buffer.find(b"\r\n")])
            del buffer[: end + 4]
            if not status.startswith(b"HTTP/1.1 101"):
                if not self.handshake.done():
                    self.handshake.set_exception(RuntimeError(status.decode(errors="replace")))
                self.abort()
                return
            self.open = True
            self.handshake.set_result(None)
        position, size = 0, len(buffer)
        while size - position >= 2:
            first, second = buffer[position], buffer[position + 1]
            length, head = second & 0x7F, 2
            if length == 126:
                if size - position < 4:
                    break
                length, head = int.from_bytes(buffer[position + 2 : position + 4], "big"), 4
            elif length == 127:
                if size - position < 10:
                    break
                length, head = int.from_bytes(buffer[position + 2 : position + 10], "big"), 10
            end = position + head + length
            if end > size:
                break
            payload = bytes(buffer[position + head : end])
            position = end
            opcode = first & 0x0F
            if opcode == 1 or opcode == 2:
                if first & 0x80:
                    self.on_message(payload)
                else:
                    self.fragments = [payload]
            elif opcode == 0:
                self.fragments.append(payload)
                if first & 0x80:
                    self.on_message(b"".join(self.fragments))
                    self.fragments = []
            elif opcode == 9:
                self.send_frame(0xA, payload)
            elif opcode == 8:
                self.close()
                break
        if position:
            del buffer[:position]

    def send_frame(self, opcode: int, payload: bytes = b"") -> None:
        if self.transport is None or self.transport.is_closing():
            return
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
        if len(payload) < 126:
            head = bytes([0x80 | opcode, 0x80 | len(payload)])
        else:
            head = bytes([0x80 | opcode, 0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.transport.write(head + mask + masked)

    def close(self) -> None:
        """Send a close frame (1000) and hang up."""
        if not self.closed:
            self.send_frame(0x8, (1000).to_bytes(2, "big"))
        self.abort()

    def abort(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc) -> None:
        was_open = self.open and not self.closed
        self.closed = True
        if not self.handshake.done():
            self.handshake.set_exception(ConnectionError("closed during the handshake"))
            self.handshake.exception()  # told to connect() if it still waits, else dropped
        if was_open:
            self.on_close()


# --- Participants -------------------------------------------------------------------------


@dataclass
class Participant:
    index: int
    join_key: str
    cookies: dict[str, str] = field(default_factory=dict)
    ws: Socket | None = None
    recovering: bool = False
    fids: array = field(default_factory=lambda: array("l"))
    times: array = field(default_factory=lambda: array("d"))
    resyncs: int = 0
    closes: int = 0
    reconnects: int = 0
    reconnect_failures: int = 0
    replies: dict[int, asyncio.Future] = field(default_factory=dict)
    requests: int = 0
    # Told of every frame as it arrives, as a page's scripts are (bench/meeting.py).
    on_frame: Callable[[Frame], None] | None = None
    # The socket URL's query for the audiences the page joins (live.js: data-live-join).
    joins: str = ""
    # The cards a light wall's page says it shows (wall.view), said again after a reconnect.
    viewing: list[int] | None = None

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def take_cookies(self, response: aiohttp.ClientResponse) -> None:
        for name, morsel in response.cookies.items():
            if morsel.value:
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)


class Site:
    """samtale seen from outside: its address, the meeting, and HTTP/WebSocket sessions."""

    def __init__(self, port: int, code: str, item: int, http_limit: int = 64):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.ws_path = f"/ws/meetings/{code}/"
        self.code = code
        self.item = item
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.DummyCookieJar(),
            # Idle connections are dropped before uvicorn's keep-alive (5 s) would close them
            # under a request.
            connector=aiohttp.TCPConnector(limit=http_limit, keepalive_timeout=2),
            timeout=aiohttp.ClientTimeout(total=60),
        )
        self.frames = Frames()
        self.stopping = False
        self.recoveries: set[asyncio.Task] = set()

    async def close(self) -> None:
        await self.http.close()

    def headers(self, participant: Participant, **extra) -> dict:
        return {
            "Cookie": participant.cookie_header,
            "Origin": self.base,
            "Referer": f"{self.base}/m/{self.code}/",
            **extra,
        }

    # --- Joining --------------------------------------------------------------------------

    async def join(self, participant: Participant) -> dict:
        """GET the join page, POST the form, GET the meeting page. Returns the timings."""
        timings = {}
        url = f"{self.base}/m/{self.code}/"
        started = monotonic()
        async with self.http.get(url, headers=self.headers(participant)) as response:
            page = await response.text()
            participant.take_cookies(response)
            if response.status != 200:
                raise RuntimeError(f"join page {response.status}")
        timings["join_page"] = monotonic() - started
        token = CSRF_INPUT.search(page)
        if token is None or "csrftoken" not in participant.cookies:
            raise RuntimeError("no CSRF token on the join page")
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "organisation": f"Benchmark organisasjon {participant.index % 357:03d}",
            "organisation_is_other": "on",
            "name": f"Deltaker {participant.index:05d}",
            "join_key": participant.join_key,
        }
        started = monotonic()
        async with self.http.post(
            f"{url}join/", data=form, headers=self.headers(participant), allow_redirects=False
        ) as response:
            await response.read()
            participant.take_cookies(response)
            if response.status != 302:
                raise RuntimeError(f"join POST {response.status}")
        timings["join_post"] = monotonic() - started
        if "sessionid" not in participant.cookies:
            raise RuntimeError("no session cookie after joining")
        started = monotonic()
        async with self.http.get(url, headers=self.headers(participant)) as response:
            await response.read()
            participant.take_cookies(response)
            if response.status != 200:
                raise RuntimeError(f"meeting page {response.status}")
        timings["meeting_page"] = monotonic() - started
        return timings

    # --- The live socket ------------------------------------------------------------------

    async def connect(self, participant: Participant, timeout: float = 20) -> float:
        """Open the socket and wait for the snapshot; returns the time that took."""
        started = monotonic()
        snapshot = asyncio.get_running_loop().create_future()
        lookup, fids, times = self.frames.lookup, participant.fids, participant.times
        socket: Socket | None = None

        def on_message(payload: bytes) -> None:
            if payload.startswith(REPLY_START):  # the answer to this client's own request
                reply = json.loads(payload)["data"]
                waiting = participant.replies.pop(reply["id"], None)
                if waiting is not None and not waiting.done():
                    waiting.set_result((reply["status"], reply["body"]))
                return
            frame = lookup(payload)
            fids.append(frame.id)
            times.append(monotonic())
            if participant.on_frame is not None:
                participant.on_frame(frame)
            if frame.snapshot and not snapshot.done():
                snapshot.set_result(None)
            if frame.resync:
                participant.resyncs += 1
                self._lost(participant, socket)

        def on_close() -> None:
            if not snapshot.done():
                snapshot.set_exception(ConnectionError("closed before the snapshot"))
            elif not self.stopping and participant.ws is socket and not participant.recovering:
                participant.closes += 1
                self._lost(participant, socket)

        headers = {"Cookie": participant.cookie_header, "Origin": self.base}
        path = self.ws_path + (f"?{participant.joins}" if participant.joins else "")
        socket = await Socket.connect(self.port, path, headers, on_message, on_close, timeout)
        try:
            await asyncio.wait_for(snapshot, max(0.1, started + timeout - monotonic()))
        except BaseException:
            socket.abort()
            raise
        participant.ws = socket
        return monotonic() - started

    async def request(self, participant: Participant, request_type: str, data: dict):
        """Ask over the participant's live socket, as the card editor does: (status, body)."""
        if participant.ws is None or participant.ws.closed:
            raise ConnectionError("the live socket is not open")
        participant.requests += 1
        request_id = participant.requests
        answer = asyncio.get_running_loop().create_future()
        participant.replies[request_id] = answer
        message = {"type": request_type, "id": request_id, "data": data}
        participant.ws.send_frame(0x1, json.dumps(message).encode())
        try:
            return await asyncio.wait_for(answer, 60)
        finally:
            participant.replies.pop(request_id, None)

    def _lost(self, participant: Participant, socket: Socket | None) -> None:
        if participant.recovering or self.stopping:
            return
        participant.recovering = True
        if socket is not None:
            socket.close()
        self.recoveries.add(asyncio.get_running_loop().create_task(self._recover(participant)))

    async def _recover(self, participant: Participant) -> None:
        """As the page does: reconnect, then fetch the wall as it is now."""
        try:
            for attempt in range(3):
                if self.stopping:
                    return
                try:
                    await asyncio.sleep(0.2 * (attempt + 1))
                    await self.connect(participant)
                    participant.reconnects += 1
                    if participant.viewing is not None:
                        await self.request(participant, "wall.view", {"cards": participant.viewing})
                    url = f"{self.base}/wall/{self.code}/{self.item}/"
                    async with self.http.get(url, headers=self.headers(participant)) as response:
                        page = await response.text()
                    cards = [(int(c), int(v)) for c, v in WALL_CARD.findall(page)]
                    frame = self.frames.synthetic(cards)
                    participant.fids.append(frame.id)
                    participant.times.append(monotonic())
                    return
                except Exception:
                    continue
            participant.reconnect_failures += 1
        finally:
            participant.recovering = False

    async def disconnect_all(self, participants: list[Participant]) -> None:
        self.stopping = True
        for task in self.recoveries:
            task.cancel()
        for participant in participants:
            if participant.ws is not None:
                participant.ws.close()
        await asyncio.sleep(0.5)


async def bounded(function, items, concurrency: int):
    """Run `function(item)` for every item with at most `concurrency` at once; results or errors."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(item):
        async with semaphore:
            try:
                return await function(item)
            except Exception as error:  # counted by the caller
                return error

    return await asyncio.gather(*(one(item) for item in items))
