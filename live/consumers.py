"""The live socket: authenticate, attach to the hub, send a snapshot, then forward frames.

Writes never come through here; they go over HTTP to the domain functions.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from live.bridge import get_bridge
from live.hub import Connection, hub
from live.snapshot import live_access, snapshot_frames

CLOSE_FORBIDDEN = 4403


class MeetingConsumer(AsyncWebsocketConsumer):
    connection: Connection | None = None

    async def connect(self):
        code = self.scope["url_route"]["kwargs"]["code"]
        access = await database_sync_to_async(live_access)(
            code, self.scope.get("user"), self.scope.get("session")
        )
        await self.accept()
        if access is None:
            # Accept first, so the page learns why (4403) and stops reconnecting.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.connection = Connection(access.meeting_id, access.audiences, self.send_frame)
        hub.attach(self.connection)
        await get_bridge().ready()
        for frame in await database_sync_to_async(snapshot_frames)(access):
            self.connection.offer(frame)

    async def disconnect(self, code):
        if self.connection is not None:
            hub.detach(self.connection)

    async def receive(self, text_data=None, bytes_data=None):
        # Pages only ping, to keep proxies from closing an idle socket.
        if text_data and '"ping"' in text_data:
            await self.send(text_data=json.dumps({"type": "live.pong", "data": None}))

    async def send_frame(self, frame: str) -> None:
        await self.send(text_data=frame)
