from django.apps import AppConfig


class WallConfig(AppConfig):
    name = "wall"

    def ready(self):
        # The card save over the live socket, the report-back's frame in its snapshot, and
        # the walls locked when the meeting ends.
        from wall import receivers, saving, snapshot  # noqa: F401
