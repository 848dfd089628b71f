"""A classifier kept by an older samtale names a function that is gone (the letter
sequences of the lemmas, before 7 December 2026): tagging goes on, and it is trained anew."""

import pytest

from analysis import domain, tagging
from analysis.models import Taxonomy, TrainedModel
from analysis.signals import training_wanted
from analysis.tagging import Classifier
from common.cache import forget

pytestmark = pytest.mark.django_db

CARD = "Kulturskolen må være for alle barn, uansett hva foreldrene tjener."


def _lemma_chars(terms):
    return list(terms)


def value_areas():
    return Taxonomy.objects.get(slug="fremtidens-kulturskole")


@pytest.fixture
def kept_by_an_older_samtale(monkeypatch):
    """A stored classifier whose pickle refers to analysis.tagging._lemma_chars."""
    taxonomy = value_areas()
    domain.model_train(taxonomy=taxonomy)
    stored = TrainedModel.objects.get(taxonomy=taxonomy)
    classifier = Classifier.loads(stored.data)
    _lemma_chars.__module__, _lemma_chars.__qualname__ = "analysis.tagging", "_lemma_chars"
    monkeypatch.setattr(tagging, "_lemma_chars", _lemma_chars, raising=False)
    classifier.gone = _lemma_chars
    stored.data = classifier.dumps()
    stored.save()
    monkeypatch.delattr(tagging, "_lemma_chars")
    with pytest.raises(AttributeError):
        Classifier.loads(stored.data)
    domain._cached_classifier.cache_clear()
    return TrainedModel.objects.get(pk=stored.pk)


def test_the_worker_trains_it_anew_and_tags_with_it(kept_by_an_older_samtale):
    tagger = domain.tagger_for(taxonomy=value_areas(), train=True)
    assert tagger.classifier is not None
    assert tagger.analyse(CARD).categories
    renewed = TrainedModel.objects.get(taxonomy=value_areas())
    assert renewed.trained_at > kept_by_an_older_samtale.trained_at
    Classifier.loads(renewed.data)  # loads now


def test_a_page_tags_with_the_lexicon_and_asks_the_worker_to_train(
    kept_by_an_older_samtale, django_capture_on_commit_callbacks
):
    asked = []

    def receiver(sender, taxonomy_id, **_kwargs):
        asked.append(taxonomy_id)

    forget(("analysis", "train", value_areas().pk))  # no spell left by an earlier test
    training_wanted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tagger = domain.tagger_for(taxonomy=value_areas())
    finally:
        training_wanted.disconnect(receiver)
    assert tagger.classifier is None
    assert asked == [value_areas().pk]
