"""The report-back's state in the snapshot of a page that connects while one is running,
registered with meetings/snapshot.py by WallConfig.ready()."""

from live.events import REPORTBACK_STATE
from live.snapshot import frame
from meetings.models import ProgrammeItem
from meetings.snapshot import register_running_item_part
from wall.report_back import report_state


def report_back_frames(item_id: int, language: str) -> list[str]:
    item = ProgrammeItem.objects.get(pk=item_id)
    return [frame(REPORTBACK_STATE, report_state(item, language))]


register_running_item_part(ProgrammeItem.Kind.REPORT_BACK, report_back_frames)
