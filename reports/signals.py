"""What the reports' domain announces to the modules above it, which it does not import
(docs/structure.md): reports/tasks.py queues the work for the worker."""

from django.dispatch import Signal

# A build was created and waits for the worker: `build_id`. Sent within the transaction
# that creates the build, so the queued task (a row of the same database) exists exactly
# when the build does.
build_requested = Signal()
