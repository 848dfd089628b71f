"""Log filters (LOGGING in samtale/settings.py)."""

import logging


class WithoutTracebackBelow500(logging.Filter):
    """A request refused on purpose (403, 400: Django logs it with the status code) is one
    line; a server error (500) keeps its traceback, which is what finds the fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        status_code = getattr(record, "status_code", None)
        if status_code is not None and status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True
