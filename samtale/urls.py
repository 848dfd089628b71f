from django.contrib import admin
from django.urls import include, path

from common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.health, name="health"),
    path("tilgjengelighet/", common_views.accessibility_statement, name="accessibility"),
    path("personvern/", common_views.privacy_notice, name="privacy"),
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
# No URL serves MEDIA_ROOT as it is: card pictures go out through views that check who
# asks (wall/access.py, common/media.py), in development too.
