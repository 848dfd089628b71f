"""Django's ASGI handler, with the sync views of this process on a few long-lived threads.

Django's own handler starts a new thread for every request (a ThreadSensitiveContext each)
and lets them all run at once. Under a meeting's load that means a thread started per card
save, and dozens of requests sharing the interpreter lock at once, so that each takes as
long as all of them. Here a request runs on the least busy of VIEW_THREADS threads that
live as long as the process: requests take turns in arrival order, and one slow request
(a picture being resized, an export) does not hold up the others.
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler


class ViewThreads:
    def __init__(self, count: int):
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"samtale-views-{number}")
            for number in range(count)
        ]
        self.in_flight = [0] * count

    def least_busy(self) -> int:
        return min(range(len(self.in_flight)), key=self.in_flight.__getitem__)


class SamtaleASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self.threads = ViewThreads(settings.VIEW_THREADS)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django serves HTTP only, not {scope['type']}")
        # Runs on the event loop alone, so the counts need no lock.
        number = self.threads.least_busy()
        self.threads.in_flight[number] += 1
        try:
            async with ThreadSensitiveContext(executor=self.threads.executors[number]):
                await self.handle(scope, receive, send)
        finally:
            self.threads.in_flight[number] -= 1
