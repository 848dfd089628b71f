"""What the meetings app tells the others, which it does not know."""

from django.dispatch import Signal

# The meeting has ended (meetings.domain.meeting_end), sent inside its transaction with
# `meeting`: what the other apps close at the end is closed in the same commit.
meeting_ended = Signal()

# An item has started running (meetings.domain: the meeting started, an item started, the
# programme moved on), sent inside its transaction with `item`, after the programme's
# state is published: what the item's own app tells the pages follows the programme's
# frame (wall: where a report-back stands; groups: those waiting for a group are placed).
item_started = Signal()
