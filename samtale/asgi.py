"""One ASGI application for HTTP (Django) and the live WebSocket (Channels routing)."""

import gc
import os
import sys

import django

# Django's sync views run in worker threads beside the event loop, and every database
# call hands the interpreter lock back and forth between them. At the default 5 ms switch
# interval each hand-back can wait 5 ms while the loop writes frames; 1 ms keeps a card
# save from queueing behind the fan-out (docs/capacity.md).
sys.setswitchinterval(0.001)
# A full garbage collection scans every object of every open socket and stops the process
# for ~200 ms at 2,000 sockets; collecting the young objects less often (Python collects
# them every 700 allocations) makes the full collections rarer too.
gc.set_threshold(20_000, 10, 10)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
django.setup(set_prefix=False)

from samtale.handlers import SamtaleASGIHandler  # noqa: E402

django_application = SamtaleASGIHandler()

# Imported after Django is set up: the routing imports models.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # The live socket reads the Django session itself (live/socket.py).
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
