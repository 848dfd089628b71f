"""Headers every page gets: its Content-Security-Policy, and who may keep a copy of it."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.utils.cache import patch_cache_control


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
