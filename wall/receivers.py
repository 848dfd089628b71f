"""The wall's part when the programme moves: a report-back that starts tells every page
where it stands (reportback.state), and when a meeting ends every group session's wall is
locked, so the cards stay as the groups left them and the open editors stop (wall.state)."""

from django.dispatch import receiver

from meetings.models import ProgrammeItem
from meetings.signals import item_started, meeting_ended
from wall.domain import wall_lock
from wall.report_back import report_started


@receiver(meeting_ended, dispatch_uid="wall-lock-at-the-end")
def lock_walls(sender, meeting, **kwargs):
    for item in meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION):
        wall_lock(item=item, locked=True)


@receiver(item_started, dispatch_uid="wall-report-back-started")
def report_back_started(sender, item, **kwargs):
    if item.kind == ProgrammeItem.Kind.REPORT_BACK:
        report_started(item=item)
