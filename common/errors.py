"""What the domain says when it refuses something, and how a page tells the person.

Plain Python on purpose: the pure modules (groups.formation) raise these too.
"""


class DomainError(Exception):
    """Something asked of the domain that cannot be done; ``str(error)`` says why.

    `message` may be a lazy translation with %-placeholders filled from `params`: it is
    translated when it is shown, in the language of the page that shows it. `code` names the
    case, for callers that tell the cases apart.
    """

    def __init__(self, message, code: str = "", **params):
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text
