"""Real processes for the tests of the production shape, and just enough of a browser.

A private redis-server, a private PostgreSQL cluster, samtale under uvicorn in its own
process, nginx with a private prefix: each is started as an operator would start it and
stopped (or, for samtale, killed) by its own handle.
Used by tests/live/test_scale_out.py and tests/deploy/.
"""

import contextlib
import glob
import http.cookiejar
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI, LiveSocket, free_port

NGINX = "/usr/sbin/nginx"


def wait_until(check, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # refused while the server is still starting
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def require_services(what="this test"):
    """Skip unless PostgreSQL and redis-server are here; in CI's services pass, fail instead."""
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(f"{what} needs PostgreSQL and redis-server")
        pytest.skip("runs in the services pass (PostgreSQL and redis-server)")


def require_nginx():
    """Skip without Debian's nginx (`make test` installs nginx-light); in CI, fail instead."""
    if not Path(NGINX).exists():
        if IN_CI:
            pytest.fail(f"nginx is missing at {NGINX} (make test installs nginx-light)")
        pytest.skip(f"nginx is not installed at {NGINX} (make test installs nginx-light)")


def services_database_url() -> str:
    """The URL of the database this test runs on, for processes started beside it."""
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class RedisServer:
    """A private Redis for this test, so it can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_until(client.ping, what="redis to start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class SamtaleProcess:
    """`python -m samtale.server` in its own process, as in production.

    `argv` replaces the default command line (e.g. the ExecStart of the systemd unit);
    `port` is the port it listens on (free by default).
    """

    def __init__(self, env, argv=None, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            argv
            or [
                sys.executable,
                "-m",
                "samtale.server",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        wait_until(
            lambda: urllib.request.urlopen(f"{self.url}/healthz", timeout=1).status == 200,
            what="samtale to answer",
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a power cut ends it: no shutdown at all,
        every socket dropped without a close frame."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def postgres_bin() -> Path | None:
    """The newest of Debian's PostgreSQL server programs (/usr/lib/postgresql/N/bin)."""
    found = [Path(folder) for folder in glob.glob("/usr/lib/postgresql/*/bin")]
    found = [folder for folder in found if (folder / "initdb").exists()]
    return max(found, key=lambda folder: int(folder.parent.name), default=None)


def require_postgres_server() -> Path:
    """Skip without Debian's PostgreSQL server; in CI, fail instead."""
    folder = postgres_bin()
    if folder is None or (os.geteuid() == 0 and not shutil.which("runuser")):
        if IN_CI:
            pytest.fail("PostgreSQL's server is missing at /usr/lib/postgresql/*/bin")
        pytest.skip("PostgreSQL's server (initdb, pg_ctl) is not at /usr/lib/postgresql/*/bin")
    return folder


class PostgresCluster:
    """A private PostgreSQL cluster for this test, so it can be stopped and started again.

    initdb and pg_ctl from Debian's server package, in a folder of its own, on a free port of
    127.0.0.1, trusting local connections. PostgreSQL refuses to run as root: under root
    the programs run as the postgres user (runuser), who owns the folder.
    """

    def __init__(self, programs: Path):
        self.programs = programs
        self.folder = Path(tempfile.mkdtemp(prefix="samtale-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/samtale"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.programs / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise AssertionError(f"{program} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "postgres.log"))  # fmt: skip

    def stop(self):
        """As `systemctl stop postgresql` does: sessions ended, then the server."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def create_database(self, name="samtale"):
        import psycopg

        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

    def remove(self):
        with contextlib.suppress(AssertionError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class NginxServer:
    """nginx in the foreground with a private prefix, around one server configuration.

    `site` is the text of a configuration for nginx's http block (ours comes from
    deploy/render.py). The main configuration around it is what a Debian nginx.conf
    gives a site: mime.types, logs, temporary folders; here all of them under `prefix`.
    The access log records which upstream served each request. `worker_connections` is
    Debian's default; bench/live.py, in front of thousands of sockets, asks for more.
    """

    def __init__(self, prefix: Path, site: str, worker_connections: int = 1024):
        self.prefix = prefix
        for folder in ("logs", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
        (prefix / "samtale.conf").write_text(site)
        # The workers must read the pytest tmp folders, which only root may enter.
        user = "user root;" if os.geteuid() == 0 else ""
        # A proxied connection holds two descriptors; more than 1,024 need a raised limit.
        files = f"worker_rlimit_nofile {2 * worker_connections + 64};"
        files = files if worker_connections > 1024 else ""
        (prefix / "nginx.conf").write_text(
            f"""{user}
worker_processes 1;
{files}
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections {worker_connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_format upstreams '$request_method $uri $status upstream=$upstream_addr';
    access_log {prefix}/logs/access.log upstreams;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/samtale.conf;
}}
"""
        )
        self.command = [NGINX, "-p", f"{prefix}/", "-c", f"{prefix}/nginx.conf"]
        self.process = None

    def test_config(self) -> subprocess.CompletedProcess:
        """`nginx -t`, as the guide runs it before a reload."""
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True)

    def start(self, port: int, scheme="http"):
        self.process = subprocess.Popen(
            [*self.command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True
        )
        self.url = f"{scheme}://127.0.0.1:{port}"
        context = ssl._create_unverified_context() if scheme == "https" else None

        def answers():
            if self.process.poll() is not None:
                raise AssertionError(f"nginx stopped: {self.process.stderr.read()}")
            return urllib.request.urlopen(f"{self.url}/healthz", timeout=1, context=context)

        wait_until(answers, what="nginx to answer")

    def access_log(self) -> list[str]:
        return (self.prefix / "logs" / "access.log").read_text().splitlines()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """Just enough of a browser: cookies, CSRF, forms; `ssl_context` for https."""

    def __init__(self, base, ssl_context=None):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self.opener = urllib.request.build_opener(*handlers)

    def cookie(self, name):
        return next(c.value for c in self.cookies if c.name == name)

    def get(self, path):
        return self.opener.open(self.base + path, timeout=10).read().decode()

    def open(self, path, headers=None):
        """The answer to GET `path` with `headers`, whatever its status (an error is read
        as a browser shows it): (status, headers, text)."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, response.headers, response.read().decode()

    def choose_language(self, language):
        """The language switch of the pages (Django's set_language): a cookie from now on."""
        self.get("/")
        self.post("/i18n/setlang/", {"language": language, "next": "/"})

    def post(self, path, data):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"X-CSRFToken": self.cookie("csrftoken"), "Referer": self.base + path},
        )
        return self.opener.open(request, timeout=10)

    def post_files(self, path, fields: dict, files: dict):
        """A multipart form as a browser sends it: `files` maps a field to (name, bytes)."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            self.base + path,
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": self.cookie("csrftoken"),
                "Referer": self.base + path,
            },
        )
        return self.opener.open(request, timeout=30)

    def join(self, code, name):
        self.get(f"/m/{code}/")
        self.post(
            f"/m/{code}/join/",
            {"name": name, "organisation": "KS", "organisation_is_other": "on", "join_key": name},
        )


def open_socket(stack, process, browser, code, ssl_context=None):
    """A live socket on `process` (anything with a `url`: samtale, or nginx in front)."""
    from websockets.sync.client import connect

    ws_url = "ws" + process.url.removeprefix("http")
    options = {"ssl": ssl_context} if ssl_context is not None else {}
    return LiveSocket(
        stack.enter_context(
            connect(
                f"{ws_url}/ws/meetings/{code}/",
                additional_headers={
                    "Origin": process.url,
                    # Every cookie, as a browser sends them: the session, a chosen language.
                    "Cookie": "; ".join(f"{c.name}={c.value}" for c in browser.cookies),
                },
                open_timeout=5,
                **options,
            )
        )
    )


def save(browser, code, base, body):
    """Save the group's card through `browser`; returns the new version."""
    response = browser.post(
        f"/wall/{code}/card/save/",
        {"base_version": base, "heading": "Kort", "body": body, "questions": ["1"]},
    )
    return json.loads(response.read())["version"]
