"""Which languages a meeting's open pages are in, so that a change shown in words is
rendered once in each of them, and each socket is sent its own (live/hub.py).

Each runtime (live/runtime.py) marks the languages of its open sockets in Django's cache
(common/cache.py: in the process's memory, or in Redis for every process when REDIS_URL is
set): one key per meeting and language, marked when the first socket of that language
connects to the runtime and again every REMARK_SECONDS while one is open, and gone
MARK_SECONDS after the last has closed. Reading the languages costs one cache call
for all of them.

The cache is a saving here too: when it cannot be reached, `heard` says so (None) and the
publisher renders every language.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from common.cache import cache_key

logger = logging.getLogger("samtale.live")

# A mark outlives two missed re-markings, so a busy runtime never lets one lapse.
MARK_SECONDS = 180
REMARK_SECONDS = 60


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _key(meeting_id: int, language: str) -> str:
    return cache_key(("live-language", meeting_id, language))


def mark(pairs: Iterable[tuple[int, str]]) -> None:
    """(meeting, language) pairs that have an open socket now (a blocking cache call)."""
    values = {_key(meeting_id, language): True for meeting_id, language in pairs}
    if not values:
        return
    try:
        cache.set_many(values, timeout=MARK_SECONDS)
    except Exception:
        logger.warning("cache unavailable: live languages not marked", exc_info=True)


def heard(meeting_id: int) -> set[str] | None:
    """The languages of the meeting's open sockets, or None when the cache cannot tell."""
    keys = {_key(meeting_id, code): code for code in codes()}
    try:
        found = cache.get_many(list(keys))
    except Exception:
        logger.warning("cache unavailable: live languages unknown", exc_info=True)
        return None
    return {keys[key] for key in found}


class Marks:
    """A runtime's open sockets by (meeting, language), kept on its event loop.

    `opened` says whether the pair is new to this runtime, or its mark is old enough that
    the socket should mark it again before it listens; `due` lists the pairs to mark again.
    """

    def __init__(self, clock) -> None:
        self.clock = clock
        self.open: dict[tuple[int, str], int] = {}
        self.marked_at: dict[tuple[int, str], float] = {}

    def opened(self, meeting_id: int, language: str) -> bool:
        pair = (meeting_id, language)
        self.open[pair] = self.open.get(pair, 0) + 1
        fresh = self.marked_at.get(pair)
        if fresh is not None and self.clock() - fresh < REMARK_SECONDS:
            return False
        self.marked_at[pair] = self.clock()
        return True

    def closed(self, meeting_id: int, language: str) -> None:
        pair = (meeting_id, language)
        left = self.open.get(pair, 0) - 1
        if left > 0:
            self.open[pair] = left
        else:
            self.open.pop(pair, None)
            self.marked_at.pop(pair, None)

    def due(self) -> list[tuple[int, str]]:
        now = self.clock()
        pairs = list(self.open)
        for pair in pairs:
            self.marked_at[pair] = now
        return pairs
