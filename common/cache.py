"""What is dear to work out and the same for many people, kept in Django's cache.

The key names everything the value depends on (a meeting's pk, its state_version and its
creation time; a language), so a change makes a new key and nothing is ever invalidated
by hand: the old entry is never asked for again and ages out. The cache is
settings.CACHES["default"]: local memory in each process, or, with REDIS_URL set, Redis
shared by every process of the deployment (samtale/settings.py). Either way a value is
pickled on the way in and out, so keep values plain (text, dicts, frozen dataclasses) and
keep to what costs more to work out than to read back.

The cache is a saving, never something a page depends on: while it cannot be reached
(Redis restarting), every helper here goes on without it — the value is worked out, the
spell of `first_in_spell` has no memory — and says so once per failure in the log.
"""

import logging
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

logger = logging.getLogger("samtale.cache")

_MISSING = object()


def key_in_database(key: str, key_prefix: str, version: int) -> str:
    """The Redis cache's KEY_FUNCTION: keys of this deployment's database alone.

    Meeting ids repeat from one database to the next, and deployments (and test runs, whose
    test database has a name of its own) may share one Redis; read at each call, as a test
    run names its database after the settings are read.
    """
    return f"samtale:{key_prefix or settings.DATABASES['default']['NAME']}:{version}:{key}"


def cache_key(key_parts: tuple[Hashable, ...]) -> str:
    """The parts as one key: "programme:12:7:2025-03-01T09:00:00+00:00"."""
    return ":".join(str(part) for part in key_parts)


def cached(key_parts: tuple[Hashable, ...], compute: Callable[[], T], timeout: int) -> T:
    """The value stored under `key_parts`, or `compute()` stored there for `timeout` seconds.

    Callers that arrive together before the first has stored the value each compute it:
    the parts say what the value is, so they all store the same thing.
    """
    key = cache_key(key_parts)
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # any backend's error: the cache is optional (see above)
        logger.warning("cache unavailable: %s worked out without it", key, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        _quietly(cache.set, key, value, timeout)
    return value


def first_in_spell(key_parts: tuple[Hashable, ...], seconds: int) -> bool:
    """Whether this is the first call with these parts in `seconds` (to do something once
    per burst, such as scheduling work); True when the cache cannot be reached."""
    key = cache_key(key_parts)
    try:
        return cache.add(key, True, timeout=seconds)
    except Exception:
        logger.warning("cache unavailable: %s not debounced", key, exc_info=True)
        return True


def forget(key_parts: tuple[Hashable, ...]) -> None:
    """Drop the value stored under `key_parts`, if the cache can be reached."""
    _quietly(cache.delete, cache_key(key_parts))


def _quietly(operation: Callable, *args) -> None:
    try:
        operation(*args)
    except Exception:
        logger.warning("cache unavailable: %s skipped", operation.__name__, exc_info=True)
