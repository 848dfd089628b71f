from io import StringIO

import pytest
from django.core.management import call_command

from register.domain import clear_register_cache


@pytest.fixture
def loaded_register(db):
    """The bundled register (15 counties, 357 municipalities), loaded as `make demo` loads it."""
    call_command("load_register", stdout=StringIO())
    yield
    # The next test's database may differ; do not let it see this one's index.
    clear_register_cache()


@pytest.fixture
def run_load_register(db):
    """Run load_register with arguments and return what it printed."""

    def run(*args: str) -> str:
        out = StringIO()
        call_command("load_register", *args, stdout=out)
        return out.getvalue()

    yield run
    clear_register_cache()
