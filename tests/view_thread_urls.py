"""A URL that tells which thread ran it, for tests/test_handlers.py."""

import threading
import time

from django.http import HttpResponse
from django.urls import path


def thread_name(request):
    time.sleep(float(request.GET.get("sleep", 0)))
    return HttpResponse(threading.current_thread().name)


urlpatterns = [path("thread/", thread_name)]
