"""The guide's installation on a fresh PostgreSQL database, command by command.

docs/deploy.md: create the role and the database, `manage.py migrate`, `load_register`,
`create_facilitator`, `collectstatic`, start a process as the unit does and log in; then
the backup (pg_dump) and the restore (pg_restore) of that database.
"""

import os
import secrets
import shutil
import subprocess
import urllib.parse
from contextlib import suppress

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI, free_port
from tests.deploy.conftest import PURGE_SERVICE, deploy_environment, manage, unit_command
from tests.processes import Browser, SamtaleProcess

pytestmark = pytest.mark.services


def admin_dsn(database="postgres") -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=database,
    )


def url_for(user: str, password: str, database: str) -> str:
    db = connection.settings_dict
    return (
        f"postgres://{user}:{urllib.parse.quote(password)}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{database}"
    )


def run_sql(*statements: str, database="postgres"):
    with psycopg.connect(admin_dsn(database), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def scalar(url: str, query: str):
    with psycopg.connect(url) as db:
        return db.execute(query).fetchone()[0]


@pytest.fixture
def fresh_database(db):
    """The guide's role and database, under names of their own; dropped afterwards."""
    if connection.vendor != "postgresql":
        if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail("DATABASE_URL names PostgreSQL but Django is not using it")
        pytest.skip("runs in the services pass (PostgreSQL)")
    name = f"samtale_install_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    created = []
    try:
        # As in the guide (there: sudo -u postgres psql).
        run_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        created.append(f"DROP ROLE IF EXISTS {name}")
        run_sql(f"CREATE DATABASE {name} OWNER {name} ENCODING 'UTF8' TEMPLATE template0")
        created.append(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        yield name, password, created
    finally:
        for statement in reversed(created):
            with suppress(psycopg.Error):
                run_sql(statement)


def test_install_on_a_fresh_database_then_back_it_up_and_restore_it(fresh_database, tmp_path):
    name, password, created = fresh_database
    url = url_for(name, password, name)
    environment = deploy_environment(tmp_path, DATABASE_URL=url, REDIS_URL="", HTTPS="false")

    manage(environment, "migrate", "--noinput")
    loaded = manage(environment, "load_register").stdout
    assert "Municipalities" in loaded
    made = manage(
        environment, "create_facilitator", "kari", "--email", "kari@kommune.no", "--generate"
    )
    facilitator_password = made.stdout.split("Password: ", 1)[1].strip()
    manage(environment, "collectstatic", "--noinput")
    assert (tmp_path / "var" / "static" / "samtale" / "css" / "samtale.css").is_file()
    # Nothing left to migrate; the tables belong to the samtale role, not to postgres.
    assert "No planned migration operations" in manage(environment, "migrate", "--plan").stdout
    assert scalar(url, "SELECT tableowner FROM pg_tables WHERE tablename = 'auth_user'") == name

    # A process started as the unit starts it serves this database; the facilitator logs in.
    process = SamtaleProcess(environment, unit_command(port := free_port()), port=port)
    try:
        browser = Browser(process.url)
        browser.get("/accounts/login/")
        response = browser.post(
            "/accounts/login/", {"username": "kari", "password": facilitator_password}
        )
        assert response.url.endswith("/meetings/")
    finally:
        process.stop()

    # The nightly purge (samtale-purge.service's ExecStart) runs on it.
    purge = subprocess.run(
        unit_command(unit=PURGE_SERVICE),
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert purge.returncode == 0, purge.stderr
    assert "0 participants made anonymous in 0 meetings" in purge.stdout

    # Backup and restore, as in the guide.
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            if IN_CI:
                pytest.fail(f"{tool} is missing (postgresql-client)")
            pytest.skip(f"{tool} is not installed (postgresql-client)")
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    client_major = int(client.split()[-1].split(".")[0])
    server_major = int(scalar(url, "SHOW server_version_num")) // 10000
    if client_major < server_major:  # pg_dump refuses a newer server
        pytest.skip(f"pg_dump {client_major} cannot dump PostgreSQL {server_major}")
    dump = tmp_path / "samtale.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", url], check=True, timeout=120)
    restored = f"{name}_restored"
    run_sql(f"CREATE DATABASE {restored} OWNER {name} ENCODING 'UTF8' TEMPLATE template0")
    created.append(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
    admin_url = admin_dsn(restored)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--role={name}", f"--dbname={admin_url}", str(dump)],
        check=True,
        timeout=120,
    )
    restored_url = url_for(name, password, restored)
    for query in (
        "SELECT count(*) FROM register_municipality",
        "SELECT password FROM auth_user WHERE username = 'kari'",
    ):
        assert scalar(restored_url, query) == scalar(url, query)
    restored_environment = {**environment, "DATABASE_URL": restored_url}
    assert (
        "No planned migration operations"
        in manage(restored_environment, "migrate", "--plan").stdout
    )
