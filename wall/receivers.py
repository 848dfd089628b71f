"""The wall's part when a meeting ends: every group session's wall is locked, so the cards
stay as the groups left them and the open editors stop (wall.state)."""

from django.dispatch import receiver

from meetings.models import ProgrammeItem
from meetings.signals import meeting_ended
from wall.domain import wall_lock


@receiver(meeting_ended, dispatch_uid="wall-lock-at-the-end")
def lock_walls(sender, meeting, **kwargs):
    for item in meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION):
        wall_lock(item=item, locked=True)
