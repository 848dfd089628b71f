"""Events from another process of the same machine, without Redis: one datagram each.

On the embedded default (no REDIS_URL) the web process's hub is the only place a page's
socket is held, but the report worker and management commands run in processes of their
own. Such a process sends each event as one datagram to a Unix socket in the var folder
(LIVE_RELAY_SOCKET); the web process listens on it from its event loop, from the moment
it starts serving, and hands what arrives to its hub as if it were published there.
Nothing is polled and nothing is stored: when no web process listens, there is no page to
tell, and a page that connects later reads the state from the database anyway.

Only the owner of the var folder can write to the socket (its mode is 0600).
"""

import asyncio
import contextlib
import json
import logging
import os
import socket

from django.conf import settings

logger = logging.getLogger("samtale.live")


def relay_send(message: dict) -> bool:
    """Send one event to the web process; False when none listens (or it is too large)."""
    data = json.dumps(message).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        try:
            sender.sendto(data, settings.LIVE_RELAY_SOCKET)
        except (FileNotFoundError, ConnectionRefusedError):
            return False  # no web process on this machine: nobody to tell
        except OSError:
            logger.warning("live event not relayed (%d bytes)", len(data), exc_info=True)
            return False
    return True


def _valid(message) -> bool:
    return (
        isinstance(message, dict)
        and isinstance(message.get("meeting"), int)
        and isinstance(message.get("frame"), str)
        and isinstance(message.get("audience"), str | list)
        and isinstance(message.get("languages", {}), dict)
    )


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self, deliver):
        self.deliver = deliver

    def datagram_received(self, data, addr):
        try:
            message = json.loads(data)
        except ValueError:
            return
        if _valid(message):
            self.deliver(message)


class RelayListener:
    """The web process's end: bound to `path` on the running loop from its first start."""

    def __init__(self, path: str, deliver):
        self.path = path
        self.deliver = deliver
        self.started = False
        self.transport: asyncio.DatagramTransport | None = None

    async def start(self) -> None:
        # Every page that connects asks; only the first binds (the rest, even while it is
        # still binding, find it started).
        if self.started:
            return
        self.started = True
        receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            # A file left by a process that is gone would refuse the bind.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            receiver.bind(self.path)
            os.chmod(self.path, 0o600)
            receiver.setblocking(False)
            self.transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: _Receiver(self.deliver), sock=receiver
            )
        except OSError:
            receiver.close()
            logger.warning("cannot listen for relayed live events on %s", self.path, exc_info=True)

    def stop(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None
