"""One ASGI application for HTTP (Django) and the live WebSocket, and this process's runtime.

`uvicorn samtale.asgi:application` serves it; `python -m samtale.server` does so with the
options production uses (samtale/server.py).

The application owns the process's live runtime (live/runtime.py): it creates it on the
server's event loop when the server starts (ASGI lifespan), registers it as the one the
process's published events go to, and closes it when the server stops. A server run with
`--lifespan off` sends no startup: the runtime is then created by the first socket, and
lives as long as the process.
"""

import asyncio
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
django.setup(set_prefix=False)

# Imported after Django is set up: the live socket imports models.
from live import routing  # noqa: E402
from live import runtime as live_runtime  # noqa: E402
from samtale.handlers import SamtaleASGIHandler  # noqa: E402


class Application:
    def __init__(self) -> None:
        self.django = SamtaleASGIHandler()
        self.runtime: live_runtime.LiveRuntime | None = None

    async def __call__(self, scope, receive, send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.django(scope, receive, send)
        elif kind == "websocket":
            await routing.websocket(self.live(), scope, receive, send)
        elif kind == "lifespan":
            await self.lifespan(receive, send)
        else:
            raise ValueError(f"samtale serves HTTP and WebSocket, not {kind}")

    def live(self) -> live_runtime.LiveRuntime:
        if self.runtime is None:  # no lifespan startup: the first socket starts it
            self.runtime = live_runtime.LiveRuntime()
            live_runtime.serve(self.runtime)
        elif self.runtime.loop is not asyncio.get_running_loop():
            raise RuntimeError(
                "the live runtime serves another event loop: a server restarted in the same "
                "process needs the ASGI lifespan (uvicorn's default) to start a new one"
            )
        return self.runtime

    async def lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                runtime = self.live()
                await runtime.ready()  # listening for the other processes' events at once
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.runtime is not None:
                    live_runtime.stop_serving(self.runtime)
                    await self.runtime.close()
                    self.runtime = None
                await send({"type": "lifespan.shutdown.complete"})
                return


application = Application()
