"""When the database cannot be reached: how to tell, and what the person is told.

A page or a live request that finds the database gone (PostgreSQL restarting, its machine
away, SQLite's file locked or unreadable) is answered 503 with a wait, not 500: nothing is
wrong with what was asked, and it works again by itself once the database is back, since
each request takes a fresh connection when the last one broke (close_old_connections).
"""

import psycopg
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

# Seconds a page or the card editor waits before it asks again (Retry-After).
RETRY_AFTER = 5
UNAVAILABLE = "unavailable"

# PostgreSQL's SQLSTATEs of a server that is away or going away: connection exceptions
# (class 08), shutting down or starting up (57P01-57P03), out of connections (53300).
_PG_AWAY = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite's of a file that cannot be used for now; "no such table" and the like are bugs.
_SQLITE_AWAY = ("database is locked", "unable to open database file", "disk i/o error")


def database_unreachable(error: BaseException) -> bool:
    """`error` says the database is out of reach, not that the query was wrong."""
    if isinstance(error, InterfaceError):  # a connection closed under us
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, psycopg.Error):
        # No SQLSTATE when no server answered at all (refused, lost, timed out).
        return cause.sqlstate is None or cause.sqlstate.startswith(_PG_AWAY)
    # SQLite's own error, or samtale's writer lock (samtale/sqlite/base.py) timing out.
    return str(cause or error).lower().startswith(_SQLITE_AWAY)


def unavailable_message() -> str:
    """What the person reads, in the active language."""
    return _(
        "samtale cannot reach its database just now. Nothing you have saved is lost. "
        "Try again in a few seconds."
    )


def unavailable_body() -> dict:
    """The JSON answer, over HTTP and over the live socket alike: the card editor shows
    `error` and tries again after `retry_after` seconds."""
    return {"error": unavailable_message(), "code": UNAVAILABLE, "retry_after": RETRY_AFTER}
