from django.dispatch import Signal

# Sent inside the join transaction with `participant`, so other domains (groups) can react
# without participants depending on them.
participant_joined = Signal()

# Sent inside the leaving transaction with `participant`: their groups' pages show them as
# gone, and a role they held is free to take (groups/apps.py).
participant_left = Signal()
