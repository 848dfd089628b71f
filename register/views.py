from django.shortcuts import render
from django.views.decorators.http import require_GET

from register.domain import organisation_suggestions


@require_GET
def suggest(request):
    """Organisation suggestions for the join form, as <option>s for its datalist."""
    query = request.GET.get("organisation", "")[:150]
    return render(
        request,
        "register/suggestions.html",
        {"suggestions": organisation_suggestions(query) if len(query.strip()) >= 2 else []},
    )
