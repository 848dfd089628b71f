"""How a published event reaches the hubs: directly in one process, or through Redis pub/sub.

With REDIS_URL unset, samtale is one web process and the event goes straight to its hub;
a process without pages (the report worker, a command) relays it there (live/relay.py).
With REDIS_URL set, each process publishes to its deployment's Redis channel and holds
one subscription to it, whose messages it hands to its own hub.

A bridge belongs to one runtime (live/runtime.py) and its hub; `send_from_elsewhere` is
how a process without a runtime sends.
"""

import asyncio
import contextlib
import functools
import json
import logging

from django.conf import settings

from live.hub import Hub
from live.relay import RelayListener, relay_send

logger = logging.getLogger("samtale.live")


def live_channel() -> str:
    """This deployment's Redis channel: LIVE_REDIS_CHANNEL, or one named after its database.

    Every client of a Redis server hears every channel, whatever its database number, and
    meeting ids repeat from one database to the next: deployments sharing a Redis, and test
    runs (whose test database has a name of its own), each keep to their own channel.
    """
    return settings.LIVE_REDIS_CHANNEL or f"samtale:live:{settings.DATABASES['default']['NAME']}"


@functools.cache
def _redis(url: str):
    """One client (a pool of connections, safe to share between threads) per Redis URL."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _publish(url: str, channel: str, message: dict) -> bool:
    try:
        _redis(url).publish(channel, json.dumps(message))
    except Exception:
        logger.warning("Redis publish failed", exc_info=True)
        return False
    return True


def send_from_elsewhere(message: dict) -> None:
    """An event published in a process with no hub: the worker, a command."""
    if settings.REDIS_URL:
        _publish(settings.REDIS_URL, live_channel(), message)
    else:
        # The web process of this machine may have sockets to tell (live/relay.py).
        relay_send(message)


class LocalBridge:
    """One web process: events go straight to its hub, and the relay brings the others'."""

    def __init__(self, hub: Hub, relay_socket: str):
        self.hub = hub
        self.listener = RelayListener(relay_socket, hub.dispatch)

    def send(self, message: dict) -> None:
        self.hub.dispatch_threadsafe(message)

    async def ready(self) -> None:
        await self.listener.start()

    async def close(self) -> None:
        self.listener.stop()


class RedisBridge:
    def __init__(self, hub: Hub, url: str):
        self.hub = hub
        self.url = url
        self.channel = live_channel()
        self.subscriber: asyncio.Task | None = None
        self.subscribed = asyncio.Event()

    def send(self, message: dict) -> None:
        if not _publish(self.url, self.channel, message):
            # The change is saved; other processes' clients catch up by resync when Redis is back.
            self.hub.dispatch_threadsafe(message)

    async def ready(self) -> None:
        """Start the subscription if needed, and wait (briefly) until it listens."""
        if self.subscriber is None:
            self.subscriber = asyncio.get_running_loop().create_task(self._listen())
        try:
            await asyncio.wait_for(self.subscribed.wait(), timeout=3)
        except TimeoutError:
            logger.warning("Redis subscription not ready; live updates may lag until it is")

    async def close(self) -> None:
        if self.subscriber is not None:
            self.subscriber.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.subscriber

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
                        self.hub.resync_all()  # events published while we were away are gone
                    first, delay = False, 0.2
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            self.hub.dispatch(json.loads(item["data"]))
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
