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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samtale.static.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
MEDIA_STORAGE = envstr("MEDIA_STORAGE", "local").strip().lower()
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
            "querystring_expire": envint("S3_URL_EXPIRY", 6 * 60 * 60),
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
if envbool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

PERSONAL_DATA_RETENTION_DAYS = envint("PERSONAL_DATA_RETENTION_DAYS", 90)

# Threads that run Django's sync views in each process (samtale/handlers.py).
VIEW_THREADS = envint("VIEW_THREADS", 4)

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
LIVE_THREADS = envint("LIVE_THREADS", 2)
LIVE_SOCKET_REQUESTS = envint("LIVE_SOCKET_REQUESTS", 8)
LIVE_SOCKET_REQUESTS_PER_SECOND = envint("LIVE_SOCKET_REQUESTS_PER_SECOND", 10)
LIVE_SOCKET_MESSAGES_PER_SECOND = envint("LIVE_SOCKET_MESSAGES_PER_SECOND", 200)
# Hold every published event to the catalogue (live/events.py): a wrong type or payload
# raises where it is published. On in DEBUG and in the tests (tests/conftest.py).
LIVE_CHECK_EVENTS = envbool("LIVE_CHECK_EVENTS", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"samtale": {"level": envstr("LOG_LEVEL", "INFO")}},
}
