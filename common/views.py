from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.static import serve

from participants.forms import CodeForm


def home(request):
    return render(request, "common/home.html", {"code_form": CodeForm()})


def health(request):
    """For the proxy and monitoring: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def media(request, path):
    """A card picture from MEDIA_ROOT, in development (samtale/urls.py). A name the file
    system cannot hold (too long, a NUL) is no picture: 404, not a 500."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:
        raise Http404 from error
