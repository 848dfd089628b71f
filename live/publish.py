"""The one place real-time events leave from. Domain functions call `publish`; nothing else does.

An event is sent only after the transaction that made the change commits, so a page
never hears of something the database does not hold.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from live.bridge import get_bridge

EVERYONE = "all"
FACILITATORS = "facilitators"


def participant_audience(participant_id: int) -> str:
    return f"participant:{participant_id}"


def publish(
    meeting_id: int,
    event_type: str,
    data: dict | None = None,
    *,
    audience: str | list[str] = EVERYONE,
    key: str | None = None,
) -> None:
    """Send `event_type` with `data` to `audience` (one or a list) of the meeting after commit.

    The frame is encoded once here, whatever the number of sockets it reaches.
    Events with the same `key` that arrive within one tick are coalesced: only the newest
    is delivered. Use a key for state snapshots, never for events that each matter.
    """
    frame = json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)
    message = {"meeting": meeting_id, "audience": audience, "key": key, "frame": frame}
    transaction.on_commit(lambda: get_bridge().send(message))
