"""The settings' environment helpers: every NAME can also come from the file NAME_FILE."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samtale.settings import envbool, envint, envlist, envstr

NAME = "SAMTALE_TEST_SETTING"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    monkeypatch.delenv(f"{NAME}_FILE", raising=False)


@pytest.fixture
def secret_file(tmp_path, monkeypatch):
    """Write `text` to a file and point NAME_FILE at it."""

    def write(text):
        path = tmp_path / "secret"
        path.write_text(text)
        monkeypatch.setenv(f"{NAME}_FILE", str(path))
        return path

    return write


# --- envstr -------------------------------------------------------------------------------


def test_envstr_reads_the_variable(monkeypatch):
    monkeypatch.setenv(NAME, "postgres://db/samtale")

    assert envstr(NAME) == "postgres://db/samtale"


def test_envstr_unset_is_the_default():
    assert envstr(NAME) == ""
    assert envstr(NAME, "fallback") == "fallback"


def test_envstr_reads_the_file_stripped(secret_file):
    secret_file("  s3cret-from-file\n")

    assert envstr(NAME) == "s3cret-from-file"


def test_envstr_file_wins_over_the_variable(monkeypatch, secret_file):
    monkeypatch.setenv(NAME, "from-variable")
    secret_file("from-file\n")

    assert envstr(NAME) == "from-file"


def test_envstr_empty_file_variable_falls_back_to_the_variable(monkeypatch):
    monkeypatch.setenv(NAME, "from-variable")
    monkeypatch.setenv(f"{NAME}_FILE", "")

    assert envstr(NAME) == "from-variable"


def test_envstr_missing_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv(f"{NAME}_FILE", str(tmp_path / "missing"))

    with pytest.raises(FileNotFoundError):
        envstr(NAME)


# --- envbool ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " on "])
def test_envbool_true_values(monkeypatch, value):
    monkeypatch.setenv(NAME, value)

    assert envbool(NAME, False) is True


@pytest.mark.parametrize("value", ["0", "false", "FALSE", "No", "off", " off\n"])
def test_envbool_false_values(monkeypatch, value):
    monkeypatch.setenv(NAME, value)

    assert envbool(NAME, True) is False


@pytest.mark.parametrize("value", ["nonsense", "ture", "enabled", "2", "y", "true,"])
def test_envbool_refuses_anything_else_naming_the_variable(monkeypatch, value):
    # Before, anything but a true word meant false: DEBUG=ture switched nothing on, silently.
    monkeypatch.setenv(NAME, value)

    with pytest.raises(ImproperlyConfigured, match=rf"{NAME} is true or false.*{value!r}"):
        envbool(NAME, False)


@pytest.mark.parametrize("default", [True, False])
def test_envbool_unset_or_empty_is_the_default(monkeypatch, default):
    assert envbool(NAME, default) is default
    monkeypatch.setenv(NAME, "")
    assert envbool(NAME, default) is default


def test_envbool_reads_the_file(secret_file):
    secret_file("true\n")

    assert envbool(NAME, False) is True


def test_envbool_refuses_a_file_holding_anything_else(secret_file):
    secret_file("maybe\n")

    with pytest.raises(ImproperlyConfigured, match=NAME):
        envbool(NAME, True)


# --- envint -------------------------------------------------------------------------------


def test_envint_reads_the_variable(monkeypatch):
    monkeypatch.setenv(NAME, "30")

    assert envint(NAME, 90) == 30


def test_envint_unset_or_empty_is_the_default(monkeypatch):
    assert envint(NAME, 90) == 90
    monkeypatch.setenv(NAME, "")
    assert envint(NAME, 90) == 90


def test_envint_reads_the_file(secret_file):
    secret_file("64\n")

    assert envint(NAME, 1) == 64


def test_envint_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv(NAME, "ninety")

    with pytest.raises(ValueError):
        envint(NAME, 90)


# --- envlist ------------------------------------------------------------------------------


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(NAME, "samtale.ks.no, www.samtale.ks.no ,,")

    assert envlist(NAME, ["localhost"]) == ["samtale.ks.no", "www.samtale.ks.no"]


def test_envlist_unset_or_empty_is_the_default(monkeypatch):
    assert envlist(NAME, ["localhost"]) == ["localhost"]
    monkeypatch.setenv(NAME, "")
    assert envlist(NAME, ["localhost"]) == ["localhost"]


def test_envlist_reads_the_file(secret_file):
    secret_file("a.example,b.example\n")

    assert envlist(NAME, []) == ["a.example", "b.example"]
