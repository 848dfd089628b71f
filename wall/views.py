from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from analysis.apertium import TranslatorError
from common import limits, media
from common.errors import DomainError
from common.refusals import refusal_caught
from groups.domain import membership_now
from meetings.access import facilitator_required, page_language, participant_required
from meetings.domain import is_facilitator, meeting_with_programme, programme_state
from meetings.models import ProgrammeItem
from wall import access, domain, images, report_back, saving
from wall.forms import (
    CardImageForm,
    ModerateForm,
    ReportPickForm,
    ReportRandomForm,
    ReportSlotForm,
    RestoreForm,
    ShareForm,
)
from wall.models import Card, ReportSlot, Wall
from wall.translation import card_translation


def _in_page_language(request, meeting) -> None:
    """A wall is a page of the meeting: in its language unless the person chose one, as
    the live frames its socket is sent (live/socket.py)."""
    request.LANGUAGE_CODE = page_language(request, meeting)
    translation.activate(request.LANGUAGE_CODE)


def _wall_context(meeting, item, *, moderator, show_names=True):
    return {
        "meeting": meeting,
        "item": item,
        "wall": domain.wall_for(item),
        "cards": domain.wall_cards(item, include_hidden=moderator),
        "questions": list(item.questions.all()),
        "moderator": moderator,
        "show_names": show_names,
        "sessions": meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION),
    }


@participant_required(facilitators_too=True)
def wall_page(request, meeting, _participant, item_pk):
    moderator = is_facilitator(request.user, meeting)
    item = get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.GROUP_SESSION)
    _in_page_language(request, meeting)
    context = _wall_context(meeting, item, moderator=moderator)
    if settings.WALL_CARD_BODIES_TO_VIEWERS and not moderator:
        # The page says which cards it shows (wall.js); its group's own card always counts.
        membership = _participant and membership_now(_participant, "group__card")
        own = membership and membership.group.item_id == item.pk
        context["light_wall"] = True
        context["own_card"] = domain.card_shown(membership.group).pk if own else None
        # How a card heard only as a summary names its group (Group.name), in the page's
        # language: a template's translate would look for the msgid with its % doubled.
        context["group_name"] = _("Group %(number)d")
    return render(request, "wall/wall.html", context)


def shared_wall(request, token):
    wall = Wall.objects.select_related("item__meeting").filter(share_token=token).first()
    if wall is None or not token:
        raise Http404
    _in_page_language(request, wall.item.meeting)
    context = _wall_context(
        wall.item.meeting, wall.item, moderator=False, show_names=wall.share_names
    )
    context["shared"] = True
    context["share_token"] = token  # the pictures' URLs are the share link's (wall/access.py)
    return render(request, "wall/wall.html", context)


def _translation_refused(request, meeting):
    """Asked by someone who is neither in the meeting nor one of its facilitators: answered
    in JSON, in the page's language, as wall.js shows it beside the card."""
    with translation.override(page_language(request, meeting)):
        refusal = {"error": _("Only the meeting's participants can see its cards.")}
    return JsonResponse(refusal, status=403)


@require_GET
@participant_required(facilitators_too=True, refuse=_translation_refused)
def card_other(request, meeting, _participant, card_pk):
    """A card of the meeting in the other written form (wall/translation.py), for the wall's
    "show in nynorsk / bokmål": for those the wall shows it to, hidden cards to facilitators
    alone."""
    moderator = is_facilitator(request.user, meeting)
    card = get_object_or_404(
        Card.objects.select_related("item"), pk=card_pk, item__meeting=meeting, version__gt=0
    )
    if card.hidden and not moderator:
        raise Http404
    _in_page_language(request, meeting)
    try:
        shown = card_translation(card, request.GET.get("to", ""))
    except TranslatorError as error:  # missing, busy or failing: try later, or read the card
        return JsonResponse({"error": str(error)}, status=503)
    except DomainError as error:
        return JsonResponse({"error": str(error)}, status=400)
    html = render_to_string("wall/_card_other.html", {"shown": shown}, request=request)
    return JsonResponse({"lang": shown.lang, "html": html})


