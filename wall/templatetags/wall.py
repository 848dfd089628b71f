from django import template

from wall import document
from wall.domain import card_shown, card_writer, document_state, wall_for
from wall.forms import CardImageForm
from wall.report_back import report_state
from wall.translation import card_form, other_form

register = template.Library()


@register.inclusion_tag("wall/_editor.html", takes_context=True)
def card_editor(context, membership):
    """The group's card editor, for the group page (reading only: the first save makes a
    card the group lacks)."""
    if membership is None:
        return {"card": None}
    card = card_shown(membership.group)
    item = membership.group.item
    return {
        "card": card,
        "document": document.encode(document_state(card)),
        "pictures": list(card.images.all()) if card.pk else [],
        "item": item,
        "meeting": context["meeting"],
        "questions": list(item.questions.all()),
        "locked": wall_for(item).locked,
        "image_form": CardImageForm(),
        "csrf_token": context.get("csrf_token"),
        "is_note_taker": membership.role == "note_taker",
    }


@register.inclusion_tag("wall/_report.html")
def report_stage(meeting, item=None, follow=False):
    """The report-back stage: for `item` alone (the facilitator's page), or following the
    programme to whatever report-back runs now: from `item` (the projector), or from none
    (a participant's page, where it shows only while a report-back runs; report.js)."""
    current = item or meeting.current_item
    running = meeting.status == "live" and current is not None and current.kind == "report_back"
    shown = item is not None or running
    return {
        "report_item": current if shown else None,
        "follow_any": item is None or follow,
        "on_its_own": item is None,
        "report_state": report_state(current) if shown else None,
    }


@register.filter(name="card_writer")
def card_writer_filter(card):
    return card_writer(card)


@register.filter(name="card_form")
def card_form_filter(card):
    """The written form the card is in: its words are marked with it, and the other offered."""
    return card_form(card)


@register.filter(name="other_form")
def other_form_filter(form):
    return other_form(form)
