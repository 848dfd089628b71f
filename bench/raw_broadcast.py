"""The baseline of the live benchmark: a minimal `websockets` broadcast server.

    python -m bench.raw_broadcast PORT

runs the server; it reads commands as JSON lines on stdin and answers on stdout:
    {"op": "count"}                                   -> {"connections": n}
    {"op": "stage", "stage": k, "rate": r, "seconds": s} -> {"sent": m, "elapsed": e}
    {"op": "quit"}
A stage broadcasts 256-byte messages to every connection at `rate` messages/s with
`websockets.broadcast`. Each message starts with its send time on CLOCK_MONOTONIC (the
same clock in every process on Linux) and its stage, so the clients measure latency.

`measure()` is the client side, run by bench.live in its own event loop: it connects the
clients, ramps the rate up stage by stage and keeps the fastest stage that still delivers
everything with p95 within the latency bound: the practical Python limit on this machine.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time

MESSAGE_BYTES = 256
STAGE_SECONDS = 2.0
DRAIN_SECONDS = 1.0
RAMP_FACTOR = 1.5
FLAT_OUT = 100_000  # messages/s: as fast as the server can
LATENCY_BOUND_MS = 250.0
DELIVERED_FRACTION = 0.999


def message(stage: int, seq: int) -> str:
    head = f"{time.monotonic():017.6f} {stage:02d} {seq:08d} "
    return head + "x" * (MESSAGE_BYTES - len(head))


# --- The server ---------------------------------------------------------------------------


async def paced(rate: float, seconds: float, send_one) -> tuple[int, float]:
    """Call `send_one(seq)` `rate` times a second for `seconds`; the same pacing for both
    fan-outs, so they compare. Returns how many were sent and over how long."""
    interval = 1.0 / rate
    started = time.monotonic()
    sent = 0
    while True:
        now = time.monotonic()
        if now - started >= seconds:
            break
        due = started + sent * interval
        if due > now:
            await asyncio.sleep(due - now)
            continue
        send_one(sent)
        sent += 1
        await asyncio.sleep(0)  # let the loop write and read between sends
    return sent, time.monotonic() - started


async def serve(port: int) -> None:
    from websockets.asyncio.server import broadcast
    from websockets.asyncio.server import serve as ws_serve

    clients = set()

    async def handler(connection):
        clients.add(connection)
        try:
            await connection.wait_closed()
        finally:
            clients.discard(connection)

    async def stage(number: int, rate: float, seconds: float) -> dict:
        sent, elapsed = await paced(
            rate, seconds, lambda seq: broadcast(clients, message(number, seq))
        )
        return {"sent": sent, "elapsed": elapsed, "connections": len(clients)}

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def answer(data: dict) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    async with ws_serve(handler, "127.0.0.1", port, compression=None, max_size=2**16, backlog=4096):
        answer({"ready": port})
        while True:
            line = await reader.readline()
            if not line:
                break
            command = json.loads(line)
            if command["op"] == "count":
                answer({"connections": len(clients)})
            elif command["op"] == "stage":
                answer(await stage(command["stage"], command["rate"], command["seconds"]))
            else:
                break


# --- The client side ----------------------------------------------------------------------


class RawServer:
    """The server as a subprocess, spoken to through its stdin and stdout."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process

    @classmethod
    async def start(cls, python: str, port: int, cwd: str) -> RawServer:
        process = await asyncio.create_subprocess_exec(
            python,
            "-m",
            "bench.raw_broadcast",
            str(port),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=cwd,
        )
        server = cls(process)
        ready = await server._read(timeout=20)
        if ready.get("ready") != port:
            raise RuntimeError(f"raw server did not start: {ready}")
        return server

    async def _read(self, timeout: float) -> dict:
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError("raw server exited")
        return json.loads(line)

    async def ask(self, command: dict, timeout: float = 60) -> dict:
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return await self._read(timeout)

    async def stop(self) -> None:
        if self.process.returncode is None:
            try:
                self.process.stdin.write(b'{"op": "quit"}\n')
                await self.process.stdin.drain()
                await asyncio.wait_for(self.process.wait(), 5)
            except Exception:
                self.process.kill()
                await self.process.wait()


