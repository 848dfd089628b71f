from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analysis.apertium import TranslatorError
from analysis.translator_eval import PAIRS_FILE, evaluate, load_pairs

NAMES = {"nb": "bokmål", "nn": "nynorsk"}


class Command(BaseCommand):
    help = (
        "`make eval`: Apertium's bokmål ↔ nynorsk on hand-written sentence pairs "
        "(exact sentences, word accuracy, chrF), and where it went most wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pairs", default=str(PAIRS_FILE))
        parser.add_argument("--worst", type=int, default=8)

    def handle(self, *args, pairs, worst, **options):
        loaded = load_pairs(Path(pairs))
        try:
            results = evaluate(loaded)
        except TranslatorError as error:
            raise CommandError(str(error)) from error
        write = self.stdout.write
        write(f"{len(loaded)} sentence pairs ({pairs})")
        for result in results:
            write(
                f"\n{NAMES[result.source]} → {NAMES[result.target]}: "
                f"exact {result.exact:.3f}  word accuracy {result.word_accuracy:.3f}  "
                f"chrF {result.chrf:.3f}"
            )
            for kind, (count, exact, chrf) in result.by_kind().items():
                write(f"  {kind:<10} n={count:<3} exact {exact:.3f}  chrF {chrf:.3f}")
            write("  worst:")
            for scored in result.worst(worst):
                write(f"    chrF {scored.chrf:.3f}  {scored.source}")
                write(f"      made:   {scored.translation}")
                write(f"      wanted: {scored.reference}")
