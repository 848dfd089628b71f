import statistics

from django.core.management.base import BaseCommand, CommandError

from analysis.domain import category_specs
from analysis.evaluation import NONE, evaluate
from analysis.models import Taxonomy

# Where five folds happen to fall moves macro-F1 by about ±0.01: the mean over ten other
# draws says more than one draw (docs/analysis.md).
DRAWS = 10


class Command(BaseCommand):
    help = "`make eval`: precision, recall and F1 per category on texts the model never saw."

    def add_arguments(self, parser):
        parser.add_argument("--taxonomy", default="fremtidens-kulturskole")
        parser.add_argument(
            "--draws",
            type=int,
            default=DRAWS,
            help="more draws of the folds for samtale's own reading (0: the usual folds only)",
        )

    def handle(self, *args, taxonomy, draws, **options):
        try:
            chosen = Taxonomy.objects.get(slug=taxonomy)
        except Taxonomy.DoesNotExist:
            raise CommandError(f"No taxonomy {taxonomy!r}") from None
        specs = category_specs(chosen)
        results, language = evaluate(specs, taxonomy, draws=draws)
        write = self.stdout.write
        write(
            f"{language['texts']} labelled texts for {taxonomy} "
            f"({language['by_language'].get('nb', 0)} bokmål, "
            f"{language['by_language'].get('nn', 0)} nynorsk), {5}-fold cross-validation\n"
        )
        for result in results:
            write(f"\n{result.name}  ({result.seconds:.1f} s)")
            write(f"  {'category':<40} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
            for slug, row in result.per_category.items():
                label = slug if slug != NONE else "none of them"
                write(
                    f"  {label:<40} {row['precision']:6.3f} {row['recall']:6.3f} "
                    f"{row['f1']:6.3f} {row['support']:5d}"
                )
            by_language = "  ".join(
                f"{lang} {value:.3f}" for lang, value in result.macro_f1_by_language.items()
            )
            write(f"  macro-F1 {result.macro_f1:.3f}   by written form: {by_language}")
            if result.draws:
                means = "  ".join(
                    f"{form} {statistics.fmean(draw[form] for draw in result.draws):.3f}"
                    for form in result.draws[0]
                )
                overall = [draw["all"] for draw in result.draws]
                write(
                    f"  over {len(result.draws)} other draws of the folds, mean macro-F1: "
                    f"{means}  (all from {min(overall):.3f} to {max(overall):.3f})"
                )
        for note in language["notes"]:
            write(f"\n{note}")
        write(f"\nlanguage detection accuracy: {language['accuracy']:.3f}")
        for item in language["wrong"][:10]:
            write(f"  wrong: {item.id} ({item.language}): {item.text[:70]!r}")
