"""nginx in front of two samtale processes, as docs/deploy.md sets them up.

The site is rendered from deploy/nginx/samtale.conf by deploy/render.py; the processes are
started with the ExecStart of deploy/systemd/samtale@.service and the environment of
deploy/env.example, on PostgreSQL and a private Redis; static files are collected with
`manage.py collectstatic`. Through nginx: the health check, static files served by nginx
itself, a meeting whose save and socket land on different processes, a process restart,
the picture size limits, pictures on local disk, and TLS with a (self-signed) certificate.
"""

import datetime
import gzip
import http.client
import io
import ipaddress
import json
import re
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from groups import domain as groups
from meetings import domain as meetings
from tests.conftest import free_port
from tests.deploy.conftest import DEPLOY, deploy_environment, manage, unit_command
from tests.factories import group_session
from tests.processes import (
    Browser,
    NginxServer,
    RedisServer,
    SamtaleProcess,
    open_socket,
    require_nginx,
    require_services,
    save,
    services_database_url,
    wait_until,
)
from wall.models import CardImage

pytestmark = pytest.mark.services

RENDER = DEPLOY / "render.py"
CSS = "samtale/css/samtale.css"
MB = 1024 * 1024


def render_site(*args: str) -> str:
    """`python3 deploy/render.py ARGS`, as the guide runs it."""
    result = subprocess.run(
        [sys.executable, str(RENDER), *args], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, standing in for the operator's."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "samtale.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Deployment:
    nginx: NginxServer
    processes: list[SamtaleProcess]
    environment: dict[str, str]
    stack: ExitStack
    ssl_context: ssl.SSLContext | None = None
    plain_port: int | None = None
    by_port: dict[int, SamtaleProcess] = field(default_factory=dict)

    def browser(self) -> Browser:
        return Browser(self.nginx.url, ssl_context=self.ssl_context)

    def get(self, path, headers=None):
        request = urllib.request.Request(self.nginx.url + path, headers=headers or {})
        return urllib.request.urlopen(request, timeout=10, context=self.ssl_context)

    def socket(self, browser, code):
        return open_socket(self.stack, self.nginx, browser, code, ssl_context=self.ssl_context)

    def upstreams(self, method: str, path_start: str) -> list[int | None]:
        """The process ports nginx sent matching requests to, from its access log.

        None for a request nginx answered itself (logged with upstream=-).
        """
        ports = []
        for line in self.nginx.access_log():
            logged_method, path, _status, upstream = line.split(" ", 3)
            if logged_method == method and path.startswith(path_start):
                address = upstream.removeprefix("upstream=")
                ports.append(None if address == "-" else int(address.rsplit(":", 1)[1]))
        return ports


@contextmanager
def deployment(tmp_path: Path, tls: bool = False):
    """Redis, two samtale processes started as systemd would, collectstatic, nginx."""
    require_services("the nginx test")
    require_nginx()
    with ExitStack() as stack:
        redis_server = RedisServer()
        redis_server.start()
        stack.callback(redis_server.stop)

        port, plain_port = free_port(), free_port()
        scheme = "https" if tls else "http"
        environment = deploy_environment(
            tmp_path,
            DATABASE_URL=services_database_url(),
            REDIS_URL=redis_server.url,
            CSRF_TRUSTED_ORIGINS=f"{scheme}://127.0.0.1:{port}",
            # env.example says HTTPS=true (behind TLS); the plain test has no TLS.
            HTTPS="true" if tls else "false",
        )
        manage(environment, "collectstatic", "--noinput")
        static_root = Path(environment["STATIC_ROOT"])
        media_root = Path(environment["MEDIA_ROOT"])
        assert (static_root / CSS).is_file()

        processes = []
        for _ in range(2):
            process_port = free_port()
            process = SamtaleProcess(environment, unit_command(process_port), port=process_port)
            stack.callback(
                lambda process=process: process.process.poll() is None and process.stop()
            )
            processes.append(process)

        options = [
            "--server-name",
            "samtale.test",
            "--upstreams",
            ",".join(f"127.0.0.1:{process.port}" for process in processes),
            "--static-root",
            str(static_root),
            "--media-root",
            str(media_root),
        ]
        ssl_context = None
        if tls:
            cert, key = self_signed_certificate(tmp_path)
            options += ["--listen", f"127.0.0.1:{plain_port}", "--tls"]
            options += ["--tls-listen", f"127.0.0.1:{port}"]
            options += ["--tls-certificate", str(cert), "--tls-certificate-key", str(key)]
            ssl_context = ssl.create_default_context(cafile=str(cert))
        else:
            options += ["--listen", f"127.0.0.1:{port}"]
        nginx = NginxServer(tmp_path / "nginx", render_site(*options))
        checked = nginx.test_config()
        assert checked.returncode == 0, checked.stderr
        nginx.start(port, scheme=scheme)
        stack.callback(nginx.stop)
        yield Deployment(
            nginx=nginx,
            processes=processes,
            environment=environment,
            stack=stack,
            ssl_context=ssl_context,
            plain_port=plain_port if tls else None,
            by_port={process.port: process for process in processes},
        )


@pytest.fixture
def deployed(transactional_db, tmp_path):
    with deployment(tmp_path) as site:
        yield site


@pytest.fixture
def deployed_tls(transactional_db, tmp_path):
    with deployment(tmp_path, tls=True) as site:
        yield site


def meeting_in_group_session(site: Deployment, names=("Anne Ås", "Bjørn Berg")):
    """A started meeting in a group session; one browser per name, joined through nginx."""
    item = group_session()
    meeting = item.meeting
    browsers = []
    for name in names:
        browser = site.browser()
        browser.join(meeting.code, name)
        browsers.append(browser)
    meetings.meeting_start(meeting=meeting)
    groups.groups_form(item=item, strategy="random", target_size=len(names), seed=1)
    return meeting, browsers


def jpeg(size=(1200, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


# --- The configuration ---------------------------------------------------------------------


def test_rendered_site_passes_nginx_t_with_and_without_tls(tmp_path):
    require_nginx()
    cert, key = self_signed_certificate(tmp_path)
    plain = render_site("--server-name", "samtale.example.kommune.no")
    tls = render_site(
        "--server-name",
        "samtale.example.kommune.no",
        "--tls",
        "--tls-certificate",
        str(cert),
        "--tls-certificate-key",
        str(key),
    )
    assert "${" not in plain and "${" not in tls
    assert "    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;" in plain
    assert "#tls listen 443 ssl http2;" in plain  # the example stays a comment
    assert re.search(r"^    listen 443 ssl http2;$", tls, re.MULTILINE)
    for name, site in (("plain", plain), ("tls", tls)):
        checked = NginxServer(tmp_path / name, site).test_config()
        assert checked.returncode == 0, checked.stderr


def test_render_refuses_values_that_would_break_the_file():
    for args in (
        ["--server-name", "samtale.test; include /etc/passwd"],
        ["--server-name", "samtale.test", "--upstreams", "127.0.0.1"],
        ["--server-name", "samtale.test", "--static-root", "/srv/{static}"],
    ):
        result = subprocess.run(
            [sys.executable, str(RENDER), *args], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 2, args
        assert result.stdout == ""


# --- In front of two processes -------------------------------------------------------------


def test_health_check_and_static_files_are_served_through_nginx(deployed):
    with deployed.get("/healthz") as response:
        assert (response.status, response.read()) == (200, b'{"status": "ok"}')

    # The pages link the stylesheet by the hashed name collectstatic gave it, which nginx
    # lets browsers keep a year; ServeStatic would say max-age=60 and send no Expires.
    static_root = Path(deployed.environment["STATIC_ROOT"])
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"][CSS]
    assert re.fullmatch(r"samtale/css/samtale\.[0-9a-f]{12}\.css", hashed)
    with deployed.get("/") as response:
        assert f'href="/static/{hashed}"' in response.read().decode()
    with deployed.get(f"/static/{hashed}") as response:
        body = response.read()
        assert response.headers["Cache-Control"] == "max-age=31536000"
        assert response.headers["Expires"]
    assert body == (static_root / hashed).read_bytes()
    # The .gz file collectstatic wrote, sent as it is (gzip_static).
    with deployed.get(f"/static/{hashed}", {"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=31536000"
        assert gzip.decompress(response.read()) == body
    # Under its own name, whose content an upgrade changes, for an hour only.
    with deployed.get(f"/static/{CSS}") as response:
        assert response.headers["Cache-Control"] == "max-age=3600"
        assert response.headers["Expires"]
        assert response.read() == (static_root / CSS).read_bytes()
    # nginx answers by itself: a file put in STATIC_ROOT after the processes started is
    # served, though ServeStatic in the processes only knows the files it found at start.
    probe = Path(deployed.environment["STATIC_ROOT"]) / "samtale" / "probe.txt"
    probe.write_text("served by nginx")
    with deployed.get("/static/samtale/probe.txt") as response:
        assert response.read() == b"served by nginx"
        assert response.headers["Cache-Control"] == "max-age=3600"
    with pytest.raises(urllib.error.HTTPError) as behind_nginx:
        urllib.request.urlopen(f"{deployed.processes[0].url}/static/samtale/probe.txt")
    assert behind_nginx.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as missing:
        deployed.get("/static/samtale/css/missing.css")
    assert missing.value.code == 404


def test_save_and_socket_on_different_processes_and_a_process_restart(deployed):
    meeting, (writer, reader) = meeting_in_group_session(deployed)
    code = meeting.code

    socket = deployed.socket(reader, code)
    socket.receive_event("programme.state")
    version = 0
    for body in ("Første lagring", "Andre lagring"):
        version = save(writer, code, version, body)
        frame = socket.receive_event("card.state", timeout=5)
        assert (frame["version"], body in frame["html"]) == (version, True)
    socket.connection.close()

    # The access log shows where nginx sent them (the socket's line comes when it closes).
    wait_until(lambda: deployed.upstreams("GET", "/ws/"), what="the socket's log line")
    (socket_port,) = deployed.upstreams("GET", f"/ws/meetings/{code}/")
    save_ports = deployed.upstreams("POST", f"/wall/{code}/card/save/")
    assert set(save_ports) - {socket_port}, "every save landed on the socket's own process"
    assert set(deployed.upstreams("GET", "/healthz")) == set()  # not logged (access_log off)

    # A rolling restart: while the socket's process is down, nginx uses the other one.
    down = deployed.by_port[socket_port]
    down.stop()
    for _ in range(4):
        with deployed.get("/healthz") as response:
            assert response.status == 200
    socket = deployed.socket(reader, code)
    socket.receive_event("programme.state")
    version = save(writer, code, version, "Mens en prosess starter på nytt")
    assert "Mens en prosess" in socket.receive_event("card.state", timeout=5)["html"]
    socket.connection.close()
    restarted = SamtaleProcess(deployed.environment, unit_command(down.port), port=down.port)
    deployed.stack.callback(restarted.stop)
    socket = deployed.socket(reader, code)
    socket.receive_event("programme.state")
    save(writer, code, version, "Etter omstarten")
    assert "Etter omstarten" in socket.receive_event("card.state", timeout=5)["html"]
    socket.connection.close()


def test_picture_limits_and_pictures_on_local_disk(deployed):
    meeting, (uploader, _other) = meeting_in_group_session(deployed)
    path = f"/wall/{meeting.code}/card/images/"

    # 11 MB passes nginx (12m) and is refused by samtale with its own message.
    response = uploader.post_files(
        path, {"alt": "For stort"}, {"image": ("stort.jpg", b"x" * 11 * MB)}
    )
    assert "Bildet er for stort: høyst 10 MB." in response.read().decode()
    # 13 MB is refused by nginx before it reaches a process.
    with pytest.raises(urllib.error.HTTPError) as refused:
        uploader.post_files(path, {"alt": "Altfor stort"}, {"image": ("stort.jpg", b"x" * 13 * MB)})
    assert refused.value.code == 413
    assert not CardImage.objects.exists()

    # A real picture is stored under MEDIA_ROOT. The page links the view that checks who
    # asks; it answers X-Accel-Redirect and nginx sends the file from its internal location.
    response = uploader.post_files(path, {"alt": "Tavla"}, {"image": ("tavla.jpg", jpeg())})
    assert "Bildet er lagt til på kortet." in response.read().decode()
    picture = CardImage.objects.get()
    stored = Path(deployed.environment["MEDIA_ROOT"]) / picture.thumbnail.name
    assert stored.is_file()
    url = f"/wall/pictures/{picture.pk}/thumbnail/"
    with uploader.opener.open(uploader.base + url, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers["Cache-Control"] == "private, max-age=3600"
        assert "X-Accel-Redirect" not in response.headers
        assert response.read() == stored.read_bytes()
    # Someone who has not joined gets nothing, and neither the internal location nor the
    # old /media/ URLs are open to anyone.
    for path_asked in (
        url,
        f"/_pictures/{picture.thumbnail.name}",
        f"/media/{picture.thumbnail.name}",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            deployed.get(path_asked)
        assert refused.value.code == 404, path_asked
    # nginx logs the URI it ended at: the participant's request went through a process (the
    # check) and on to /_pictures/; the one asked for directly, nginx refused by itself.
    checked, direct = deployed.upstreams("GET", "/_pictures/")
    assert checked in {process.port for process in deployed.processes}
    assert direct is None


def test_tls_in_front_of_the_processes(deployed_tls):
    site = deployed_tls
    # Plain HTTP is sent to HTTPS.
    plain = http.client.HTTPConnection("127.0.0.1", site.plain_port, timeout=10)
    plain.request("GET", "/m/ABC/", headers={"Host": "samtale.test"})
    response = plain.getresponse()
    assert (response.status, response.headers["Location"]) == (301, "https://samtale.test/m/ABC/")
    plain.close()

    with site.get("/healthz") as response:
        assert response.status == 200
        # samtale's (HTTPS=true), once: nginx adds none of its own.
        assert response.headers.get_all("Strict-Transport-Security") == [
            "max-age=31536000; includeSubDomains"
        ]

    meeting, (writer, reader) = meeting_in_group_session(site)
    session = next(cookie for cookie in reader.cookies if cookie.name == "sessionid")
    assert session.secure  # HTTPS=true from the env file

    # A facilitator made with the guide's command logs in; samtale knows it is https.
    manage(site.environment, "create_facilitator", "kari", "--password", "Et-godt-passord-42")
    meeting.facilitators.add(get_user_model().objects.get(username="kari"))
    facilitator = site.browser()
    facilitator.get("/accounts/login/")
    facilitator.post("/accounts/login/", {"username": "kari", "password": "Et-godt-passord-42"})
    run_page = facilitator.get(f"/meetings/{meeting.pk}/run/")
    # X-Forwarded-Proto arrived, and the Host with its port ($http_host), as the page's own.
    assert f"{site.nginx.url}/m/{meeting.code}/" in run_page
    assert site.nginx.url.startswith("https://127.0.0.1:")

    socket = site.socket(reader, meeting.code)
    socket.receive_event("programme.state")
    version = save(writer, meeting.code, 0, "Over TLS")
    frame = socket.receive_event("card.state", timeout=5)
    assert (frame["version"], "Over TLS" in frame["html"]) == (version, True)
    socket.connection.close()
