from django.apps import AppConfig


class WallConfig(AppConfig):
    name = "wall"

    def ready(self):
        from wall import saving  # noqa: F401  registers the card save on the live socket
