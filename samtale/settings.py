"""samtale settings, all driven by the environment.

DATABASE_URL  default: SQLite file under var/ (the embedded, one-process shape)
REDIS_URL     absent: the in-process hub alone; present: Redis pub/sub between processes
SECRET_KEY    required, except in development: there generated once into var/secret_key
SAMTALE_DEVELOPMENT  true for `make demo`, benchmarks and the tests (the default with DEBUG
              and under pytest); never in production
DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, MEDIA_ROOT, PERSONAL_DATA_RETENTION_DAYS
Every NAME also reads NAME_FILE, for secrets mounted as files.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAMTALE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def envstr(name: str, default: str = "") -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def envbool(name: str, default: bool) -> bool:
    """Only true or false words: a typo ("ture", "enabled") must not quietly mean false."""
    value = envstr(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} is true or false (also 1/0, yes/no, on/off), not {value!r}")


def envint(name: str, default: int) -> int:
    value = envstr(name, "")
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = envstr(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def development_secret_key() -> str:
    """A key generated once per checkout, so sessions survive restarts in development."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", False)
# Development: `make demo`, the benchmarks, the tests (pytest sets PYTEST_VERSION for its
# process and the servers it starts). Only there is a missing SECRET_KEY generated, and are
# static files served under their own names, without collectstatic.
DEVELOPMENT = envbool("SAMTALE_DEVELOPMENT", DEBUG or "PYTEST_VERSION" in os.environ)
# In production a key made up on each machine would sign sessions and share links that
# the other machines refuse and a new var folder loses: refuse to start instead.
SECRET_KEY = envstr("SECRET_KEY") or (development_secret_key() if DEVELOPMENT else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG and SAMTALE_DEVELOPMENT "
        "are not true (docs/deploy.md)"
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "common",
    "live",
    "accounts",
    "register",
    "meetings",
    "participants",
    "helpdesk",
    "groups",
    "wall",
    "django_tasks",
    "django_tasks_db",
    "reports",
    "analysis",
    "imports",
    # Failed facilitator logins, counted per user name and address (Rate limits, below).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samtale.static.StaticFilesMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.private_when_personal",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware: a page that cannot reach the database says so in its language.
    "common.middleware.DatabaseUnreachableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samtale.urls"
WSGI_APPLICATION = "samtale.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'samtale.sqlite3'}",
        # Views run on a few long-lived threads (samtale/handlers.py), each of which can keep
        # its connection (production sets 600: deploy/env.example). 0 by default, so that
        # nothing holds a test database open when the tests drop it.
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let one process serve a whole meeting without "database is locked";
    # samtale.sqlite lets its writers take turns without SQLite's sleeps (see there).
    DATABASES["default"]["ENGINE"] = "samtale.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

REDIS_URL = envstr("REDIS_URL")
# The pub/sub channel of this deployment; empty: one named after the database (live/bridge.py).
LIVE_REDIS_CHANNEL = envstr("LIVE_REDIS_CHANNEL")
# Without REDIS_URL, a process with no live sockets of its own (the worker, a command)
# hands its events to the web process through this datagram socket (live/relay.py).
LIVE_RELAY_SOCKET = envstr("LIVE_RELAY_SOCKET") or str(VAR_DIR / "live.sock")
# What many pages share (common/cache.py): each process's own memory, or with REDIS_URL one
# Redis for every process, its keys named after the database as the live channel is.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "common.cache.key_in_database",
    }

