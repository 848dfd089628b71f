"""How a published event reaches the hubs: directly in one process, or through Redis pub/sub.

With REDIS_URL unset, samtale is one process and the event goes straight to its hub.
With REDIS_URL set, each process publishes to one Redis channel and holds one
subscription to it, whose messages it hands to its own hub.
"""

import asyncio
import contextlib
import json
import logging

from django.conf import settings

from live.hub import hub

logger = logging.getLogger("samtale.live")

CHANNEL = "samtale:live"


class LocalBridge:
    def send(self, message: dict) -> None:
        hub.dispatch_threadsafe(message)

    async def ready(self) -> None:
        return None


class RedisBridge:
    def __init__(self, url: str):
        import redis

        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.subscriber: asyncio.Task | None = None
        self.subscribed: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def send(self, message: dict) -> None:
        try:
            self.client.publish(CHANNEL, json.dumps(message))
        except Exception:
            # The change is saved; other processes' clients catch up by resync when Redis is back.
            logger.warning("Redis publish failed; delivering to this process only", exc_info=True)
            hub.dispatch_threadsafe(message)

    async def ready(self) -> None:
        """Start this process's subscription if needed, and wait (briefly) until it listens."""
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.subscriber is None or self.subscriber.done():
            self.loop = loop
            self.subscribed = asyncio.Event()
            self.subscriber = loop.create_task(self._listen())
        try:
            await asyncio.wait_for(self.subscribed.wait(), timeout=3)
        except TimeoutError:
            logger.warning("Redis subscription not ready; live updates may lag until it is")

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        delay = 0.2
        first = True
        while True:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self.subscribed.set()
                    if not first:
                        hub.resync_all()  # events published while we were away are gone
                    first, delay = False, 0.2
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            hub.dispatch(json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Redis subscription lost; retrying in %.1fs", delay)
                self.subscribed.clear()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()


_bridge = None


def get_bridge():
    global _bridge
    if _bridge is None:
        _bridge = RedisBridge(settings.REDIS_URL) if settings.REDIS_URL else LocalBridge()
    return _bridge


def reset_bridge() -> None:
    """Forget the bridge, so a changed REDIS_URL setting takes effect (used by tests)."""
    global _bridge
    _bridge = None
