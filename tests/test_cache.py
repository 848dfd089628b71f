"""common/cache.py: one value per key, worked out once, in Django's cache."""

import itertools

import pytest
from django.conf import settings
from django.core.cache import cache

from common.cache import cache_key, cached, first_in_spell, forget, key_in_database

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


# --- While the cache cannot be reached ------------------------------------------------------


class Unreachable:
    """A cache whose every call fails, as Django's Redis cache does while Redis restarts."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


@pytest.fixture
def unreachable(monkeypatch):
    from common import cache as common_cache

    monkeypatch.setattr(common_cache, "cache", Unreachable())


def test_a_value_is_worked_out_while_the_cache_is_unreachable(unreachable, parts, caplog):
    assert cached(parts, lambda: "fresh", 60) == "fresh"
    assert "cache unavailable" in caplog.text


def test_every_call_is_first_in_its_spell_while_the_cache_is_unreachable(unreachable, parts):
    assert first_in_spell(parts, 3) and first_in_spell(parts, 3)
    forget(parts)  # and forgetting is no error


def test_only_the_first_call_of_a_spell_is_first(parts):
    assert first_in_spell(parts, 60)
    assert not first_in_spell(parts, 60)
    forget(parts)
    assert first_in_spell(parts, 60)


@pytest.mark.django_db
def test_a_saved_card_asks_for_its_synthesis_while_the_cache_is_unreachable(unreachable):
    """The analysis debounces its work on the cache after every save: a Redis restart must
    not turn a save into a 500 (it did; tests/live/test_scale_out.py saves through one)."""
    from analysis.live import session_changed

    session_changed(item_id=1)  # no error: scheduled, not debounced
