from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from imports import domain, padlet, tabular
from imports.forms import PadletImportForm, ZoomImportForm
from imports.models import PadletImport, VideoCallReport
from imports.tabular import ImportRefused
from imports.uploads import SizeLimitedUpload
from meetings.access import facilitator_required
from meetings.domain import meetings_for_facilitator
from meetings.models import ProgrammeItem


def _page(request, *, padlet_form=None, zoom_form=None, problems=None, refused=None, status=200):
    meetings = meetings_for_facilitator(request.user)
    chosen = request.GET.get("meeting")
    context = {
        "padlet_form": padlet_form or PadletImportForm(),
        "zoom_form": zoom_form
        or ZoomImportForm(user=request.user, initial={"meeting": chosen} if chosen else None),
        "problems": problems or [],
        "refused": refused,
        "has_meetings": meetings.exists(),
        "padlet_imports": PadletImport.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("-imported_at")[:5],
        "zoom_reports": VideoCallReport.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("-imported_at")[:5],
        "padlet_columns": padlet.COLUMN_LABELS.values(),
        "max_mb": tabular.MAX_FILE_BYTES // (1024 * 1024),
    }
    return render(request, "imports/index.html", context, status=status)


@login_required
def index(request):
    return _page(request)


def _limited(view):
    """Count the upload's bytes before Django keeps them: the handler must be in place
    before anything reads the request body, and the CSRF check reads it, so that check
    runs inside, after the handler is set."""
    protected = csrf_protect(view)

    @csrf_exempt
    @require_POST
    @login_required
    def wrapper(request):
        limit = SizeLimitedUpload(request)
        request.upload_handlers.insert(0, limit)
        return protected(request, limit)

    wrapper.__name__ = view.__name__
    return wrapper


@_limited
def padlet_upload(request, limit):
    form = PadletImportForm(request.POST, request.FILES, too_large=limit.too_large)
    if not form.is_valid():
        return _page(request, padlet_form=form, refused="padlet", status=400)
    data = form.cleaned_data
    try:
        record = domain.padlet_import(
            data=tabular.read_upload(data["file"]),
            file_name=data["file"].name,
            title=data["title"],
            date=data["date"],
            facilitator=request.user,
            language=request.LANGUAGE_CODE,
            sections_as=data["sections_as"],
            group_by=data["group_by"],
            keep_authors=data["keep_authors"],
        )
    except ImportRefused as refused:
        return _page(
            request, padlet_form=form, problems=refused.problems, refused="padlet", status=400
        )
    messages.success(request, _("The Padlet board is imported as a new meeting."))
    return redirect("imports:padlet_result", record.meeting_id)


@_limited
def zoom_upload(request, limit):
    form = ZoomImportForm(request.POST, request.FILES, user=request.user, too_large=limit.too_large)
    if not form.is_valid():
        return _page(request, zoom_form=form, refused="zoom", status=400)
    meeting = form.cleaned_data["meeting"]
    try:
        domain.video_call_report_import(
            meeting=meeting,
            data=tabular.read_upload(form.cleaned_data["file"]),
            file_name=form.cleaned_data["file"].name,
            user=request.user,
        )
    except ImportRefused as refused:
        return _page(request, zoom_form=form, problems=refused.problems, refused="zoom", status=400)
    messages.success(request, _("The Zoom participant report is imported."))
    return redirect("imports:zoom_result", meeting.pk)


@facilitator_required
def padlet_result(request, meeting):
    record = PadletImport.objects.filter(meeting=meeting).first()
    sessions = meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION).prefetch_related(
        "questions", "cards"
    )
    return render(
        request,
        "imports/padlet_result.html",
        {"meeting": meeting, "record": record, "sessions": sessions},
        status=200 if record else 404,
    )


@facilitator_required
def zoom_result(request, meeting):
    report = VideoCallReport.objects.filter(meeting=meeting).first()
    summary = domain.attendance_summary(report=report) if report else None
    return render(
        request,
        "imports/zoom_result.html",
        {"meeting": meeting, "summary": summary},
        status=200 if report else 404,
    )
