from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self):
        from analysis import signals  # noqa: F401  keeps the search index in step with cards
