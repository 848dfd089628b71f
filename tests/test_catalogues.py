"""The bokmål, nynorsk and English catalogues are complete and hold the same strings."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALES = ["nb", "nn", "en"]


def catalogue(locale):
    return polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale):
    po = catalogue(locale)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_catalogues_hold_the_same_strings():
    msgids = {locale: {entry.msgid for entry in catalogue(locale)} for locale in LOCALES}
    assert msgids["nb"] == msgids["en"]
    assert msgids["nn"] == msgids["en"]


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_placeholders_survive_translation(locale):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")
    for entry in catalogue(locale):
        if entry.msgid_plural:
            continue
        assert sorted(placeholder.findall(entry.msgstr)) == sorted(
            placeholder.findall(entry.msgid)
        ), entry.msgid


def test_catalogues_hold_every_string_of_the_source(settings, tmp_path, monkeypatch):
    """Collect the strings afresh: none may be missing from the committed catalogues."""
    import os
    import shutil

    from django.core.management import call_command

    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is missing (make test installs it)")
        pytest.skip("GNU gettext is not installed")
    committed = {(entry.msgctxt, entry.msgid) for entry in catalogue("nb")}
    # A copy of the source without its catalogues, so the fresh ones land in tmp_path only.
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(".venv", "var", "locale", "tests", ".git", "node_modules"),
    )
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [tmp_path / "fresh"]
    call_command(
        "makemessages",
        locale=["nb"],
        ignore_patterns=[".venv/*", "var/*", "tests/*", "node_modules/*"],
        verbosity=0,
    )
    fresh = polib.pofile(str(tmp_path / "fresh" / "nb" / "LC_MESSAGES" / "django.po"))
    assert len(fresh) > 100  # the collection did find the source
    missing = sorted(
        entry.msgid for entry in fresh if (entry.msgctxt, entry.msgid) not in committed
    )
    assert missing == []
