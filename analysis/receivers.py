"""Keeps the analysis in step with the wall: when a card is saved, its session's synthesis
(and the card's words for search) are worked out again in the worker, a moment later.
The wall knows nothing of the analysis: the analysis listens to it."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wall.models import Card


@receiver(post_save, sender=Card, dispatch_uid="analysis-card-text")
def card_saved(sender, instance: Card, raw=False, **kwargs):
    if raw or not instance.version:
        return
    from analysis.live import session_changed

    item_id = instance.item_id
    transaction.on_commit(lambda: session_changed(item_id=item_id))
