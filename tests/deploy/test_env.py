"""deploy/env.example: it names every variable samtale reads, and filled in, it works."""

import json
import re
import subprocess
import sys

from django.conf import settings

from tests.deploy.conftest import (
    deploy_environment,
    env_file_assignments,
    env_file_names,
    manage,
)

SETTINGS_FILE = settings.BASE_DIR / "samtale" / "settings.py"
READERS = re.compile(
    r"""\b(?:envstr|envbool|envint|envlist|os\.environ\.get)\(\s*["']([A-Z0-9_]+)["']"""
)
# Read by uvicorn itself, not by samtale's settings (see the unit and the env file).
UVICORN = {"UVICORN_HOST", "FORWARDED_ALLOW_IPS"}


def names_settings_read() -> set[str]:
    return set(READERS.findall(SETTINGS_FILE.read_text()))


def test_the_settings_read_the_variables_we_expect_to_find():
    read = names_settings_read()
    # A sanity check of the parsing, not the list (the list is the next test's business).
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SAMTALE_VAR_DIR", "S3_BUCKET"} <= read


def documented(name: str, names: set[str]) -> bool:
    """A name ending in "_" is a family read by prefix (RATE_LIMIT_<ACTION>_<SCOPE>): one
    documented member of it will do."""
    return name in names or (name.endswith("_") and any(n.startswith(name) for n in names))


def test_env_example_names_every_variable_the_settings_read():
    names = env_file_names()
    missing = {name for name in names_settings_read() if not documented(name, names)}
    assert not missing, f"deploy/env.example does not mention {sorted(missing)}"


def test_env_example_names_nothing_that_is_not_read():
    """No typo survives: each name is read by the settings (NAME or NAME_FILE) or uvicorn."""
    read = names_settings_read()
    unknown = {
        name
        for name in env_file_names()
        if name not in read
        and name.removesuffix("_FILE") not in read
        and name not in UVICORN
        and not any(prefix.endswith("_") and name.startswith(prefix) for prefix in read)
    }
    assert not unknown, f"deploy/env.example names {sorted(unknown)}, which nothing reads"


def test_env_example_is_systemd_and_shell_safe():
    """NAME=value lines without quotes or spaces: EnvironmentFile= and `. env` agree."""
    for name, value in env_file_assignments().items():
        assert value and not re.search(r"[\s'\"$`\\]", value), f"{name}={value!r}"
    # NAME_FILE wins over NAME: never both set, or the one you see is not the one used.
    set_names = set(env_file_assignments())
    assert not {name for name in set_names if f"{name}_FILE" in set_names}


def test_filled_in_env_example_gives_production_settings(tmp_path):
    environment = deploy_environment(tmp_path)
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'secure': s.SESSION_COOKIE_SECURE,"
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'proxy': s.SECURE_PROXY_SSL_HEADER,"
        "'hosts': s.ALLOWED_HOSTS, 'engine': s.DATABASES['default']['ENGINE'],"
        "'db': s.DATABASES['default']['NAME'], 'redis': s.REDIS_URL,"
        "'key': s.SECRET_KEY, 'media': str(s.MEDIA_ROOT), 'static': str(s.STATIC_ROOT),"
        "'storage': s.STORAGES['default']['BACKEND'],"
        "'static_storage': s.STORAGES['staticfiles']['BACKEND'], 'development': s.DEVELOPMENT,"
        "'retention': s.PERSONAL_DATA_RETENTION_DAYS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "samtale.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    assert read == {
        "debug": False,
        "secure": True,
        "csrf_secure": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "hosts": ["127.0.0.1"],
        "engine": "django.db.backends.postgresql",
        "db": "samtale",
        "redis": "redis://127.0.0.1:6379/0",
        "key": (tmp_path / "secret_key").read_text().strip(),
        "media": environment["MEDIA_ROOT"],
        "static": environment["STATIC_ROOT"],
        "storage": "django.core.files.storage.FileSystemStorage",
        "static_storage": "servestatic.storage.CompressedManifestStaticFilesStorage",
        "development": False,
        "retention": 90,
    }


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    environment = deploy_environment(tmp_path, SECRET_KEY_FILE=None)

    refused = manage(environment, "check", check=False)
    assert refused.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) is required" in refused.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # none made up on this machine

    # Development (make demo, the tests) generates one into the var folder, once.
    manage({**environment, "SAMTALE_DEVELOPMENT": "true"}, "check")
    assert len((tmp_path / "var" / "secret_key").read_text().strip()) >= 50


def test_a_true_false_setting_with_another_word_refuses_to_start(tmp_path):
    refused = manage(deploy_environment(tmp_path, DEBUG="ture"), "check", check=False)

    assert refused.returncode != 0
    assert "DEBUG is true or false" in refused.stderr


def test_check_deploy_is_clean(tmp_path):
    """`manage.py check --deploy` finds nothing in production settings: HSTS is on with
    HTTPS=true, and the HTTPS redirect is nginx's (W008 silenced, with the reason)."""
    result = manage(
        deploy_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING", check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.findall(r"\(([a-z_.]+\.[EW]\d+)\)", output), output
    assert "System check identified no issues" in output


def test_check_deploy_warns_when_processes_neither_redirect_nor_send_hsts(tmp_path):
    """Without HTTPS=true nothing is silenced: plain HTTP in production is still named."""
    result = manage(
        deploy_environment(tmp_path, HTTPS="false"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert {"security.W004", "security.W008"} <= set(re.findall(r"\(([a-z_.]+\.[EW]\d+)\)", output))
