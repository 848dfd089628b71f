from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        # The meeting lookup, the facilitators' audience and the programme frame of the
        # live socket (live/snapshot.py).
        from meetings import snapshot  # noqa: F401
