from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common import limits
from meetings.domain import is_facilitator, meeting_by_code
from meetings.models import Meeting
from participants.domain import participant_from_session


def facilitator_required(view):
    """Load the meeting named by `pk`; only its facilitators may go on."""

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        meeting = get_object_or_404(Meeting, pk=pk)
        if not is_facilitator(request.user, meeting):
            raise PermissionDenied
        return view(request, meeting, *args, **kwargs)

    return wrapper


def page_language(request, meeting: Meeting) -> str:
    """A meeting's participant pages are in its language, unless the person chose one."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language()
    return meeting.language


def join_first(request, meeting: Meeting) -> HttpResponse:
    """Send someone who has not joined `meeting` to its join page, told why there.

    The message is in the language the join page will be in. An htmx request (a panel that
    reloads itself, a button in one) is sent there by HX-Redirect, so the whole page goes
    to the join page rather than the join page into the panel.
    """
    with translation.override(page_language(request, meeting)):
        messages.info(request, _("Join the meeting first to take part."))
    join_page = reverse("participants:meeting", args=[meeting.code])
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=403)
        response["HX-Redirect"] = join_page
        return response
    return redirect(join_page)


def participant_required(view=None, *, facilitators_too=False, refuse=join_first):
    """Load the meeting of `code` and this browser's participant of it; only they may go on.

    The view is called as view(request, meeting, participant, ...). The code is accepted as
    the join form accepts it; an unknown one is 404. Someone who has not joined is answered
    by `refuse(request, meeting)`: sent to the join page, unless the view is not a page.
    `facilitators_too` also lets the meeting's facilitators in, with participant None.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            meeting = meeting_by_code(code)
            if meeting is None:
                # Counted, and past the limit any code refused, as on the join page.
                if limit := limits.unknown_code_counted(request):
                    return limits.refused_page(request, limit)
                raise Http404
            participant = participant_from_session(request.session, meeting)
            if participant is None and not (
                facilitators_too and is_facilitator(request.user, meeting)
            ):
                if limit := limits.code_probing_stopped(request):
                    with translation.override(page_language(request, meeting)):
                        return limits.refused_page(request, limit)
                return refuse(request, meeting)
            return view(request, meeting, participant, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
