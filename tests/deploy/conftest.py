"""The deployment files as an operator uses them: the env file, the systemd unit, manage.py.

Processes get exactly what systemd would give them: the unit's Environment= defaults, then
the assignments of deploy/env.example (with the values a test must change), and the
unit's ExecStart with %i filled in and the venv in place of /opt/samtale/.venv.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
ENV_EXAMPLE = DEPLOY / "env.example"
SYSTEMD = DEPLOY / "systemd"
SERVICE = SYSTEMD / "samtale@.service"
TARGET = SYSTEMD / "samtale.target"
PURGE_SERVICE = SYSTEMD / "samtale-purge.service"
PURGE_TIMER = SYSTEMD / "samtale-purge.timer"
WORKER_SERVICE = SYSTEMD / "samtale-worker.service"
INSTALL_DIR = "/opt/samtale"
ASSIGNMENT = re.compile(r"^\s*(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def env_file_assignments(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """NAME=value lines as systemd's EnvironmentFile= reads them (comments skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        match = ASSIGNMENT.match(line)
        if match and not match.group(1):
            values[match.group(2)] = match.group(3).strip()
    return values


def env_file_names(path: Path = ENV_EXAMPLE) -> set[str]:
    """Every NAME the file documents, set or shown commented out ("# NAME=...")."""
    return {
        match.group(2)
        for line in path.read_text().splitlines()
        if (match := ASSIGNMENT.match(line))
    }


def unit_service_section(unit: Path = SERVICE) -> dict[str, list[str]]:
    """The [Service] section of a unit (samtale@.service): each key with all its values."""
    values: dict[str, list[str]] = {}
    section = None
    for line in unit.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service" and "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def unit_command(port: int | None = None, unit: Path = SERVICE) -> list[str]:
    """ExecStart of samtale@PORT.service (or `unit`), run from this checkout's venv."""
    (command,) = unit_service_section(unit)["ExecStart"]
    command = command.replace("%i", str(port))
    command = command.replace(f"{INSTALL_DIR}/.venv/bin/", f"{Path(sys.executable).parent}/")
    return command.split()


def unit_environment() -> dict[str, str]:
    """The unit's Environment= defaults."""
    values = {}
    for assignment in unit_service_section().get("Environment", []):
        name, value = assignment.split("=", 1)
        values[name] = value
    return values


def deploy_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """What a samtale process gets from systemd: unit defaults, then the env file.

    The machine-specific values of deploy/env.example (folders, the database, the key file,
    host names) are replaced by `overrides` and folders under `tmp_path`.
    """
    secret = tmp_path / "secret_key"
    if not secret.exists():
        secret.write_text("deploy-test-key-" + "k" * 50 + "\n")
    var = tmp_path / "var"
    machine = {
        "SAMTALE_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "SECRET_KEY_FILE": str(secret),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
    }
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **unit_environment(),
        **env_file_assignments(),
        **machine,
        **overrides,
    }
    return {name: value for name, value in environment.items() if value is not None}


def manage(environment: dict[str, str], *args: str, check=True) -> subprocess.CompletedProcess:
    """`.venv/bin/python manage.py ARGS` with the env file loaded, as the guide runs it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result
