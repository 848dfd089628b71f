import json
import secrets
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common import limits
from common.cache import cached
from common.refusals import refusal_caught
from common.spreadsheets import XLSX_CONTENT_TYPE, attachment
from helpdesk.domain import help_requests_of
from helpdesk.forms import HelpRequestForm
from meetings.access import facilitator_required, page_language
from meetings.domain import is_facilitator, meeting_by_code, shared_programme
from meetings.models import Meeting
from participants import domain, exports, privacy
from participants.forms import CodeForm, JoinForm, OrganisationMatchForm


def with_meeting(*, current_item: bool = False):
    """Look the meeting of the code up once, for the view and for the page's language.

    A meeting's pages are in its language, unless the person has chosen one themselves.
    The view gets the meeting, or None when no meeting has the code; `current_item` reads
    the running item along with it, for pages that show it.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            meeting = meeting_by_code(code, with_current_item=current_item)
            if meeting is not None:
                request.LANGUAGE_CODE = page_language(request, meeting)
                translation.activate(request.LANGUAGE_CODE)
            return view(request, code, meeting, *args, **kwargs)

        return wrapper

    return decorator


def _not_found(request, message, status=404):
    return render(request, "participants/unavailable.html", {"message": message}, status=status)


def _code_refused(request, limit):
    """Too many unknown codes from this address: any code is refused for a while."""
    return limits.retry_after(_not_found(request, limits.message(limit), status=429), limit)


def _unknown_code(request):
    limit = limits.unknown_code_counted(request)
    if limit is not None:
        return _code_refused(request, limit)
    return _not_found(
        request, _("We could not find a meeting with that code. Check the code and try again.")
    )


def code_entry(request):
    form = CodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("participants:meeting", form.cleaned_data["code"])
    return render(request, "common/home.html", {"code_form": form})


# A form before anything is typed into it is the same for everyone who reads the page in one
# language, so it is rendered once per language rather than for each of two thousand people.
BLANK_FORM_SECONDS = 10 * 60


def _blank_form(template_name: str, form_class, field: str | None = None, **context) -> str:
    """`template_name` rendered with a new `form_class` (or its one `field`), once per language
    and `context` (a few flags the template reads)."""

    def render_blank() -> str:
        form = form_class()
        shown = {"field": form[field]} if field else {"form": form}
        return render_to_string(template_name, {**shown, **context})

    form_name = f"{form_class.__module__}.{form_class.__qualname__}"
    language, prefix = translation.get_language(), get_script_prefix()
    flags = ",".join(f"{name}={value}" for name, value in sorted(context.items()))
    key = ("blank-form", template_name, form_name, field, language, prefix, flags)
    return cached(key, render_blank, BLANK_FORM_SECONDS)


def _join_page(request, meeting, form, status=200, close_matches=()):
    ask_email = meeting.zoom_preassign
    context = {
        "meeting": meeting,
        "form": form,
        "close_matches": close_matches,
        "ask_email": ask_email,
        "blank_fields": None
        if form.is_bound
        else _blank_form("participants/_join_fields.html", JoinForm, ask_email=ask_email),
        "controller": privacy.controller_of(meeting),
    }
    return render(request, "participants/join.html", context, status=status)


@with_meeting(current_item=True)
def meeting_page(request, code, meeting):
    if meeting is None:
        return _unknown_code(request)
    participant = domain.participant_from_session(request.session, meeting)
    if participant is None and (limit := limits.code_probing_stopped(request)):
        return _code_refused(request, limit)
    if code != meeting.code:
        return redirect("participants:meeting", meeting.code)
    if participant is None:
        if meeting.status == Meeting.Status.ENDED:
            return _not_found(
                request, _("This meeting has ended, so it is no longer possible to join."), 410
            )
        form = JoinForm(initial={"join_key": secrets.token_urlsafe(16)})
        return _join_page(request, meeting, form)
    programme = shared_programme(meeting)
    context = {
        "meeting": meeting,
        "participant": participant,
        "state": programme.state_now(),
        "group_sessions": programme.group_sessions,
        "help_field": _blank_form("common/_field.html", HelpRequestForm, "question"),
        "help_requests": help_requests_of(participant),
        "is_facilitator": is_facilitator(request.user, meeting),
    }
    return render(request, "participants/meeting.html", context)


@require_POST
@with_meeting()
def join(request, code, meeting):
    if meeting is None:
        return _unknown_code(request)
    existing = domain.participant_from_session(request.session, meeting)
    if existing is None and (limit := limits.code_probing_stopped(request)):
        return _code_refused(request, limit)
    try:
        meeting = domain.meeting_for_join(code, found=meeting)
    except domain.JoinError as error:
        return _not_found(request, str(error), status=error.status)
    if existing is not None:
        return redirect("participants:meeting", meeting.code)
    form = JoinForm(request.POST, ask_email=meeting.zoom_preassign)
    limit = limits.exceeded(request, "join", person=limits.browser_key(request), meeting=meeting.pk)
    if limit is not None:
        # The form again as it was filled in, so that nothing typed is lost.
        messages.error(request, limits.message(limit))
        return limits.retry_after(_join_page(request, meeting, form, status=429), limit)
    if not form.is_valid():
        return _join_page(request, meeting, form, status=400)
    data = form.cleaned_data
    organisation = data["organisation"]
    if form.answered_question():
        organisation = data["organisation_choice"] or organisation
    elif close_matches := domain.organisation_question(
        organisation, organisation_is_other=data["organisation_is_other"]
    ):
        # Not joined yet: "Did you mean …?", answered with one press (participants/join.html).
        return _join_page(request, meeting, form, close_matches=close_matches)
    try:
        participant = domain.participant_join(
            meeting=meeting,
            name=data["name"],
            organisation=organisation,
            organisation_is_other=data["organisation_is_other"],
            # Only where the meeting asks for it (Zoom rooms assigned ahead): JoinForm.
            email=data.get("email", ""),
            is_local_site=data["is_local_site"],
            head_count=data["head_count"] or 1,
            join_key=data["join_key"],
        )
    except domain.JoinError as error:
        return _not_found(request, str(error), status=error.status)
    domain.participant_remember(request.session, participant)
    messages.success(
        request,
        _("Welcome! Use the name below in the video call."),
    )
    return redirect("participants:meeting", meeting.code)


@require_POST
def leave(request, code):
    meeting = meeting_by_code(code)
    participant = domain.participant_from_session(request.session, meeting) if meeting else None
    if participant is not None:
        domain.participant_leave(participant=participant)
        domain.participant_forget(request.session, meeting)
        messages.success(request, _("You have left the meeting. Thank you for taking part!"))
    return redirect("home")


@require_POST
def closing(request, code):
    """A page of the meeting is going away: live.js's beacon on pagehide, for this browser's
    own participant alone (its session). Behind Django's CSRF check like any form: the
    beacon cannot set a header, so it sends the token in its body, and a page of another
    site has neither the token nor an Origin that passes. Nobody to note: 204 all the same.
    """
    meeting = meeting_by_code(code)
    participant = domain.participant_from_session(request.session, meeting) if meeting else None
    if participant is not None:
        page = request.POST.get("page", "")[:64]
        domain.participant_closing(participant=participant, page=page)
    return HttpResponse(status=204)


@facilitator_required
def presence_panel(request, meeting):
    context = {
        "meeting": meeting,
        "presence": domain.presence_counts(meeting),
        "presence_by_county": domain.presence_by(meeting, field="county"),
        "presence_by_organisation": domain.presence_by(meeting, field="organisation"),
    }
    return render(request, "participants/_presence.html", context)


# --- The facilitator: who took part, and organisations matched by hand ---------------------

ATTENDANCE_PER_PAGE = 200


@facilitator_required
def attendance(request, meeting):
    """Who took part in the whole meeting, beside the group sessions' rosters; and the
    organisations typed that are not in the register, to match by hand."""
    page = Paginator(domain.attendance(meeting), ATTENDANCE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "meeting": meeting,
        "page": page,
        "presence": domain.presence_counts(meeting),
        "unmatched": domain.unmatched_organisations(meeting),
    }
    return render(request, "participants/attendance.html", context)


@facilitator_required
def attendance_export(request, meeting, kind):
    rows = exports.attendance_rows(domain.attendance(meeting))
    stem = f"{meeting.code}-attendance"
    if kind == "csv":
        content, content_type, name = exports.attendance_csv(rows), "text/csv", f"{stem}.csv"
    elif kind == "xlsx":
        content = exports.attendance_xlsx(rows)
        content_type = XLSX_CONTENT_TYPE
        name = f"{stem}.xlsx"
    else:
        raise Http404
    return attachment(content, content_type, name)


@require_POST
@facilitator_required
def organisation_match(request, meeting):
    """Everyone who typed one unmatched organisation, matched to a register entry at once."""
    form = OrganisationMatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a municipality or county to match the organisation to."))
        return redirect("participants:attendance", meeting.pk)
    typed, chosen = form.cleaned_data["typed"], form.cleaned_data["organisation"]
    with refusal_caught(request):
        matched, name = domain.organisation_match_by_hand(
            meeting=meeting, typed=typed, register_name=chosen
        )
        if matched:
            messages.success(
                request,
                ngettext(
                    "%(count)s participant who wrote “%(typed)s” is now in %(name)s.",
                    "%(count)s participants who wrote “%(typed)s” are now in %(name)s.",
                    matched,
                )
                % {"count": matched, "typed": typed, "name": name},
            )
    return redirect("participants:attendance", meeting.pk)


# --- The facilitator: one participant's personal data (participants/privacy.py) ------------

PEOPLE_PER_PAGE = 100


@facilitator_required
def people(request, meeting):
    """Everyone who joined, found by name, organisation or e-mail, with their data's tools."""
    query = request.GET.get("q", "").strip()[:100]
    found = meeting.participants.all()
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(organisation__icontains=query) | Q(email__icontains=query)
        )
    page = Paginator(found, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "meeting": meeting,
        "page": page,
        "query": query,
        "kept_until": privacy.kept_until(meeting),
    }
    return render(request, "participants/people.html", context)


@facilitator_required
def person_data(request, meeting, person_pk):
    """An access request: all samtale holds of one participant, as a JSON file."""
    participant = get_object_or_404(meeting.participants, pk=person_pk)
    data = json.dumps(privacy.personal_data_of(participant), ensure_ascii=False, indent=2)
    name = f"samtale-{meeting.code}-participant-{participant.pk}.json"
    return attachment(data, "application/json; charset=utf-8", name)


@facilitator_required
def person_erase(request, meeting, person_pk):
    """An erasure request: asked once more, then done (participants/privacy.py)."""
    participant = get_object_or_404(meeting.participants, pk=person_pk)
    if request.method == "POST":
        name = participant.name
        privacy.participant_erase(participant=participant)
        messages.success(
            request,
            _("The personal data of %(name)s is erased. Their group's cards stay.")
            % {"name": name},
        )
        return redirect("participants:people", meeting.pk)
    return render(
        request, "participants/person_erase.html", {"meeting": meeting, "person": participant}
    )
