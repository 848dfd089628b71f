from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from meetings.domain import is_facilitator
from meetings.models import Meeting


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
