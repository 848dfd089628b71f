"""Participants' work for the worker process (`manage.py db_worker`): whether someone whose
pages said they were going away is gone, checked after the grace period."""

from django.dispatch import receiver
from django_tasks import task

from participants.domain import participant_closed_check
from participants.signals import closed_check_wanted


@task()
def closed_check(participant_id: int) -> None:
    participant_closed_check(participant_id=participant_id)


@receiver(closed_check_wanted, dispatch_uid="participants.queue_closed_check")
def queue_closed_check(sender, participant_id: int, run_after, **kwargs) -> None:
    closed_check.using(run_after=run_after).enqueue(participant_id)
