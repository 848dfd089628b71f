"""deploy/systemd/: systemd's own checks of the units, and that they agree with the env file.

That the ExecStart line serves samtale is tested in tests/deploy/test_nginx.py, which
starts its processes with it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.deploy.conftest import (
    ENV_EXAMPLE,
    INSTALL_DIR,
    PURGE_SERVICE,
    PURGE_TIMER,
    SERVICE,
    SYSTEMD,
    TARGET,
    WORKER_SERVICE,
    env_file_assignments,
    unit_service_section,
)

SERVICES = (SERVICE, PURGE_SERVICE, WORKER_SERVICE)


@pytest.fixture
def systemd_analyze():
    path = shutil.which("systemd-analyze")
    if not path:
        if IN_CI:
            pytest.fail("systemd-analyze is missing (make test installs systemd)")
        pytest.skip("systemd-analyze is not installed (make test installs systemd)")
    return path


@pytest.fixture
def units(tmp_path):
    """Copies of the units whose paths exist here: this checkout, its venv, a copy of the env."""
    (tmp_path / "env").write_text(ENV_EXAMPLE.read_text())
    for unit in sorted(SYSTEMD.iterdir()):
        text = unit.read_text()
        if unit.suffix == ".service":
            text = text.replace(f"{INSTALL_DIR}/.venv/bin/", f"{Path(sys.executable).parent}/")
            text = text.replace(
                f"WorkingDirectory={INSTALL_DIR}", f"WorkingDirectory={settings.BASE_DIR}"
            )
            text = text.replace(
                "EnvironmentFile=/etc/samtale/env", f"EnvironmentFile={tmp_path / 'env'}"
            )
            assert text.count(str(tmp_path)) == 1 and str(Path(sys.executable).parent) in text
        (tmp_path / unit.name).write_text(text)
    return tmp_path


def test_systemd_analyze_verify_accepts_the_units(systemd_analyze, units):
    result = subprocess.run(
        [
            systemd_analyze,
            "verify",
            str(units / "samtale@8001.service"),
            str(units / TARGET.name),
            str(units / PURGE_SERVICE.name),
            str(units / PURGE_TIMER.name),
            str(units / WORKER_SERVICE.name),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # verify only warns of unknown keys and bad values: none may concern our files.
    ours = [line for line in result.stderr.splitlines() if str(units) in line or "samtale" in line]
    assert not ours, "\n".join(ours)


@pytest.mark.parametrize("name", ["samtale@8001.service", PURGE_SERVICE.name, WORKER_SERVICE.name])
def test_systemd_analyze_security_rates_the_services_ok(systemd_analyze, units, name):
    """systemd's exposure score (0 best, 10 worst) stays at 2.0 or below; 'OK' is under 4."""
    result = subprocess.run(
        [systemd_analyze, "security", "--offline=yes", "--threshold=20", str(units / name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


@pytest.mark.parametrize("unit", SERVICES, ids=lambda unit: unit.name)
def test_the_services_are_hardened_and_may_write_only_the_var_folder(unit):
    service = unit_service_section(unit)
    for key, value in {
        "User": "samtale",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "EnvironmentFile": "/etc/samtale/env",
        "WorkingDirectory": INSTALL_DIR,
    }.items():
        assert service[key] == [value], key
    writable = [Path(path) for path in " ".join(service["ReadWritePaths"]).split()]
    env = env_file_assignments()
    for name in ("SAMTALE_VAR_DIR", "MEDIA_ROOT"):
        folder = Path(env[name])
        assert any(folder.is_relative_to(path) for path in writable), f"{name}={folder}"


def test_the_processes_restart_on_failure_one_port_each():
    service = unit_service_section(SERVICE)
    assert service["Restart"] == ["on-failure"]
    assert "--port %i" in service["ExecStart"][0]
    assert "purge_personal_data" in unit_service_section(PURGE_SERVICE)["ExecStart"][0]


def test_the_report_worker_runs_the_queue_restarts_and_belongs_to_the_target():
    worker = unit_service_section(WORKER_SERVICE)
    assert worker["ExecStart"] == ["/opt/samtale/.venv/bin/python manage.py db_worker --no-reload"]
    assert worker["Restart"] == ["on-failure"]
    assert "WantedBy=samtale.target" in WORKER_SERVICE.read_text()
    assert "PartOf=samtale.target" in WORKER_SERVICE.read_text()


def test_the_target_wants_instances_of_the_service():
    wants = next(line for line in TARGET.read_text().splitlines() if line.startswith("Wants="))
    assert wants.split("=", 1)[1].split() == ["samtale@8001.service", "samtale@8002.service"]
    assert "WantedBy=samtale.target" in SERVICE.read_text()
    assert "PartOf=samtale.target" in SERVICE.read_text()
