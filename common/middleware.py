"""Headers every page gets: its Content-Security-Policy, and who may keep a copy of it;
and the answer of a page when the database is out of reach."""

import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

from common.database import RETRY_AFTER, database_unreachable, unavailable_body, unavailable_message

logger = logging.getLogger("samtale.database")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY in the settings), with the live socket.

    The socket is at ws(s)://<this host>/ws/meetings/<code>/. CSP 3 lets connect-src 'self'
    cover it, as Chromium and Firefox do; Safari before 15.4 did not, so the page's own host
    is named with the socket's scheme as well.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        try:
            host = request.get_host()
        except DisallowedHost:  # answered 400 already; the policy without the socket
            return parts
        scheme = "wss" if request.is_secure() else "ws"
        parts.update = {**(parts.update or {}), "connect-src": [f"{scheme}://{host}"]}
        return parts


def _depends_on_the_person(request) -> bool:
    """The view read the session: a login, a participant, what they chose. Reading
    `request.user` reads the session too."""
    session = getattr(request, "session", None)
    return session is not None and session.accessed


def _is_a_download(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def _mark_private(request, response):
    """A page made for one person is kept by their browser alone, never by a proxy or a
    shared cache; a download made for them (a roster, a report) is not kept at all."""
    if not _depends_on_the_person(request):
        return response
    if _is_a_download(response):
        patch_cache_control(response, private=True, no_store=True)
    else:
        cache_control = response.get("Cache-Control", "")
        if "private" not in cache_control and "no-store" not in cache_control:
            patch_cache_control(response, private=True)
    return response


def private_when_personal(get_response):
    """Cache-Control: private on every response that depends on the session or a login.

    Sync and async alike, so that under uvicorn the request does not hop to a thread and
    back for it. Goes below SessionMiddleware: it reads what the view did with the session.
    """
    if iscoroutinefunction(get_response):

        async def middleware(request):
            return _mark_private(request, await get_response(request))

        markcoroutinefunction(middleware)
    else:

        def middleware(request):
            return _mark_private(request, get_response(request))

    return middleware


private_when_personal.sync_capable = True
private_when_personal.async_capable = True


class DatabaseUnreachableMiddleware(MiddlewareMixin):
    """A page that finds the database out of reach answers a calm 503 with Retry-After,
    in the person's language, instead of a 500 and its traceback page.

    Goes after LocaleMiddleware, whose language the answer speaks. The page is a template
    of its own that reads nothing from the database (no context processors: rendered
    without the request); a caller that does not ask for HTML (the card editor's save,
    other fetches) gets JSON with the same words and a code it can act on.
    """

    def process_exception(self, request, exception):
        if not database_unreachable(exception):
            return None
        # One line, not a traceback per request: during an outage every request ends here.
        logger.warning(
            "database unreachable for %s %s: %s", request.method, request.path, exception
        )
        if "text/html" in request.headers.get("Accept", ""):
            page = render_to_string(
                "common/database_unreachable.html",
                {"message": unavailable_message(), "retry_after": RETRY_AFTER},
            )
            response = HttpResponse(page, status=503)
        else:
            response = JsonResponse(unavailable_body(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        # Never kept: the next try must reach the server.
        patch_cache_control(response, no_store=True)
        return response
