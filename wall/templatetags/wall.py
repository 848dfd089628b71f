from django import template

from wall.domain import card_for, wall_for
from wall.forms import CardImageForm

register = template.Library()


@register.inclusion_tag("wall/_editor.html", takes_context=True)
def card_editor(context, membership):
    """The group's card editor, for the group page."""
    if membership is None:
        return {"card": None}
    card = card_for(membership.group)
    item = membership.group.item
    return {
        "card": card,
        "item": item,
        "meeting": context["meeting"],
        "questions": list(item.questions.all()),
        "locked": wall_for(item).locked,
        "image_form": CardImageForm(),
        "csrf_token": context.get("csrf_token"),
        "is_note_taker": membership.role == "note_taker",
    }
