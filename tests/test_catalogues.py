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
