from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common import media
from common.refusals import refusal_caught
from meetings.access import facilitator_required
from reports import domain
from reports.forms import BuildForm, MeetingDetailsForm, ShareForm
from reports.gather import report_content
from wall import access as wall_access

# What the page says the worker is doing, per step; %(done)s and %(total)s are filled in,
# on the server for the first view and in the browser as progress arrives.
STEP_LABELS = {
    "queued": gettext_lazy("Waiting for the worker to start …"),
    "gather": gettext_lazy("Collecting the material"),
    "cards": gettext_lazy("Cards %(done)s of %(total)s"),
    "pictures": gettext_lazy("Pictures %(done)s of %(total)s"),
}
FORMAT_LABELS = {
    "pdf": gettext_lazy("PDF"),
    "docx": gettext_lazy("Word (DOCX)"),
    "xlsx": gettext_lazy("Excel (XLSX)"),
    "csv": gettext_lazy("CSV"),
    "md": gettext_lazy("Markdown"),
    "zip": gettext_lazy("ZIP: the Markdown with its pictures"),
}


def step_labels() -> dict[str, str]:
    return {key: str(label) for key, label in {**FORMAT_LABELS, **STEP_LABELS}.items()}


def _progress_label(build) -> str:
    step = "queued" if build.status == build.Status.QUEUED else build.step
    label = step_labels().get(step, step)
    return label % {"done": build.done, "total": build.total} if "%(" in label else label


def _downloads(build) -> list[dict]:
    """The files of a finished build, each with its format and label, in the page's order."""
    files = []
    for fmt, label in FORMAT_LABELS.items():
        found = domain.report_file(build, fmt)
        if found is not None:
            files.append({"fmt": fmt, "label": label, "file": found})
    return files


def _build_context(meeting) -> dict:
    overview = domain.report_overview(meeting)
    latest = overview.latest
    return {
        "meeting": meeting,
        "overview": overview,
        "latest": latest,
        "running": latest is not None and latest.is_active and not overview.stale,
        "progress_label": _progress_label(latest) if latest is not None else "",
        "format_label": FORMAT_LABELS.get(latest.file_format, "") if latest else "",
        "downloads": _downloads(overview.published),
    }


@facilitator_required
def report_page(request, meeting):
    context = _build_context(meeting)
    published = context["overview"].published
    initial = {"language": request.LANGUAGE_CODE}
    if published is not None:
        initial.update(
            include_names=published.include_names, include_hidden=published.include_hidden
        )
    context.update(
        build_form=BuildForm(initial=initial),
        details_form=MeetingDetailsForm(instance=meeting),
        step_labels=step_labels(),
        formats=list(FORMAT_LABELS),
    )
    return render(request, "reports/report.html", context)


@facilitator_required
def build_status(request, meeting):
    return render(request, "reports/_build.html", _build_context(meeting))


@require_POST
@facilitator_required
def build(request, meeting):
    form = BuildForm(request.POST)
    if form.is_valid():
        with refusal_caught(request):
            domain.build_request(meeting=meeting, user=request.user, **form.cleaned_data)
            messages.success(request, _("The report is being built. You can leave this page."))
    return redirect("reports:page", meeting.pk)


@require_POST
@facilitator_required
def details(request, meeting):
    form = MeetingDetailsForm(request.POST, instance=meeting)
    if form.is_valid():
        form.save()
        messages.success(request, _("The details are saved."))
        return redirect("reports:page", meeting.pk)
    context = _build_context(meeting)
    context.update(
        build_form=BuildForm(initial={"language": request.LANGUAGE_CODE}),
        details_form=form,
        step_labels=step_labels(),
        formats=list(FORMAT_LABELS),
    )
    return render(request, "reports/report.html", context, status=400)


@require_POST
@facilitator_required
def share(request, meeting):
    form = ShareForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["enabled"]
        domain.report_share(meeting=meeting, enabled=enabled)
        if enabled:
            messages.success(request, _("The report is published behind its link."))
        else:
            messages.success(request, _("The link is withdrawn. It no longer opens the report."))
    return redirect("reports:page", meeting.pk)


def _file_response(found):
    return FileResponse(
        default_storage.open(found.storage_name, "rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )


@facilitator_required
def download(request, meeting, fmt):
    found = domain.report_file(domain.report_for(meeting).published_build, fmt)
    if found is None:
        raise Http404
    return _file_response(found)


def _reader_context(meeting, *, language, include_names, include_hidden):
    return {
        "meeting": meeting,
        "content": report_content(
            meeting=meeting,
            language=language,
            include_names=include_names,
            include_hidden=include_hidden,
        ),
    }


@facilitator_required
def preview(request, meeting):
    """The report as its readers see it, with the options of the page's form."""
    form = BuildForm(request.GET)
    options = form.cleaned_data if form.is_valid() else {}
    context = _reader_context(
        meeting,
        language=translation.get_language(),
        include_names=options.get("include_names", False),
        include_hidden=options.get("include_hidden", False),
    )
    context["preview"] = True
    return render(request, "reports/shared.html", context)


def _shared(request, token):
    report = domain.report_by_token(token)
    if report is None:
        raise Http404
    return report


def shared_report(request, token):
    report = _shared(request, token)
    meeting, published = report.meeting, report.published_build
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # The meeting's language, unless the reader has chosen one.
        translation.activate(meeting.language)
        request.LANGUAGE_CODE = meeting.language
    context = _reader_context(
        meeting,
        language=translation.get_language(),
        include_names=published.include_names if published else False,
        include_hidden=published.include_hidden if published else False,
    )
    context["downloads"] = _downloads(published)
    context["token"] = token
    return render(request, "reports/shared.html", context)


def shared_picture(request, token, image_pk):
    """A picture of the shared report's cards, to whoever has its link (wall/access.py)."""
    found = wall_access.report_picture(_shared(request, token), image_pk)
    return media.stored_file(wall_access.stored_name(found, "web"), "image/webp")


def shared_download(request, token, fmt):
    report = _shared(request, token)
    found = domain.report_file(report.published_build, fmt)
    if found is None:
        raise Http404
    return _file_response(found)
