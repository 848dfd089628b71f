"""The analysis's work for the worker process (`manage.py db_worker`)."""

from django_tasks import task

from meetings.models import ProgrammeItem


@task()
def session_refresh(item_id: int) -> None:
    from analysis.live import session_synthesis_refresh

    item = ProgrammeItem.objects.filter(pk=item_id).first()
    if item is not None:
        session_synthesis_refresh(item=item)


@task()
def model_refresh(taxonomy_id: int) -> None:
    """Train the taxonomy's classifier again from what facilitators confirmed and corrected."""
    from analysis.domain import model_train
    from analysis.models import Taxonomy

    taxonomy = Taxonomy.objects.filter(pk=taxonomy_id).first()
    if taxonomy is not None:
        model_train(taxonomy=taxonomy)
