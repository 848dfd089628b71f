"""common/cache.py: one value per key, worked out once, in Django's cache."""

import itertools

import pytest
from django.conf import settings
from django.core.cache import cache

from common.cache import cache_key, cached, key_in_database

counter = itertools.count()


@pytest.fixture
def parts():
    """Key parts no other test uses: the cache outlives a test, and may be Redis."""
    return ("test-cache", next(counter), id(object()))


def test_the_value_is_worked_out_once_per_key(parts):
    calls = []

    def compute():
        calls.append(1)
        return {"state": len(calls)}

    first = cached(parts, compute, 60)
    again = cached(parts, compute, 60)

    assert first == again == {"state": 1}
    assert len(calls) == 1


def test_other_parts_are_another_value(parts):
    assert cached((*parts, "nb"), lambda: "bokmål", 60) == "bokmål"
    assert cached((*parts, "nn"), lambda: "nynorsk", 60) == "nynorsk"
    assert cached((*parts, "nb"), lambda: "never", 60) == "bokmål"


@pytest.mark.parametrize("nothing", [None, "", 0, ()])
def test_an_empty_value_is_kept_too(parts, nothing):
    calls = []

    def compute():
        calls.append(1)
        return nothing

    cached(parts, compute, 60)

    assert cached(parts, compute, 60) == nothing
    assert len(calls) == 1


def test_the_value_is_stored_for_its_timeout(parts):
    cached(parts, lambda: "kept", 60)

    assert cache.get(cache_key(parts)) == "kept"
    cache.delete(cache_key(parts))  # as when its timeout has passed
    assert cached(parts, lambda: "worked out again", 60) == "worked out again"


def test_keys_name_every_part():
    assert cache_key(("programme", 12, 7, "2025-03-01T09:00:00+00:00")) == (
        "programme:12:7:2025-03-01T09:00:00+00:00"
    )


def test_redis_keys_are_of_one_database(monkeypatch):
    database = settings.DATABASES["default"]
    monkeypatch.setitem(database, "NAME", "samtale_a")
    first = key_in_database("programme:1", "", 1)
    monkeypatch.setitem(database, "NAME", "samtale_b")
    second = key_in_database("programme:1", "", 1)

    assert first == "samtale:samtale_a:1:programme:1"
    assert second == "samtale:samtale_b:1:programme:1"
    assert key_in_database("programme:1", "shared", 2) == "samtale:shared:2:programme:1"
