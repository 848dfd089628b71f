"""A stored file (a card picture) sent to someone a view has let see it.

The files are never public: a view checks who asks, then answers with this. How the bytes
travel depends on where they are kept:

- MEDIA_STORAGE=s3: a redirect to a signed URL of the bucket that expires after
  S3_URL_EXPIRY seconds;
- on local disk behind nginx (MEDIA_ACCEL_REDIRECT, production): an empty answer whose
  X-Accel-Redirect header names the file under nginx's internal location
  (deploy/nginx/samtale.conf), so nginx sends it and the process does not;
- in development: the file itself, streamed by the process.

Imports no app.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect

# A browser keeps a picture it may see for this long; one hidden meanwhile stays only in
# the caches of those who saw it, and nowhere shared (private).
CACHE_SECONDS = 60 * 60


def stored_file(name: str, content_type: str) -> HttpResponse:
    """The answer that gives the stored file `name` to the person asking; 404 without it."""
    if not name:
        raise Http404
    if settings.MEDIA_STORAGE == "s3":
        response = HttpResponseRedirect(default_storage.url(name))
        # Not kept longer than the signature lasts.
        seconds = min(CACHE_SECONDS, max(0, settings.S3_URL_EXPIRY - 60))
        response["Cache-Control"] = f"private, max-age={seconds}"
        return response
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except (OSError, ValueError) as error:  # gone, or a name no file system holds
            raise Http404 from error
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    return response
