"""The report-back's state in the snapshot of a page that connects while one is running,
registered with meetings/snapshot.py by WallConfig.ready(); and who may join a card's
editors (`card:<id>`, live/snapshot.py), whose pages hear the card's edits as typed."""

from live.events import CARD, FACILITATORS, REPORTBACK_STATE
from live.snapshot import LiveAccess, frame, register_joinable
from meetings.models import ProgrammeItem
from meetings.snapshot import register_running_item_part
from wall.models import Card
from wall.report_back import report_state


def report_back_frames(item_id: int, language: str) -> list[str]:
    item = ProgrammeItem.objects.get(pk=item_id)
    return [frame(REPORTBACK_STATE, report_state(item, language))]


def card_editor_may_join(access: LiveAccess, card_id: int) -> bool:
    """A card of the socket's meeting, and the socket's person is in its group or is one
    of the meeting's facilitators: one query, when the socket opens."""
    cards = Card.objects.filter(pk=card_id, item__meeting_id=access.meeting_id)
    if FACILITATORS in access.audiences:
        return cards.exists()
    if access.participant_id is None:
        return False
    return cards.filter(group__memberships__participant_id=access.participant_id).exists()


register_joinable(CARD, card_editor_may_join)
register_running_item_part(ProgrammeItem.Kind.REPORT_BACK, report_back_frames)
