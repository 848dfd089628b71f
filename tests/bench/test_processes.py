"""`python -m bench live` with K samtale processes behind nginx (BENCH_PROCESSES).

At a tiny size, in the services pass: two processes on PostgreSQL and a private Redis,
behind deploy/'s nginx, carry the benchmark's whole save load, each measured on its own.
Speed is the benchmark's to measure, not these tests'.
"""

import asyncio
import concurrent.futures

import pytest

from bench import live
from tests.processes import RedisServer, require_nginx, require_services, services_database_url

TINY = {
    "clients": 20,
    "seconds": 3,
    "save_interval": 1,
    "join_rate": 50,
    "join_concurrency": 10,
    "fanout_seconds": 4,  # one stage of the ramp
    "profile": False,
    "processes": 2,
}


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samtale"},
        {"REDIS_URL": "redis://127.0.0.1:6379/0"},
    ],
    ids=["sqlite", "postgresql-without-redis", "redis-without-postgresql"],
)
def test_more_than_one_process_is_refused_without_postgresql_and_redis(monkeypatch, environment):
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as refused:
        live.Server(processes=2)
    message = str(refused.value)
    assert "BENCH_PROCESSES=2" in message
    assert "DATABASE_URL" in message and "REDIS_URL" in message
    # One process is the default shape, on whatever is configured.
    assert live.Server().shape["processes"] == 1


@pytest.mark.services
def test_two_processes_behind_nginx_carry_the_save_load(monkeypatch, tmp_path):
    require_services("the two-process benchmark")
    require_nginx()
    redis_server = RedisServer()
    redis_server.start()
    monkeypatch.setenv("DATABASE_URL", services_database_url())
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setattr(live, "OUTPUT_DIR", tmp_path)
    server = live.Server(var_dir=tmp_path / "server", processes=2)
    try:
        server.prepare()
        server.start()
        # In a thread of its own, as tests/bench/test_meeting.py: an earlier test's event
        # loop may still be set on this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            result = pool.submit(asyncio.run, live.measure_samtale(server, TINY)).result()
        access_log = server.nginx.access_log()
    finally:
        server.stop()
        server.drop()
        redis_server.stop()

    assert result["shape"] == {"database": "postgresql", "hub": "redis", "processes": 2}
    assert result["joins"]["errors"] == 0
    assert result["sockets"]["opened"] == TINY["clients"]
    load = result["load"]
    assert load["saves"] > 0 and load["http_errors"] == 0
    # Every save reached every client, on either process: through Redis.
    assert load["updates_lost"] == 0
    assert load["latency"]["count"] == load["latency_pairs_expected"]
    # nginx spread the sockets over both processes, and each one is measured on its own.
    socket_upstreams = {line.split("upstream=")[1] for line in access_log if " /ws/" in line}
    assert socket_upstreams == {f"127.0.0.1:{port}" for port in server.process_ports}
    assert len(load["process_cpu_percent"]) == 2
    assert "nginx_cpu_percent" in load and "postgres_cpu_percent" in load
    assert "redis_cpu_percent" in load
    load_rows = [row for row in result["series"] if row["phase"] == "load"]
    assert load_rows and all(len(row["process_cpu_percent"]) == 2 for row in load_rows)
    # The fan-out stage goes to every process's hub, so every socket counts.
    (first_stage, *_rest) = result["fanout"]["stages"]
    assert first_stage["connections"] == TINY["clients"]
