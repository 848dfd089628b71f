from django.core.management.base import BaseCommand

from common.stylesheet import PARTS, STYLESHEET, stylesheet_build


class Command(BaseCommand):
    help = "Write common/static/samtale/css/samtale.css from its parts (common/stylesheet.py)."

    def handle(self, *args, **options):
        changed = stylesheet_build()
        state = "written" if changed else "already up to date"
        self.stdout.write(f"{STYLESHEET.name} from {len(PARTS)} parts: {state}")
