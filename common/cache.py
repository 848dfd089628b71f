"""What is dear to work out and the same for many people, kept in Django's cache.

The key names everything the value depends on (a meeting's pk, its state_version and its
creation time; a language), so a change makes a new key and nothing is ever invalidated
by hand: the old entry is never asked for again and ages out. The cache is
settings.CACHES["default"]: local memory in each process, or, with REDIS_URL set, Redis
shared by every process of the deployment (samtale/settings.py). Either way a value is
pickled on the way in and out, so keep values plain (text, dicts, frozen dataclasses) and
keep to what costs more to work out than to read back.
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

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
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