# Long work (reports) runs in `manage.py db_worker`, from a queue kept in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The module that writes each report format (reports/exporters/).
REPORT_EXPORTERS = "reports.exporters"
# A build that has reported no progress for this long was stopped (its worker killed).
REPORT_BUILD_STALE_SECONDS = envint("REPORT_BUILD_STALE_SECONDS", 300)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The first backend refuses a user name locked out at this address before any password is
# hashed (django-axes); the second checks the password.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "meetings:list"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# `manage.py collectstatic` writes here; behind nginx, nginx serves it (deploy/nginx/).
STATIC_ROOT = Path(envstr("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # ServeStatic expects it, even when serving apps
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or VAR_DIR / "media")

# Card pictures: on local disk under MEDIA_ROOT ("local"), or in an S3-compatible bucket
# ("s3") through django-storages, for several machines. A bucket is private: every URL is
# signed and expires (S3_URL_EXPIRY seconds), unless S3_CUSTOM_DOMAIN serves it publicly.
# Either way the pages link samtale's own picture URLs, never the files (wall/access.py).
MEDIA_STORAGE = envstr("MEDIA_STORAGE", "local").strip().lower()
# Every picture is sent by a view that checks who asks (common/media.py): from a bucket, by a
# redirect to a URL signed for this many seconds, made at each request, so it can be short.
S3_URL_EXPIRY = envint("S3_URL_EXPIRY", 5 * 60)
# On local disk behind nginx, the view names the file in X-Accel-Redirect under nginx's
# internal location MEDIA_ACCEL_PREFIX (deploy/nginx/samtale.conf), which sends it; in
# development the process streams it itself.
MEDIA_ACCEL_REDIRECT = envbool("MEDIA_ACCEL_REDIRECT", not DEVELOPMENT)
MEDIA_ACCEL_PREFIX = "/_pictures/"
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": envstr("S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # signed URLs: pictures are not public
            "querystring_expire": S3_URL_EXPIRY,
            "file_overwrite": False,
        },
    }
    if not MEDIA_BACKEND["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET")
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'local' or 's3', not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": MEDIA_BACKEND,
    # In production collectstatic also writes every file under a name with its content's
    # hash (samtale.3f2a9c81b7e4.css), with .gz beside it, and the pages link those names,
    # so browsers may keep them a year (deploy/nginx/samtale.conf). In development the
    # files are linked under their own names, straight from the app folders.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "servestatic.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve from the app folders too, so `make demo` works without collectstatic.
SERVESTATIC_USE_FINDERS = True

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = []
HTTPS = envbool("HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Browsers that have been here once never ask over plain HTTP again.
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    # nginx redirects http:// to https:// (deploy/nginx/samtale.conf, the #tls lines), so
    # that the processes still answer plain HTTP on 127.0.0.1: the health checks of
    # docs/deploy.md (curl http://127.0.0.1:PORT/healthz) would get a redirect instead.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS.append("security.W008")  # the redirect is the proxy's job
    if not SECURE_HSTS_PRELOAD:
        # The preload list is the whole domain's owner's choice (a municipality's), made
        # once for every site under it: not one service's to announce.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# The pages run only samtale's own scripts and styles (no inline script, no style=""
# attribute: the wall's card HTML is sanitised to a few tags without attributes, wall/text.py),
# and are framed by nobody. The live socket is added per request (common/middleware.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the stylesheet's drawn arrows
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}


