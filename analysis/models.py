from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wall.models import Card


class Taxonomy(models.Model):
    """A set of categories that texts are tagged with, such as the project's value areas."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    # None for the defaults every facilitator shares; else the facilitator who made it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_nn if get_language() == "nn" else self.name_nb


class Category(models.Model):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(_("short name"), max_length=60)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    # Words and phrases that speak to the category, one a line, in either written form.
    examples = models.TextField(_("example phrases"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "slug"], name="category_unique_slug")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_nn if get_language() == "nn" else self.name_nb

    @property
    def description(self) -> str:
        return self.description_nn if get_language() == "nn" else self.description_nb

    @property
    def example_lines(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class TagReview(models.Model):
    """A facilitator's word on whether a card speaks to a category: the classifier learns it."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="tag_reviews")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="reviews")
    applies = models.BooleanField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tag review")
        verbose_name_plural = _("tag reviews")
        constraints = [
            models.UniqueConstraint(fields=["card", "category"], name="tag_review_unique")
        ]

    def __str__(self):
        return f"{self.card}: {self.category} {'+' if self.applies else '-'}"


class TrainedModel(models.Model):
    """The classifier of one taxonomy, trained from its examples and the confirmed tags."""

    taxonomy = models.OneToOneField(Taxonomy, on_delete=models.CASCADE, related_name="model")
    data = models.BinaryField()  # the fitted scikit-learn pipeline, as joblib writes it
    reviewed_cards = models.PositiveIntegerField(default=0)
    # Precision, recall and F1 per category on held-out confirmed cards, when there are enough.
    metrics = models.JSONField(default=dict)
    trained_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")

    def __str__(self):
        return str(self.taxonomy)


class CardText(models.Model):
    """A card's words as the analysis reads them, kept for search across meetings.

    Refreshed when the card's version moves on; `lemmas` holds the lemmatised words of
    both written forms in one vocabulary, which the full-text index is built over.
    """

    card = models.OneToOneField(Card, on_delete=models.CASCADE, related_name="analysed_text")
    version = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=2)
    lemmas = models.TextField(blank=True)

    class Meta:
        verbose_name = _("analysed card text")
        verbose_name_plural = _("analysed card texts")

    def __str__(self):
        return str(self.card)


class SessionSynthesis(models.Model):
    """What the cards of a running group session say so far, for the control room: worked
    out by the worker a moment after cards are saved, read by the page as it is."""

    item = models.OneToOneField(
        "meetings.ProgrammeItem", on_delete=models.CASCADE, related_name="synthesis"
    )
    # {"cards": n, "untagged": n, "areas": [{"slug", "cards"}], "themes": [{"label", "groups"}]}
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("session synthesis")
        verbose_name_plural = _("session syntheses")

    def __str__(self):
        return str(self.item)
