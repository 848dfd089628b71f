"""Taxonomies as facilitators see them: the shared defaults, and their own, which they make
and change themselves. A change of categories has the classifier trained again."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Q
from django.utils.text import slugify

from analysis.domain import VALUE_AREAS, default_taxonomy
from analysis.models import Category, Taxonomy
from analysis.review import model_refresh_soon

TAXONOMY_FIELDS = ("name_nb", "name_nn", "description_nb", "description_nn")
CATEGORY_FIELDS = ("name_nb", "name_nn", "description_nb", "description_nn", "examples")


def taxonomies_for(user):
    """The taxonomies `user` may analyse with: the defaults, and their own."""
    return (
        Taxonomy.objects.filter(Q(owner__isnull=True) | Q(owner=user))
        .order_by(F("owner_id").asc(nulls_first=True), "position", "id")
        .prefetch_related("categories")
    )


def taxonomy_chosen(*, taxonomies, slug: str = "") -> Taxonomy:
    """The taxonomy named by `slug` among those the person may use, else the value areas."""
    for taxonomy in taxonomies:
        if taxonomy.slug == slug:
            return taxonomy
    for taxonomy in taxonomies:
        if taxonomy.slug == VALUE_AREAS:
            return taxonomy
    return default_taxonomy()


_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _slug(name: str, separator: str) -> str:
    """ "Lærere" → "laerere", "Øving" → "oving": slugify alone would drop the letters."""
    return slugify(name.translate(_NORWEGIAN)).replace("-", separator)


def _unique_slug(model, base: str, *, max_length: int, separator: str, **scope) -> str:
    base = (base or "kategori")[: max_length - 4].strip(separator) or "kategori"
    slug, number = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug = f"{base}{separator}{number}"
        number += 1
    return slug


@transaction.atomic
def taxonomy_save(
    *, owner, fields: dict, categories: Sequence[dict], taxonomy: Taxonomy | None = None
) -> Taxonomy:
    """Create a facilitator's taxonomy, or change one of theirs, with its categories.

    `categories` are dicts of CATEGORY_FIELDS, with "id" for an existing category and
    "delete" to remove it; their order is their order on the page. Slugs are made from the
    bokmål names once and then kept, so that confirmed tags keep meaning the same.
    """
    if taxonomy is None:
        slug = _unique_slug(Taxonomy, slugify(fields["name_nb"]), max_length=60, separator="-")
        taxonomy = Taxonomy(slug=slug, owner=owner, position=100)
    for name in TAXONOMY_FIELDS:
        setattr(taxonomy, name, fields.get(name, ""))
    taxonomy.save()
    existing = {category.pk: category for category in taxonomy.categories.all()}
    position = 0
    for spec in categories:
        category = existing.get(spec.get("id"))
        if spec.get("delete"):
            if category is not None:
                category.delete()
            continue
        if category is None:
            base = _slug(spec["name_nb"], "_")
            category = Category(
                taxonomy=taxonomy,
                slug=_unique_slug(Category, base, max_length=60, separator="_", taxonomy=taxonomy),
            )
        for name in CATEGORY_FIELDS:
            setattr(category, name, spec.get(name, ""))
        category.position = position
        category.save()
        position += 1
    transaction.on_commit(lambda: model_refresh_soon(taxonomy_id=taxonomy.pk))
    return taxonomy
