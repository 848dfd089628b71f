"""The one place real-time events leave from. Domain functions call `publish`; nothing else does.

An event is sent only after the transaction that made the change commits, so a page
never hears of something the database does not hold.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from live import runtime
from live.events import EVERYONE, FACILITATORS, PARTICIPANT, check

__all__ = ["EVERYONE", "FACILITATORS", "participant_audience", "publish"]


def participant_audience(participant_id: int) -> str:
    return f"{PARTICIPANT}:{participant_id}"


def publish(
    meeting_id: int,
    event_type: str,
    data: dict | None = None,
    *,
    audience: str | list[str] = EVERYONE,
    key: str | None = None,
) -> None:
    """Send `event_type` (a type of live/events.py) with `data` to `audience` (one or a
    list) of the meeting after commit.

    The frame is encoded once here, whatever the number of sockets it reaches.
    Events with the same `key` that arrive within one tick are coalesced: only the newest
    is delivered. Use a key for state snapshots, never for events that each matter.
    With LIVE_CHECK_EVENTS, a type or payload the catalogue does not allow raises here.
    """
    if settings.LIVE_CHECK_EVENTS:
        check(event_type, data, audience=audience, key=key)
    frame = json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)
    message = {"meeting": meeting_id, "audience": audience, "key": key, "frame": frame}
    transaction.on_commit(lambda: runtime.send(message))
