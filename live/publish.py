"""The one place real-time events leave from. Domain functions call `publish`; nothing else does.

An event is sent only after the transaction that made the change commits, so a page
never hears of something the database does not hold.

An event whose payload holds words (a rendered card, a group's name) is rendered once in
each language the meeting's open pages are in (`languages_heard`) and published as
`InLanguages`: each socket is sent the frame of its own language (live/hub.py).
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from live import languages, runtime
from live.events import (
    CARD,
    EVERYONE,
    FACILITATORS,
    PARTICIPANT,
    REGISTRY,
    VIEWERS,
    EventError,
    check,
)

__all__ = [
    "EVERYONE",
    "card_audience",
    "FACILITATORS",
    "InLanguages",
    "languages_heard",
    "participant_audience",
    "publish",
    "viewers_audience",
]


def participant_audience(participant_id: int) -> str:
    return f"{PARTICIPANT}:{participant_id}"


def card_audience(card_id: int) -> str:
    """The pages with the card's editor open (joined on their socket: live/snapshot.py)."""
    return f"{CARD}:{card_id}"


def viewers_audience(thing_id: int) -> str:
    """The pages that have said they show `thing_id` (a card) in view (live/requests.py)."""
    return f"{VIEWERS}:{thing_id}"


class InLanguages(dict):
    """An event's payload by language, in the order of `languages_heard`: the first is
    also what a page in any other language is sent."""


def languages_heard(meeting_id: int, first: str) -> list[str]:
    """The languages to render a change of the meeting in: those of its open pages, `first`
    (the meeting's language) first when it is among them, or `first` alone when no page is
    open. Every language when this process cannot know: the cache cannot be reached, or the
    process serves no sockets and has no Redis to learn of those that another one serves."""
    every = languages.codes()
    heard = None
    if runtime.this_process() is not None or settings.REDIS_URL:
        heard = languages.heard(meeting_id)
    if heard is None:
        heard = set(every)
    if not heard:
        return [first]
    return sorted(heard, key=lambda code: (code != first, every.index(code)))


def _encode(event_type: str, data) -> str:
    return json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)


def publish(
    meeting_id: int,
    event_type: str,
    data: dict | InLanguages | None = None,
    *,
    audience: str | list[str] = EVERYONE,
    key: str | None = None,
) -> None:
    """Send `event_type` (a type of live/events.py) with `data` to `audience` (one or a
    list) of the meeting after commit.

    The frame is encoded once here, whatever the number of sockets it reaches; an event
    of the catalogue's `in_languages` comes as InLanguages, one frame per language.
    Events with the same `key` that arrive within one tick are coalesced: only the newest
    is delivered. Use a key for state snapshots, never for events that each matter.
    With LIVE_CHECK_EVENTS, a type or payload the catalogue does not allow raises here.
    """
    if settings.LIVE_CHECK_EVENTS:
        for payload in data.values() if isinstance(data, InLanguages) else [data]:
            check(event_type, payload, audience=audience, key=key)
        in_languages = REGISTRY[event_type].in_languages
        if in_languages != isinstance(data, InLanguages):
            raise EventError(
                f"{event_type}: publish it as InLanguages, rendered in languages_heard"
                if in_languages
                else f"{event_type} holds no words: publish one payload, not InLanguages"
            )
    message = {"meeting": meeting_id, "audience": audience, "key": key}
    if isinstance(data, InLanguages):
        frames = {language: _encode(event_type, payload) for language, payload in data.items()}
        first = next(iter(frames.values()))
        message["frame"] = first
        if any(frame != first for frame in frames.values()):
            message["languages"] = frames
    else:
        message["frame"] = _encode(event_type, data)
    transaction.on_commit(lambda: runtime.send(message))
