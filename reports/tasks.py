"""The report's work for the worker process (`manage.py db_worker`), never the web process.

The queue is django-tasks with its database backend: a table in samtale's own database,
so the embedded SQLite default needs no broker, and PostgreSQL works the same way.
"""

from django.dispatch import receiver
from django_tasks import task

from reports import domain
from reports.signals import build_requested


@task()
def build_report(build_id: int) -> None:
    domain.build_run(build_id=build_id)


@receiver(build_requested, dispatch_uid="reports.queue_build")
def queue_build(sender, build_id: int, **kwargs) -> None:
    build_report.enqueue(build_id)
