from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from common import accessibility
from participants.forms import CodeForm


def home(request):
    return render(request, "common/home.html", {"code_form": CodeForm()})


def accessibility_statement(request):
    """The accessibility statement, for the organisation running samtale to adopt."""
    criteria = accessibility.CRITERIA
    applying = accessibility.criteria_that_apply()
    return render(
        request,
        "common/accessibility.html",
        {
            "operator_name": settings.OPERATOR_NAME,
            "contact_email": settings.OPERATOR_CONTACT_EMAIL,
            "criteria": criteria,
            "applying": len(applying),
            "deviations": accessibility.deviations(),
            "statement_date": accessibility.STATEMENT_DATE,
            "wcag_url": accessibility.WCAG_URL,
            "authority_url": accessibility.AUTHORITY_URL,
        },
    )


def privacy_notice(request):
    """The privacy notice, filled in from the settings of the organisation running samtale."""
    return render(
        request,
        "common/privacy.html",
        {
            "operator_name": settings.OPERATOR_NAME,
            "contact_email": settings.OPERATOR_CONTACT_EMAIL,
            "officer_email": settings.PRIVACY_OFFICER_EMAIL,
            "legal_basis": settings.PRIVACY_LEGAL_BASIS,
            "processors": settings.PRIVACY_PROCESSORS,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "login_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        },
    )


def health(request):
    """For the proxy and monitoring: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