async def ramp(label: str, stage, pid: int, clients: int, budget_seconds: float, cpu_of):
    """Raise the broadcast rate stage by stage until it is no longer sustained.

    `stage(number, rate)` runs one stage and returns (the server's answer: sent, elapsed,
    connections; messages delivered; their latency Histogram). A stage is sustained when
    every message reached every client and p95 latency stayed within LATENCY_BOUND_MS.
    When the sender cannot keep the asked rate twice running, one last stage goes flat out.
    """
    import psutil

    from bench.loadclients import monotonic

    me = psutil.Process()
    stages: list[dict] = []
    rate = max(1.0, round(20_000 / max(1, clients)))
    deadline = monotonic() + budget_seconds
    number = 0
    while monotonic() + STAGE_SECONDS + DRAIN_SECONDS <= deadline and number < 99:
        number += 1
        cpu_start, _ = cpu_of(pid)
        mine_start = sum(me.cpu_times()[:2])
        wall_start = monotonic()
        answer, delivered, histogram = await stage(number, rate)
        cpu_end, rss = cpu_of(pid)
        mine = sum(me.cpu_times()[:2]) - mine_start
        wall = monotonic() - wall_start
        expected = answer["sent"] * answer["connections"]
        latency = histogram.summary()
        row = {
            "stage": number,
            "rate": rate,
            "sent": answer["sent"],
            "connections": answer["connections"],
            "expected": expected,
            "delivered": delivered,
            "deliveries_per_s": delivered / answer["elapsed"],
            "server_cpu_s": cpu_end - cpu_start,
            "server_cpu_percent": (cpu_end - cpu_start) / wall * 100,
            "cpu_us_per_delivery": (cpu_end - cpu_start) / delivered * 1e6 if delivered else None,
            "rss_mb": rss / 2**20,
            "client_cpu_percent": mine / wall * 100,
            **{f"latency_{k}": v for k, v in latency.items() if k != "count"},
            **{k: v for k, v in answer.items() if k not in ("sent", "connections")},
        }
        row["sustained"] = (
            delivered >= DELIVERED_FRACTION * expected
            and latency["p95_ms"] is not None
            and latency["p95_ms"] <= LATENCY_BOUND_MS
        )
        stages.append(row)
        print(
            f"  {label} stage {number}: {rate:,.0f} msg/s -> {row['deliveries_per_s']:,.0f} "
            f"deliveries/s, p95 {latency['p95_ms'] or 0:.0f} ms, "
            f"{delivered}/{expected} delivered, server cpu {row['server_cpu_percent']:.0f} % "
            f"(clients {row['client_cpu_percent']:.0f} %)",
            flush=True,
        )
        # Stop at a loss, or at the second latency miss running: one miss can be a pause
        # (the collector's, say) rather than the rate.
        if delivered < DELIVERED_FRACTION * expected or rate >= FLAT_OUT:
            break
        if len(stages) >= 2 and not stages[-1]["sustained"] and not stages[-2]["sustained"]:
            break
        short = [r["sent"] < 0.9 * r["rate"] * STAGE_SECONDS for r in stages[-2:]]
        rate = FLAT_OUT if len(short) == 2 and all(short) else round(rate * RAMP_FACTOR)
    return stages


def best_of(stages: list[dict]) -> dict | None:
    sustained = [row for row in stages if row["sustained"]]
    return max(sustained, key=lambda row: row["deliveries_per_s"]) if sustained else None


async def measure(
    *, python: str, port: int, cwd: str, clients: int, budget_seconds: float, cpu_of
) -> dict:
    """Connect `clients` sockets to a fresh raw server and ramp its broadcast rate.

    `cpu_of(pid)` returns (cpu seconds, rss bytes) of a process and its children.
    """
    from bench.loadclients import Histogram, Socket, bounded, monotonic

    server = await RawServer.start(python, port, cwd)
    pid = server.process.pid
    sockets: list[Socket] = []
    counts: dict[int, int] = {}
    histograms: dict[int, Histogram] = {}
    closes = 0
    closing = False
    try:
        await asyncio.sleep(0.5)
        _cpu, rss_before = cpu_of(pid)

        def on_message(data: bytes) -> None:
            stage = int(data[18:20])
            counts[stage] += 1
            histograms[stage].add(monotonic() - float(data[:17]))

        def on_close() -> None:
            nonlocal closes
            if not closing:
                closes += 1

        async def connect(_index):
            sockets.append(await Socket.connect(port, "/", {}, on_message, on_close))

        started = monotonic()
        results = await bounded(connect, range(clients), 100)
        connect_errors = sum(isinstance(r, Exception) for r in results)
        connect_seconds = monotonic() - started
        for _ in range(50):
            connected = (await server.ask({"op": "count"}))["connections"]
            if connected >= len(sockets):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)
        _cpu, rss_after = cpu_of(pid)

        gc.collect()
        gc.freeze()
        gc.disable()

        async def stage(number: int, rate: float) -> tuple[dict, int, Histogram]:
            counts[number] = 0
            histograms[number] = Histogram(limit_seconds=30)
            answer = await server.ask(
                {"op": "stage", "stage": number, "rate": rate, "seconds": STAGE_SECONDS}
            )
            await asyncio.sleep(DRAIN_SECONDS)
            return answer, counts[number], histograms[number]

        stages = await ramp("raw", stage, pid, len(sockets), budget_seconds, cpu_of)
        best = best_of(stages)
        return {
            "clients": clients,
            "connected": len(sockets),
            "connect_errors": connect_errors,
            "connect_seconds": connect_seconds,
            "socket_closes": closes,
            "rss_before_mb": rss_before / 2**20,
            "rss_after_mb": rss_after / 2**20,
            "mb_per_1000": (rss_after - rss_before) / 2**20 / max(1, len(sockets)) * 1000,
            "stages": stages,
            "best": best,
            "peak_deliveries_per_s": max((r["deliveries_per_s"] for r in stages), default=0),
        }
    finally:
        gc.enable()
        closing = True
        for socket in sockets:
            socket.close()
        await asyncio.sleep(0.5)
        await server.stop()


if __name__ == "__main__":
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(int(sys.argv[1])))
    else:  # as uvicorn uses it
        uvloop.run(serve(int(sys.argv[1])))
