from django.core.management.base import BaseCommand, CommandError

from analysis.domain import category_specs
from analysis.evaluation import NONE, evaluate
from analysis.models import Taxonomy


class Command(BaseCommand):
    help = "`make eval`: precision, recall and F1 per category on texts the model never saw."

    def add_arguments(self, parser):
        parser.add_argument("--taxonomy", default="fremtidens-kulturskole")

    def handle(self, *args, taxonomy, **options):
        try:
            chosen = Taxonomy.objects.get(slug=taxonomy)
        except Taxonomy.DoesNotExist:
            raise CommandError(f"No taxonomy {taxonomy!r}") from None
        specs = category_specs(chosen)
        results, language = evaluate(specs, taxonomy)
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
        for note in language["notes"]:
            write(f"\n{note}")
        write(f"\nlanguage detection accuracy: {language['accuracy']:.3f}")
        for item in language["wrong"][:10]:
            write(f"  wrong: {item.id} ({item.language}): {item.text[:70]!r}")
