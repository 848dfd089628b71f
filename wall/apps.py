from django.apps import AppConfig


class WallConfig(AppConfig):
    name = "wall"

    def ready(self):
        # The card save over the live socket, and the report-back's frame in its snapshot.
        from wall import saving, snapshot  # noqa: F401
