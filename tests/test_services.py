"""In CI the scale-out shape is tested for real: PostgreSQL and Redis must be there."""

import os

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI") == "true"


pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_postgresql_answers_when_configured():
    if connection.vendor != "postgresql":
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail("DATABASE_URL names PostgreSQL but Django is not using it")
        if IN_CI and os.environ.get("REDIS_URL"):
            pytest.fail("the services pass must run on PostgreSQL")
        pytest.skip("this pass runs on SQLite; the services pass runs on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_redis_answers_when_configured():
    if not settings.REDIS_URL:
        pytest.skip("this pass uses the in-process hub; the services pass uses Redis")
    import redis

    assert redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping() is True
