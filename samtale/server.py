"""`python -m samtale.server [uvicorn options]`: samtale as it runs in production.

uvicorn's own command line with samtale's application and the options every samtale
process needs; the others (--host, --port, --no-access-log, and the UVICORN_HOST and
FORWARDED_ALLOW_IPS variables of deploy/env.example) pass through to uvicorn as given.
The interpreter is tuned here, where the process starts, not at the import of the
application: `uvicorn samtale.asgi:application` serves the same application untuned.
"""

import gc
import sys

from uvicorn.main import main as uvicorn

APPLICATION = "samtale.asgi:application"
OPTIONS = [
    # The application starts and stops this process's live runtime (samtale/asgi.py).
    "--lifespan",
    "on",
    # Compressing every frame for every socket would cost more CPU than the fan-out itself.
    "--ws-per-message-deflate",
    "false",
]


def tune_interpreter() -> None:
    """Both settings pay: without them `python -m bench live` (2,000 sockets, 100 saves/s,
    one process) gave save-to-screen p95 2,447 ms instead of 216 ms, sustained 89.7 saves/s
    of the 100 offered, and a longest collector pause of 182 ms instead of 45 ms."""
    # Django's sync views and the live threads run beside the event loop, and every
    # database call hands the interpreter lock back and forth between them. At the
    # default 5 ms switch interval each hand-back can wait 5 ms while the loop writes
    # frames; at 1 ms a card save does not queue behind the fan-out (docs/capacity.md).
    sys.setswitchinterval(0.001)
    # A full garbage collection scans every object of every open socket and stops the
    # process for ~200 ms at 2,000 sockets; collecting the young objects less often
    # (Python collects them every 700 allocations) makes the full collections rarer too.
    gc.set_threshold(20_000, 10, 10)


def main(argv: list[str]) -> None:
    tune_interpreter()
    uvicorn.main(args=[APPLICATION, *OPTIONS, *argv], prog_name="python -m samtale.server")


if __name__ == "__main__":
    main(sys.argv[1:])
