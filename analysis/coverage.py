"""Report-back that covers the themes: pick the groups whose cards together touch the most
themes and value areas, instead of drawing them at random."""

from django.utils.translation import gettext as _

from analysis.domain import cards_tag, default_taxonomy, themes_find
from analysis.models import Taxonomy
from meetings.models import ProgrammeItem
from wall import report_back
from wall.domain import CardError
from wall.models import Card, ReportSlot


def covering_groups(*, cards, tags, themes, count: int) -> list[int]:
    """Group numbers, greedily: each next card adds the most themes and categories not yet
    covered (ties: the lower group number), so the same material gives the same choice."""
    covers = {card.pk: {f"category:{c.slug}" for c in tags[card.pk].categories} for card in cards}
    for index, theme in enumerate(themes):
        for key in theme.keys:
            covers.setdefault(int(key), set()).add(f"theme:{index}")
    remaining = sorted(cards, key=lambda card: card.group.number)
    covered: set[str] = set()
    chosen = []
    while remaining and len(chosen) < count:
        best = max(remaining, key=lambda card: (len(covers[card.pk] - covered), -card.group.number))
        chosen.append(best.group.number)
        covered |= covers[best.pk]
        remaining.remove(best)
    return chosen


def report_pick_covering(
    *, item: ProgrammeItem, count: int, seconds: int = 120, taxonomy: Taxonomy | None = None
) -> list[ReportSlot]:
    """Add `count` groups (that have a card and have not reported) covering the most."""
    if count < 1:
        raise CardError(_("Choose at least one group."))
    source = report_back.report_source(item) if item.kind == item.Kind.REPORT_BACK else None
    if source is None:
        raise CardError(_("There are no groups yet in a session before this report-back."))
    reported = set(
        ReportSlot.objects.filter(item__meeting_id=item.meeting_id).values_list(
            "group__number", flat=True
        )
    )
    cards = [
        card
        for card in Card.objects.filter(item=source, version__gt=0, hidden=False).select_related(
            "group"
        )
        if card.group.number not in reported
    ]
    if not cards:
        raise CardError(_("No group that has not reported yet has written its card."))
    taxonomy = taxonomy or default_taxonomy()
    tags = {t.card_id: t for t in cards_tag(taxonomy=taxonomy, cards=cards)}
    numbers = covering_groups(cards=cards, tags=tags, themes=themes_find(cards=cards), count=count)
    return report_back.report_pick(item=item, group_numbers=numbers, seconds=seconds)
