from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCALES = ["nb", "nn", "en"]
IGNORE = [".venv/*", "var/*", "tests/*", "node_modules/*"]


class Command(BaseCommand):
    help = (
        "Collect the translatable strings into locale/{nb,nn,en} (needs GNU gettext). "
        "English is the source language, so its catalogue is filled from the source strings."
    )

    def handle(self, *args, **options):
        call_command(
            "makemessages", locale=LOCALES, ignore_patterns=IGNORE, no_obsolete=True, verbosity=0
        )
        english = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(english))
        for entry in catalogue:
            # Always the source itself: a fuzzy guess from a similar old string would be wrong.
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        catalogue.save()
        for locale in LOCALES:
            po = polib.pofile(
                str(english.parent.parent.parent / locale / "LC_MESSAGES" / "django.po")
            )
            self.stdout.write(
                f"{locale}: {len(po.untranslated_entries())} untranslated, "
                f"{len(po.fuzzy_entries())} fuzzy, {len(po)} in all"
            )
