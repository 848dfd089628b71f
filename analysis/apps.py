from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self):
        # The search index kept in step with cards, and the worker's tasks queued.
        from analysis import receivers, tasks  # noqa: F401