@require_GET
@participant_required(facilitators_too=True, refuse=_translation_refused)
def card_frame(request, meeting, _participant, card_pk):
    """A card as the wall's live frame carries it (`card.state`, the public frame: a hidden
    card without its body), in the page's language: what a wall fetches when a card comes
    into view with a summary newer than the body it shows (WALL_CARD_BODIES_TO_VIEWERS)."""
    card = get_object_or_404(
        Card.objects.select_related("item__meeting", "group", "updated_by"),
        pk=card_pk,
        item__meeting=meeting,
        version__gt=0,
    )
    _in_page_language(request, meeting)
    html = "" if card.hidden else domain.card_html(card, language=request.LANGUAGE_CODE)
    return JsonResponse(domain.card_payload(card, html))


# --- Editing a group's card ----------------------------------------------------------------


def _editor_refused(request, meeting):
    """The card editor is no page to be sent on from: it is answered as the socket answers
    a save from someone who is not a participant, in the same language."""
    with translation.override(page_language(request, meeting)):
        refusal = {"error": _("The card could not be saved. Reload the page.")}
    return JsonResponse(refusal, status=403)


def _own_card(participant, *, for_change: bool = True) -> Card:
    """The card of the participant's group now; only its members may change it."""
    membership = membership_now(participant, "group__card")
    if membership is None:
        raise PermissionDenied
    return domain.card_for(membership.group) if for_change else domain.card_shown(membership.group)


@require_POST
@participant_required(refuse=_editor_refused)
def card_save(request, meeting, participant):
    limit = limits.exceeded(request, "save", person=participant.pk, meeting=meeting.pk)
    if limit is not None:
        # The editor shows the error and keeps the text on the device (card-editor.js).
        with translation.override(page_language(request, meeting)):
            return limits.refused_json(limit)
    card = _own_card(participant)
    status, body = saving.card_save_answer(card, participant, request.POST)
    return JsonResponse(body, status=status)


@require_POST
@participant_required(refuse=_editor_refused)
def card_edit(request, meeting, participant):
    """An edit of the shared document over HTTP, while the page's socket is down: the same
    answer as `card.edit` over the socket (wall/saving.py)."""
    limit = limits.exceeded(request, "save", person=participant.pk, meeting=meeting.pk)
    if limit is not None:
        with translation.override(page_language(request, meeting)):
            return limits.refused_json(limit)
    card = _own_card(participant)
    given = "questions_given" in request.POST  # none ticked is not the same as none sent
    data = {
        "update": request.POST.get("update", ""),
        "vector": request.POST.get("vector") or None,
        "pause": request.POST.get("pause") == "1",
        "questions": request.POST.getlist("questions") if given else None,
    }
    status, body = saving.card_edit_answer(card, participant, data)
    return JsonResponse(body, status=status)


@participant_required
def card_history(request, meeting, participant):
    card = _own_card(participant, for_change=False)
    versions = card.versions.select_related("author", "author_user")[:50] if card.pk else []
    return render(
        request,
        "wall/history.html",
        {"card": card, "versions": versions, "meeting": card.item.meeting},
    )


@require_POST
@participant_required
def card_restore(request, meeting, participant):
    card = _own_card(participant)
    form = RestoreForm(request.POST)
    with refusal_caught(request):
        if not form.is_valid():
            raise domain.CardError(_("That version does not exist."))
        domain.card_restore(card=card, version=form.cleaned_data["version"], author=participant)
        messages.success(request, _("The earlier version is now the card's newest version."))
    return redirect("groups:page", meeting.code)


def _picture_refused(request, meeting, text: str, status: int, retry_after: int):
    """An upload refused for now (too many at once): the page of a limit, with its wait."""
    with translation.override(page_language(request, meeting)):
        page = {"message": text, "back_url": reverse("groups:page", args=[meeting.code])}
        response = render(request, "common/limited.html", page, status=status)
    response["Retry-After"] = str(retry_after)
    return response


