"""What the meetings app tells the others, which it does not know."""

from django.dispatch import Signal

# The meeting has ended (meetings.domain.meeting_end), sent inside its transaction with
# `meeting`: what the other apps close at the end is closed in the same commit.
meeting_ended = Signal()

# An item has started (meetings.domain), sent inside its transaction with `item`: a group
# session places those still waiting for a group (groups/apps.py).
item_started = Signal()
