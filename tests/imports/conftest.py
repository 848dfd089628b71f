from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from register.domain import clear_register_cache

EXAMPLES = Path(__file__).resolve().parents[2] / "imports" / "examples"


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the source language, so the tests can read them."""
    with translation.override("en"):
        yield


@pytest.fixture
def loaded_register(db):
    """The bundled register of municipalities and counties, as `make demo` loads it."""
    call_command("load_register", stdout=StringIO())
    yield
    clear_register_cache()
