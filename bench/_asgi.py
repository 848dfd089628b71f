"""samtale's ASGI application with one route more, for the fan-out stage of bench/live.py.

    uvicorn bench._asgi:application ...

Everything is samtale's own application, and the interpreter tuned as samtale/server.py
tunes it, except two routes. POST /__bench__/broadcast?meeting=&stage=&rate=&seconds=
hands 256-byte messages to the hub of the process's runtime (live/runtime.py) at `rate`
per second for `seconds`, as the raw broadcast server (bench/raw_broadcast.py) does with
`websockets.broadcast`; GET /__bench__/gc tells how long the garbage collector paused the
process since the last call. The messages take the hub's whole path to the sockets (tick,
batch, each socket's writer task, uvicorn), so the two fan-outs compare directly; only
the Django view and the database in front of it are left out. Only the benchmark starts
the server this way.
"""

import gc
import json
import time
from urllib.parse import parse_qs

from bench.raw_broadcast import paced
from live.runtime import this_process
from samtale.asgi import application as samtale
from samtale.server import tune_interpreter

# As `python -m samtale.server` does before it serves.
tune_interpreter()

MESSAGE_BYTES = 256
ROUTE = "/__bench__/broadcast"
GC_ROUTE = "/__bench__/gc"


class CollectorPauses:
    """How long the garbage collector stopped this process, by generation (gc.callbacks)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.reset()
        gc.callbacks.append(self.callback)

    def reset(self) -> None:
        self.count = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.longest = [0.0, 0.0, 0.0]

    def callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            return
        generation = info["generation"]
        pause = time.perf_counter() - self.started
        self.count[generation] += 1
        self.seconds[generation] += pause
        self.longest[generation] = max(self.longest[generation], pause)

    def report(self) -> dict:
        return {
            f"gen{g}": {
                "collections": self.count[g],
                "total_ms": self.seconds[g] * 1000,
                "longest_ms": self.longest[g] * 1000,
            }
            for g in range(3)
        }


pauses = CollectorPauses()


def message(stage: int, seq: int) -> str:
    head = json.dumps(
        {"type": "bench.message", "data": {"t": time.monotonic(), "stage": stage, "seq": seq}}
    )
    # Pad inside the JSON object, so the frame stays valid: ..., "pad": "xxx"}}
    pad = MESSAGE_BYTES - len(head) - len(', "pad": ""')
    return head[:-2] + ', "pad": "' + "x" * max(0, pad) + '"}}'


async def broadcast(meeting: int, stage: int, rate: float, seconds: float) -> dict:
    hub = this_process().hub  # the sockets are open, so the runtime is
    sent, elapsed = await paced(
        rate,
        seconds,
        lambda seq: hub.dispatch(
            {"meeting": meeting, "audience": "all", "key": None, "frame": message(stage, seq)}
        ),
    )
    return {"sent": sent, "elapsed": elapsed, "connections": hub.connection_count(meeting)}


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] in (ROUTE, GC_ROUTE):
        if scope["path"] == GC_ROUTE:  # the collector's pauses since the last call
            result = pauses.report()
        else:
            query = {k: v[0] for k, v in parse_qs(scope["query_string"].decode()).items()}
            pauses.reset()
            result = await broadcast(
                int(query["meeting"]),
                int(query["stage"]),
                float(query["rate"]),
                float(query["seconds"]),
            )
            result["gc"] = pauses.report()
        pauses.reset()
        body = json.dumps(result).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    await samtale(scope, receive, send)
