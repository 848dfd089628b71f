"""Static files from the process itself (`make demo`; behind nginx, nginx serves them).

ServeStatic is async: under uvicorn no request hops to a thread for it. It has no sync
mode, and adapting it into one (the test client, runserver) would start an event loop in a
thread that may already run one, so under WSGI this middleware steps aside: runserver
serves static files itself, and nothing else here runs under WSGI.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from servestatic.middleware import ServeStaticMiddleware


class StaticFilesMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.serve_static = None
        if iscoroutinefunction(get_response):
            self.serve_static = ServeStaticMiddleware(get_response)
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.serve_static is not None:
            return self.serve_static(request)  # a coroutine, awaited by Django's handler
        return self.get_response(request)
