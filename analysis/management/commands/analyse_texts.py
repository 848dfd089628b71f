import json
import sys

from django.core.management.base import BaseCommand, CommandError

from analysis.domain import tagger_for
from analysis.models import Taxonomy


class Command(BaseCommand):
    help = (
        'Tag texts with a taxonomy. Reads JSON lines {"id": …, "text": …} on standard '
        "input and prints one JSON line per text: its language and the categories it speaks "
        "to, best first, each with its score and the words that caused it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--taxonomy", required=True, help="the taxonomy's short name (slug)")

    def handle(self, *args, taxonomy, **options):
        try:
            chosen = Taxonomy.objects.get(slug=taxonomy)
        except Taxonomy.DoesNotExist:
            known = ", ".join(Taxonomy.objects.values_list("slug", flat=True))
            raise CommandError(f"No taxonomy {taxonomy!r}; there is: {known}") from None
        tagger = tagger_for(taxonomy=chosen, train=True)
        out = self.stdout
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise CommandError(
                    f'Line {number} is not a JSON object with a "text" string'
                ) from None
            analysis = tagger.analyse(text)
            result = {
                "id": item.get("id"),
                "language": analysis.language,
                "categories": [
                    {"slug": c.slug, "score": c.score, "words": list(c.words)}
                    for c in analysis.categories
                ],
            }
            out.write(json.dumps(result, ensure_ascii=False))
