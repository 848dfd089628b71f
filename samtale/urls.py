from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("register/", include("register.urls")),
    path("meetings/", include("meetings.urls")),
    path("m/", include("participants.urls")),
    path("help/", include("helpdesk.urls")),
    path("groups/", include("groups.urls")),
    path("wall/", include("wall.urls")),
    path("", include("reports.urls")),  # reports/<meeting>/ and the share links, r/<token>/
    path("imports/", include("imports.urls")),
    path("analysis/", include("analysis.urls")),
    path("admin/", admin.site.urls),
]
# Card pictures on local disk, in development only: in production nginx serves /media/
# from MEDIA_ROOT (deploy/nginx/samtale.conf), or the pictures are in a bucket.
if settings.DEVELOPMENT:
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", common_views.media)]
