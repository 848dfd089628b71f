"""A refusal from the domain, told to the person the same way by every view."""

from contextlib import contextmanager

from django.contrib import messages

from common.errors import DomainError


class Refusal:
    """What a `refusal_caught` block was refused with: nothing, or the domain's error."""

    def __init__(self):
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def message(self) -> str | None:
        return None if self.error is None else str(self.error)


@contextmanager
def refusal_caught(request=None):
    """Run the block; a DomainError raised in it ends the block and is kept in the Refusal.

    Given the request, the refusal also becomes an error message on the next page shown, as
    after every action that redirects. Without it the view shows `refusal.message` itself,
    as a panel does that answers htmx in place.
    """
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as error:
        refusal.error = error
        if request is not None:
            messages.error(request, refusal.message)
