"""The analysis's work for the worker process (`manage.py db_worker`), and its queueing:
the domain announces what it wants done (analysis/signals.py), and this module queues it."""

from django.dispatch import receiver
from django_tasks import task

from analysis.domain import model_train
from analysis.live import session_synthesis_refresh
from analysis.models import Taxonomy
from analysis.signals import synthesis_wanted, training_wanted
from meetings.models import ProgrammeItem


@task()
def session_refresh(item_id: int) -> None:
    item = ProgrammeItem.objects.filter(pk=item_id).first()
    if item is not None:
        session_synthesis_refresh(item=item)


@task()
def model_refresh(taxonomy_id: int) -> None:
    """Train the taxonomy's classifier again from what facilitators confirmed and corrected."""
    taxonomy = Taxonomy.objects.filter(pk=taxonomy_id).first()
    if taxonomy is not None:
        model_train(taxonomy=taxonomy)


@receiver(synthesis_wanted, dispatch_uid="analysis.queue_session_refresh")
def queue_session_refresh(sender, item_id: int, run_after=None, **kwargs) -> None:
    session_refresh.using(run_after=run_after).enqueue(item_id)


@receiver(training_wanted, dispatch_uid="analysis.queue_model_refresh")
def queue_model_refresh(sender, taxonomy_id: int, run_after=None, **kwargs) -> None:
    model_refresh.using(run_after=run_after).enqueue(taxonomy_id)
