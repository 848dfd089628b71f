"""How a published event reaches the hubs: directly in one process, or through Redis pub/sub.

With REDIS_URL unset, samtale is one web process and the event goes straight to its hub;
a process without pages (the report worker, a command) relays it there (live/relay.py).
With REDIS_URL set, each process publishes to its deployment's Redis channel and holds
one subscription to it, whose messages it hands to its own hub.
"""

import asyncio
import contextlib
import json
import logging

from django.conf import settings

from live.hub import hub
from live.relay import RelayListener, relay_send

logger = logging.getLogger("samtale.live")


def live_channel() -> str:
    """This deployment's Redis channel: LIVE_REDIS_CHANNEL, or one named after its database.

    Every client of a Redis server hears every channel, whatever its database number, and
    meeting ids repeat from one database to the next: deployments sharing a Redis, and test
    runs (whose test database has a name of its own), each keep to their own channel.
    """
    return settings.LIVE_REDIS_CHANNEL or f"samtale:live:{settings.DATABASES['default']['NAME']}"


class LocalBridge:
    def __init__(self):
        self.listener = RelayListener()

    def send(self, message: dict) -> None:
        if hub.loop is None:
            # No page has ever connected to this process (the worker, a command): the
            # web process of this machine may have some (live/relay.py).
            relay_send(message)
        else:
            hub.dispatch_threadsafe(message)

    async def ready(self) -> None:
        await self.listener.start(hub.dispatch)


class RedisBridge:
    def __init__(self, url: str):
        import redis

        self.url = url
        self.channel = live_channel()
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.subscriber: asyncio.Task | None = None
        self.subscribed: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def send(self, message: dict) -> None:
        try:
            self.client.publish(self.channel, json.dumps(message))
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
                    await pubsub.subscribe(self.channel)
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
