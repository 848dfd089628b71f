"""The control room's live view of a running group session: its value areas and emerging
themes, worked out in the worker and announced to the facilitators.

A burst of saves must not become a burst of work: a saved card asks for the session's
synthesis at most once per DEBOUNCE_SECONDS (the first save of a quiet spell schedules
it, later saves in the spell find it scheduled). The worker then reads every card of the
session once, stores the result (SessionSynthesis) and publishes "synthesis.stale",
a small ping: the facilitators' panel reloads the stored result, which costs one query.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from analysis.domain import card_text_refresh, cards_tag, default_taxonomy, themes_find
from analysis.models import CardText, SessionSynthesis
from analysis.signals import synthesis_wanted
from common.cache import first_in_spell
from live.events import SYNTHESIS_STALE
from live.publish import FACILITATORS, publish
from meetings.models import ProgrammeItem
from wall.models import Card

DEBOUNCE_SECONDS = 3


def session_in_focus(meeting) -> ProgrammeItem | None:
    """The group session whose cards matter now: the running one, the one a running
    report-back is about, else the last one that ran."""
    current = meeting.current_item
    if current is not None and current.kind == ProgrammeItem.Kind.GROUP_SESSION:
        return current
    if current is not None and current.kind == ProgrammeItem.Kind.REPORT_BACK:
        from wall.report_back import report_source

        return report_source(current)
    return (
        meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION, started_at__isnull=False)
        .order_by("-position", "-id")
        .first()
    )


def session_changed(*, item_id: int) -> None:
    """A card of the session was saved: have its synthesis worked out soon, once."""
    if not first_in_spell(("analysis", "session", item_id), DEBOUNCE_SECONDS):
        return  # already scheduled within this spell
    run_after = timezone.now() + timedelta(seconds=DEBOUNCE_SECONDS)
    synthesis_wanted.send(sender=ProgrammeItem, item_id=item_id, run_after=run_after)


def session_synthesis_refresh(*, item: ProgrammeItem) -> SessionSynthesis:
    """Work out what the session's cards say now, store it, and tell the facilitators."""
    cards = list(
        Card.objects.filter(item=item, version__gt=0, hidden=False).select_related("group")
    )
    known = dict(CardText.objects.filter(card__in=cards).values_list("card_id", "version"))
    for card in cards:
        if known.get(card.pk) != card.version:
            card_text_refresh(card=card)
    taxonomy = default_taxonomy()
    tags = cards_tag(taxonomy=taxonomy, cards=cards, train=True)
    groups = {card.pk: card.group.number for card in cards}
    areas = []
    for category in taxonomy.categories.all():
        tagged = [t.card_id for t in tags if category.slug in {c.slug for c in t.categories}]
        areas.append(
            {
                "slug": category.slug,
                "cards": len(tagged),
                "groups": sorted(groups[card_id] for card_id in tagged),
            }
        )
    themes = [
        {"label": theme.label, "groups": sorted(groups[int(key)] for key in theme.keys)}
        for theme in themes_find(cards=cards)
    ]
    data = {
        "cards": len(cards),
        "untagged": sum(not t.categories for t in tags),
        "areas": areas,
        "themes": themes,
    }
    with transaction.atomic():
        synthesis, _ = SessionSynthesis.objects.update_or_create(item=item, defaults={"data": data})
        SessionSynthesis.objects.filter(pk=synthesis.pk).update(version=F("version") + 1)
        synthesis.refresh_from_db()
        publish(
            item.meeting_id,
            SYNTHESIS_STALE,
            {"item": item.pk, "version": synthesis.version},
            audience=FACILITATORS,
            key=f"{SYNTHESIS_STALE}:{item.pk}",
        )
    return synthesis
