from django.dispatch import Signal

# Sent inside the join transaction with `participant`, so other domains (groups) can react
# without participants depending on them.
participant_joined = Signal()
