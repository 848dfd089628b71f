from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from reports import tasks  # noqa: F401  queues a requested build for the worker
