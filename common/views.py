from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from participants.forms import CodeForm


def home(request):
    return render(request, "common/home.html", {"code_form": CodeForm()})


def health(request):
    """For the proxy and monitoring: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
