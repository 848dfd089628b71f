from django.dispatch import Signal

# Sent inside the join transaction with `participant`, so other domains (groups) can react
# without participants depending on them.
participant_joined = Signal()

# Sent inside the leaving transaction with `participant`: their groups' pages show them as
# gone, and a role they held is free to take (groups/apps.py).
participant_left = Signal()

# Sent inside the transaction that brings back someone who had closed every page of the
# meeting (Participant.Gone.CLOSED) and opened one again, with `participant`: their groups'
# pages show them as here again (groups/apps.py).
participant_back = Signal()

# A page of `participant_id` said it is going away: whether they are gone is to be decided
# after the grace period, at `run_after` (participants/tasks.py queues the check).
closed_check_wanted = Signal()
