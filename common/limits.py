"""How often one person, one address or one meeting may do a thing, and what they are told
when they have done it too often.

The numbers are settings.RATE_LIMITS ("Rate limits" in samtale/settings.py), named
"<action>.<scope>", read at each request so an operator changes them there alone.
django-ratelimit counts them in Django's default cache: the process's own memory on the
embedded default, which serves every request from one process; Redis with REDIS_URL, so
that all processes count together.

Imports no app: the views give the person and the meeting as plain ids.
"""

import logging
import math
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger("samtale.limits")

PERSON, ADDRESS, MEETING = "person", "address", "meeting"
# Codes that are no meeting's, counted per address (common.limits.unknown_code_counted).
CODE = "code"


@dataclass(frozen=True)
class Exceeded:
    """A limit that a request went over: which one, and how long until it resets."""

    action: str
    scope: str
    seconds_left: int


def _rate(group: str, _request) -> str | None:
    return settings.RATE_LIMITS.get(group)


def _usage(request, action: str, scope: str, value, *, increment: bool) -> dict | None:
    group = f"{action}.{scope}"
    if group not in settings.RATE_LIMITS:
        return None
    # "ip" is django-ratelimit's own key: REMOTE_ADDR, an IPv6 address as its /64.
    key = "ip" if scope == ADDRESS else (lambda _group, _request: str(value))
    try:
        return get_usage(request, group=group, key=key, rate=_rate, increment=increment)
    except RedisError:
        # Redis away: nothing is counted rather than everyone refused (RATELIMIT_FAIL_OPEN
        # does the same when a count cannot be read back).
        logger.warning("rate limit %s not counted: Redis did not answer", group)
        return None


def _exceeded(action: str, scope: str, usage: dict) -> Exceeded:
    return Exceeded(action, scope, max(usage["time_left"], 1))


def exceeded(request, action: str, *, person=None, meeting=None) -> Exceeded | None:
    """Count one `action` for the person (when known), the address and the meeting (when
    known), in that order; the first limit this goes over, or None.

    A request refused at one scope is not counted at the next: one person's flood spends
    none of the allowance of the address and meeting they share with everyone else.
    """
    for scope, value in ((PERSON, person), (ADDRESS, True), (MEETING, meeting)):
        if value is None:
            continue
        usage = _usage(request, action, scope, value, increment=True)
        if usage is not None and usage["should_limit"]:
            return _exceeded(action, scope, usage)
    return None


def unknown_code_counted(request) -> Exceeded | None:
    """Count a code that is no meeting's, asked for from this address; whether that went
    over the limit."""
    usage = _usage(request, CODE, ADDRESS, True, increment=True)
    return _exceeded(CODE, ADDRESS, usage) if usage and usage["should_limit"] else None


def code_probing_stopped(request) -> Exceeded | None:
    """Whether this address has asked for as many unknown codes as it may: then a code that
    is a meeting's is refused too, until the period ends, or the refusal itself would tell
    a prober which codes exist. Not counted: only unknown codes are."""
    usage = _usage(request, CODE, ADDRESS, True, increment=False)
    return _exceeded(CODE, ADDRESS, usage) if usage and usage["count"] >= usage["limit"] else None


def browser_key(request) -> str | None:
    """Who a person is before they have joined: their browser, by its CSRF cookie (which
    every accepted form carries, and which stays the same when the browser's session
    begins), else its session; None for neither. A client that drops its cookies is a new
    browser each time, and meets the limit of its address instead."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if csrf_cookie:
        return f"csrf:{csrf_cookie}"
    session_key = request.session.session_key
    return f"session:{session_key}" if session_key else None


# --- How many at once ------------------------------------------------------------------------

# A count outlives its requests by at most this long: one whose process died while it held a
# place gives it back then.
AT_ONCE_SECONDS = 120


@contextmanager
def at_once(action: str, key, most: int):
    """Count one `action` of `key` (a person's id) as under way for the block; the block is
    given whether it may go on: False when `most` are under way already, counted in Django's
    default cache so that every process counts together (Redis with REDIS_URL).

    Redis away: the block may go on, as the rate limits do (RATELIMIT_FAIL_OPEN).
    """
    name = f"samtale:at-once:{action}:{key}"
    try:
        cache.add(name, 0, AT_ONCE_SECONDS)
        count = cache.incr(name)
        cache.touch(name, AT_ONCE_SECONDS)
    except (RedisError, ValueError):  # away, or the count ran out between add and incr
        logger.warning("%s at once not counted", action)
        yield True
        return
    try:
        yield count <= most
    finally:
        with suppress(RedisError, ValueError):
            cache.decr(name)


# --- Telling the person ---------------------------------------------------------------------


def _what_happened(limit: Exceeded) -> str:
    if limit.action == "join":
        if limit.scope == PERSON:
            return _("You have tried to join many times in a short while.")
        return _("Very many people are joining just now.")
    if limit.action == CODE:
        return _("Too many meeting codes that do not exist have been tried from your network.")
    if limit.action == "help":
        if limit.scope == PERSON:
            return _("You have sent many questions in a short while.")
        return _("The facilitators have received very many questions just now.")
    if limit.action == "save":
        return _(
            "The card is being saved very often just now. What you wrote stays on this "
            "device and is saved when you type again."
        )
    if limit.action == "upload":
        if limit.scope == PERSON:
            return _("You have added many pictures in a short while. Nothing on the card is lost.")
        return _("Many pictures are being added just now. Nothing on the card is lost.")
    if limit.action == "login":
        return _("Too many logins have been tried from your network.")
    return _("Too many requests in a short while.")


def wait_text(seconds: int) -> str:
    """The wait, in whole minutes: "Try again in 4 minutes."."""
    minutes = math.ceil(seconds / 60)
    if minutes <= 1:
        return _("Try again in a minute.")
    return ngettext(
        "Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", minutes
    ) % {"minutes": minutes}


def message(limit: Exceeded) -> str:
    """What the person is told, in the language active now."""
    return f"{_what_happened(limit)} {wait_text(limit.seconds_left)}"


def retry_after(response: HttpResponse, limit: Exceeded) -> HttpResponse:
    """`response` (429) with the wait in its Retry-After header."""
    response["Retry-After"] = str(limit.seconds_left)
    return response


def refused_json(limit: Exceeded) -> JsonResponse:
    """For a caller that reads JSON and shows its "error" (the card editor)."""
    return retry_after(JsonResponse({"error": message(limit)}, status=429), limit)


def refused_page(
    request,
    limit: Exceeded,
    *,
    back_url: str = "",
    resend_url: str = "",
    resend_field=None,
    template: str = "common/limited.html",
    context: dict | None = None,
) -> HttpResponse:
    """A page that says what happened and how long to wait; htmx gets the message alone.

    `resend_field`, a bound form field posted again to `resend_url`, keeps what the person
    typed on the page, to send once the wait is over.
    """
    text = message(limit)
    if request.headers.get("HX-Request"):
        fragment = render_to_string("common/_limited_message.html", {"message": text})
        return retry_after(HttpResponse(fragment, status=429), limit)
    page = {
        "message": text,
        "back_url": back_url,
        "resend_url": resend_url,
        "resend_field": resend_field,
        **(context or {}),
    }
    return retry_after(render(request, template, page, status=429), limit)