def s3_picture_origins(options: dict) -> list[str]:
    """Where the browser fetches card pictures from with MEDIA_STORAGE=s3: the CDN domain,
    or the endpoint, whose URLs name the bucket in the path or in the host name."""
    if options["custom_domain"]:
        return ["https://" + options["custom_domain"].split("/", 1)[0]]
    bucket = options["bucket_name"]
    if options["endpoint_url"]:
        scheme, _, rest = options["endpoint_url"].partition("://")
        host = rest.split("/", 1)[0]
        return [f"{scheme}://{host}", f"{scheme}://{bucket}.{host}"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if options["region_name"]:
        origins.append(f"https://{bucket}.s3.{options['region_name']}.amazonaws.com")
    return origins


if MEDIA_STORAGE == "s3":
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += s3_picture_origins(MEDIA_BACKEND["OPTIONS"])

PERSONAL_DATA_RETENTION_DAYS = envint("PERSONAL_DATA_RETENTION_DAYS", 90)
# Someone whose pages of the meeting all said they were going away (closed, not a phone
# asleep) and none came back within this long counts as gone: docs/live.md, "Presence".
PARTICIPANT_CLOSED_GRACE_SECONDS = envint("PARTICIPANT_CLOSED_GRACE_SECONDS", 45)

# Who runs this samtale, and where people write about its accessibility: the accessibility
# statement (/tilgjengelighet/) names them. Empty, the statement says they are not given.
OPERATOR_NAME = envstr("OPERATOR_NAME", "")
OPERATOR_CONTACT_EMAIL = envstr("OPERATOR_CONTACT_EMAIL", "")
# The privacy notice (/personvern/) names the operator too, and its data protection officer.
PRIVACY_OFFICER_EMAIL = envstr("PRIVACY_OFFICER_EMAIL", "")
# What only the operator can say: the legal basis for the processing, and who processes the
# data for it (hosting, e-mail). Plain text, paragraphs split by blank lines; usually given
# as PRIVACY_LEGAL_BASIS_FILE and PRIVACY_PROCESSORS_FILE. Empty, the notice says so.
PRIVACY_LEGAL_BASIS = envstr("PRIVACY_LEGAL_BASIS", "")
PRIVACY_PROCESSORS = envstr("PRIVACY_PROCESSORS", "")

# Threads that run Django's sync views in each process (samtale/handlers.py).
VIEW_THREADS = envint("VIEW_THREADS", 4)

# Card pictures are decoded in processes of their own (wall/images.py), never in a view
# thread: at most PICTURE_DECODERS at once in each web process, PICTURE_DECODE_WAITING more
# waiting up to PICTURE_DECODE_WAIT_SECONDS for one; beyond that an upload is refused at
# once with "try again in a few seconds" (503). Together they hold at most 2 of the 4 view
# threads, so that saves and pages always find one free.
PICTURE_DECODERS = envint("PICTURE_DECODERS", 1)
PICTURE_DECODE_WAITING = envint("PICTURE_DECODE_WAITING", 1)
PICTURE_DECODE_WAIT_SECONDS = 10
PICTURE_DECODE_SECONDS = 60  # a decode that takes longer is stopped: the picture is refused
# Pictures one person may be adding at once (a page refuses a third with 429).
UPLOADS_AT_ONCE_PER_PERSON = envint("UPLOADS_AT_ONCE_PER_PERSON", 2)

# How long the hub gathers events before it writes one frame per burst (seconds): at least
# LIVE_TICK_SECONDS, longer when more sockets are open than LIVE_FRAMES_PER_SECOND frames
# a second would serve at that tick (a socket frame costs ~17 µs: docs/capacity.md).
LIVE_TICK_SECONDS = 0.05
LIVE_TICK_MAX_SECONDS = 0.5
LIVE_FRAMES_PER_SECOND = envint("LIVE_FRAMES_PER_SECOND", 15_000)
# Frames a slow client may have waiting before it is told to resync instead.
LIVE_BACKLOG_SIZE = envint("LIVE_BACKLOG_SIZE", 64)
# Threads that run the live sockets' access checks, snapshots and requests, in turns
# (live/threads.py); the requests one socket may have unanswered, and ask a second, before
# the next is answered 429; the messages a second it is read at most (live/socket.py).
# Two: in the move of 1,000 people to their group pages (docs/capacity.md, 2026-12-08) more
# of them bought turns, not time in the interpreter the views need.
LIVE_THREADS = envint("LIVE_THREADS", 2)
LIVE_SOCKET_REQUESTS = envint("LIVE_SOCKET_REQUESTS", 8)
LIVE_SOCKET_REQUESTS_PER_SECOND = envint("LIVE_SOCKET_REQUESTS_PER_SECOND", 10)
LIVE_SOCKET_MESSAGES_PER_SECOND = envint("LIVE_SOCKET_MESSAGES_PER_SECOND", 200)
# Hold every published event to the catalogue (live/events.py): a wrong type or payload
# raises where it is published. On in DEBUG and in the tests (tests/conftest.py).
LIVE_CHECK_EVENTS = envbool("LIVE_CHECK_EVENTS", DEBUG)
# A saved card's whole body only to the wall pages that show it in view (wall.view); every
# other page hears a small summary (card.summary) and fetches the body when it scrolls to
# the card. Off: every page hears every card whole (docs/live.md, docs/capacity.md).
WALL_CARD_BODIES_TO_VIEWERS = envbool("WALL_CARD_BODIES_TO_VIEWERS", False)

# --- Rate limits ------------------------------------------------------------------------
# How often one person, one address (an IPv4 address, an IPv6 /64) or one meeting may do a
# thing over HTTP, as "count/period" (s, m, h, d; "10/10m" is ten in ten minutes); each
# RATE_LIMIT_<NAME> variable overrides one (RATE_LIMIT_JOIN_ADDRESS=8000/10m). Beyond it the
# person is told, in their language, how long to wait (HTTP 429); nothing saved is lost
# (common/limits.py). The live socket has its own limits per socket (LIVE_SOCKET_*, above).
# django-ratelimit counts in CACHES["default"]: with REDIS_URL in Redis, whose INCR is atomic,
# so the limits hold across every process; on the embedded default in the one process's
# memory, which is whole because that one process serves every request (a second process
# would count on its own). The address is the client's as uvicorn has it from nginx's
# X-Forwarded-For (FORWARDED_ALLOW_IPS).
# A national meeting has 2,000 people, who may all join from one municipality's NAT address
# within two minutes: the address and meeting limits are circuit breakers well above what a
# whole meeting does, and the per-person limits, which a real person never comes near, are
# the tight ones. A refused request is not counted further on, so one person's flood spends
# none of their address's or meeting's allowance.


def envrate(name: str, default: str) -> str:
    return envstr("RATE_LIMIT_" + name.upper().replace(".", "_"), default)


RATE_LIMITS = {
    # Joining. A person (a browser: its session, or its CSRF cookie before it has one) joins
    # once, and again after leaving or a mistake in the form. The address and the meeting:
    # 2,000 people in two minutes, with room for every form error and a second meeting.
    "join.person": envrate("join.person", "10/10m"),
    "join.address": envrate("join.address", "5000/10m"),
    "join.meeting": envrate("join.meeting", "5000/10m"),
    # Codes that are no meeting's, per address: 2,000 people behind one NAT typing the code
    # off a slide mistype it a few dozen times (3 % is 60); 1,800 guesses an hour at 30-bit
    # codes find one of a hundred live meetings once in some 6,000 hours. Past it, every code
    # this address asks for is refused until the period ends (an unknown-only refusal would
    # tell a prober which codes exist), except for the meetings a browser has already joined.
    "code.address": envrate("code.address", "300/10m"),
    # Questions to the facilitators: a person asks one or two in a meeting. The address and
    # the meeting: half of a 2,000 meeting asking within ten minutes, more than any helpdesk
    # reads.
    "help.person": envrate("help.person", "6/10m"),
    "help.address": envrate("help.address", "1000/10m"),
    "help.meeting": envrate("help.meeting", "1000/10m"),
    # Card saves over HTTP (the editor's way when its socket is down). The editor sends one at
    # a time, 0.7 s after the typing stops: about 85 a minute for someone typing without a
    # pause. The address and the meeting: every socket of a 2,000 meeting dropped at once,
    # some 400 people typing (one or two a group) falling back to HTTP together.
    "save.person": envrate("save.person", "120/m"),
    "save.address": envrate("save.address", "60000/m"),
    "save.meeting": envrate("save.meeting", "60000/m"),
    # Pictures on a card: a group adds a few. The address and the meeting: each of the ~330
    # groups of a 2,000 meeting adding three within ten minutes of being asked to.
    "upload.person": envrate("upload.person", "10/10m"),
    "upload.address": envrate("upload.address", "1000/10m"),
    "upload.meeting": envrate("upload.meeting", "1000/10m"),
    # Facilitator login forms sent from one address, right or wrong: each costs a password
    # hash (PBKDF2, near a second of a view thread); an office of facilitators sends a few an
    # hour, a password sprayer over many user names is stopped (the lockout, below, is per
    # user name and address).
    "login.address": envrate("login.address", "60/10m"),
}
RATELIMIT_USE_CACHE = "default"
# A count the cache cannot give (Redis away) lets the request through: a meeting goes on
# without limits for a moment rather than being refused.
RATELIMIT_FAIL_OPEN = True
# django_ratelimit is not in INSTALLED_APPS: it has no models, and its system check calls the
# local-memory cache an error, which for the one process of the embedded default it is not.

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address,
# that user name is refused there (HTTP 429, the login page saying how long to wait) for
# LOGIN_COOLOFF_MINUTES, each further try starting the wait again. Kept in the database, so
# on SQLite and PostgreSQL alike every process sees the same lockout. Five in a row is no
# longer a typo; a quarter of an hour turns a password guesser's thousands into a handful.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
# No record of every successful login and its address: only the failures a lockout needs.
AXES_DISABLE_ACCESS_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # django.request logs a refused request (403, 400) as a warning with the exception that
    # refused it, so each one wrote a whole traceback: one line is enough (common/logs.py).
    "filters": {"without_traceback_below_500": {"()": "common.logs.WithoutTracebackBelow500"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "samtale": {"level": envstr("LOG_LEVEL", "INFO")},
        "django.request": {"filters": ["without_traceback_below_500"]},
    },
}
