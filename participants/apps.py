from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"

    def ready(self):
        from participants import snapshot  # noqa: F401  a participant's audience on the socket