@require_POST
@participant_required
def card_image_add(request, meeting, participant):
    most = settings.UPLOADS_AT_ONCE_PER_PERSON
    with limits.at_once("upload", participant.pk, most) as may:
        if not may:
            with translation.override(page_language(request, meeting)):
                text = _(
                    "Your other pictures are still being added. Wait until they are on the "
                    "card, then add this one."
                )
            return _picture_refused(request, meeting, text, 429, 5)
        return _card_image_add(request, meeting, participant)


def _card_image_add(request, meeting, participant):
    limit = limits.exceeded(request, "upload", person=participant.pk, meeting=meeting.pk)
    if limit is not None:
        with translation.override(page_language(request, meeting)):
            back_url = reverse("groups:page", args=[meeting.code])
            return limits.refused_page(request, limit, back_url=back_url)
    card = _own_card(participant)
    form = CardImageForm(request.POST, request.FILES)
    with refusal_caught(request):
        if not form.is_valid():
            raise domain.CardError(_("Choose a picture and describe it in at most 300 characters."))
        upload = form.cleaned_data["image"]
        if upload.size > images.MAX_UPLOAD_BYTES:
            raise domain.CardError(
                _("The picture is too large: at most %(mb)d MB.")
                % {"mb": images.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            domain.card_image_add(
                card=card, data=upload.read(), alt=form.cleaned_data["alt"], author=participant
            )
        except images.DecodersBusy as busy:
            with translation.override(page_language(request, meeting)):
                text = str(busy)
            return _picture_refused(request, meeting, text, 503, busy.retry_after)
        messages.success(request, _("The picture is on the card."))
    return redirect("groups:page", meeting.code)


@require_POST
@participant_required
def card_image_remove(request, meeting, participant, image_pk):
    card = _own_card(participant)
    picture = get_object_or_404(card.images, pk=image_pk)
    with refusal_caught(request):
        domain.card_image_remove(picture=picture, author=participant)
    return redirect("groups:page", meeting.code)


# --- A card's pictures, to those who may see the card (wall/access.py) ---------------------


def picture(request, image_pk, size):
    found = access.picture_seen(request, image_pk)
    return media.stored_file(access.stored_name(found, size), images.CONTENT_TYPE)


def shared_picture(request, token, image_pk, size):
    found = access.shared_picture(token, image_pk)
    return media.stored_file(access.stored_name(found, size), images.CONTENT_TYPE)


# --- Facilitator: moderation, lock, share --------------------------------------------------


@require_POST
@facilitator_required
def moderate(request, meeting, card_pk):
    card = get_object_or_404(
        Card.objects.select_related("group"), pk=card_pk, item__meeting=meeting
    )
    form = ModerateForm(request.POST)
    if form.is_valid():
        action, data = form.cleaned_data["action"], form.cleaned_data
        if action in ("pin", "unpin"):
            domain.card_moderate(card=card, pinned=action == "pin")
        elif action in ("hide", "unhide"):
            domain.card_moderate(card=card, hidden=action == "hide", hidden_reason=data["reason"])
        else:
            domain.card_moderate(card=card, comment=data["comment"])
    return redirect("wall:page", meeting.code, card.item_id)


@require_POST
@facilitator_required
def lock(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.GROUP_SESSION)
    domain.wall_lock(item=item, locked=request.POST.get("locked") == "on")
    return redirect("wall:page", meeting.code, item.pk)


@require_POST
@facilitator_required
def share(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.GROUP_SESSION)
    form = ShareForm(request.POST)
    if form.is_valid():
        domain.wall_share(
            item=item,
            enabled=form.cleaned_data["enabled"],
            share_names=form.cleaned_data["share_names"],
        )
    return redirect("wall:page", meeting.code, item.pk)


# --- Report-back ---------------------------------------------------------------------------


def _report_item(meeting, item_pk) -> ProgrammeItem:
    return get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.REPORT_BACK)


@facilitator_required
def report_manage(request, meeting, item_pk):
    item = _report_item(meeting, item_pk)
    source = report_back.report_source(item)
    groups = list(source.groups.select_related("card")) if source else []
    slots = list(item.report_slots.select_related("group"))
    context = {
        "meeting": meeting,
        "item": item,
        "source": source,
        "groups": groups,
        "slots": slots,
        "chosen": {slot.group_id for slot in slots},
        "reported_elsewhere": set(
            ReportSlot.objects.filter(item__meeting=meeting)
            .exclude(item=item)
            .values_list("group__number", flat=True)
        ),
        # Two forms with a minutes field on one page: ids of their own, the names the same.
        "pick_form": ReportPickForm(group_numbers=[g.number for g in groups], auto_id="id_pick_%s"),
        "random_form": ReportRandomForm(auto_id="id_random_%s"),
        "report_state": report_back.report_state(item),
    }
    return render(request, "wall/report_manage.html", context)


def _seconds(minutes) -> int:
    return int(minutes * 60)


def _report_action(request, meeting, item, action):
    with refusal_caught(request):
        action()
    return redirect("wall:report", meeting.pk, item.pk)


@require_POST
@facilitator_required
def report_pick(request, meeting, item_pk):
    item = _report_item(meeting, item_pk)
    source = report_back.report_source(item)
    numbers = list(source.groups.values_list("number", flat=True)) if source else []
    form = ReportPickForm(request.POST, group_numbers=numbers)
    if not form.is_valid():
        messages.error(request, _("Choose at least one group, and between 0.5 and 30 minutes."))
        return redirect("wall:report", meeting.pk, item.pk)
    data = form.cleaned_data
    return _report_action(
        request,
        meeting,
        item,
        lambda: report_back.report_pick(
            item=item, group_numbers=data["groups"], seconds=_seconds(data["minutes"])
        ),
    )


@require_POST
@facilitator_required
def report_random(request, meeting, item_pk):
    item = _report_item(meeting, item_pk)
    form = ReportRandomForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose between 1 and 50 groups, and between 0.5 and 30 minutes.")
        )
        return redirect("wall:report", meeting.pk, item.pk)
    data = form.cleaned_data
    return _report_action(
        request,
        meeting,
        item,
        lambda: report_back.report_pick_random(
            item=item, count=data["count"], seconds=_seconds(data["minutes"])
        ),
    )


