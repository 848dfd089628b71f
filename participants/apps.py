from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"

    def ready(self):
        # A participant's audience and open sockets on the live socket, and the worker's
        # check of pages closed for good.
        from participants import snapshot, tasks  # noqa: F401
