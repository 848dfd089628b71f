"""What the analysis announces to the modules above it, which it does not import
(docs/structure.md): analysis/tasks.py queues the work for the worker."""

from django.dispatch import Signal

# The taxonomy's classifier is to be trained again: `taxonomy_id`, and `run_after` (a
# datetime, or None for as soon as the worker can).
training_wanted = Signal()
# The session's synthesis is to be worked out again: `item_id`, `run_after`.
synthesis_wanted = Signal()