@require_POST
@facilitator_required
def report_slot(request, meeting, item_pk, slot_pk):
    item = _report_item(meeting, item_pk)
    slot = get_object_or_404(item.report_slots, pk=slot_pk)
    form = ReportSlotForm(request.POST)
    if not form.is_valid():
        return redirect("wall:report", meeting.pk, item.pk)
    action, minutes = form.cleaned_data["action"], form.cleaned_data["minutes"]

    def apply():
        if action in ("up", "down"):
            report_back.report_move(slot=slot, offset=-1 if action == "up" else 1)
        elif action == "remove":
            report_back.report_remove(slot=slot)
        elif minutes is None:
            raise domain.CardError(_("Give each group between 10 seconds and 30 minutes."))
        else:
            report_back.report_set_time(slot=slot, seconds=_seconds(minutes))

    return _report_action(request, meeting, item, apply)


@require_POST
@facilitator_required
def report_next(request, meeting, item_pk):
    item = _report_item(meeting, item_pk)
    return _report_action(request, meeting, item, lambda: report_back.report_next(item=item))


@participant_required(facilitators_too=True)
def present(request, meeting, _participant, item_pk):
    """The projector view: the presenting group's card, large; once the programme has
    moved past the report-back, what runs now (report.js follows the programme)."""
    item = _report_item(meeting, item_pk)
    _in_page_language(request, meeting)
    meeting = meeting_with_programme(meeting.pk)
    context = {
        "meeting": meeting,
        "item": item,
        "state": programme_state(meeting),
        "facilitator": is_facilitator(request.user, meeting),
        # The stage while a report-back runs or this one is still to come (report.js).
        "on_stage": item.status == ProgrammeItem.Status.PENDING
        or (
            meeting.status == meeting.Status.LIVE
            and meeting.current_item is not None
            and meeting.current_item.kind == ProgrammeItem.Kind.REPORT_BACK
        ),
    }
    return render(request, "wall/present.html", context)
