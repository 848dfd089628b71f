from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/<int:pk>/", views.report_page, name="page"),
    path("reports/<int:pk>/build/", views.build, name="build"),
    path("reports/<int:pk>/status/", views.build_status, name="status"),
    path("reports/<int:pk>/details/", views.details, name="details"),
    path("reports/<int:pk>/share/", views.share, name="share"),
    path("reports/<int:pk>/preview/", views.preview, name="preview"),
    path("reports/<int:pk>/files/<str:fmt>/", views.download, name="download"),
    # The reader's side of a share link: no account, only the token.
    path("r/<str:token>/", views.shared_report, name="shared"),
    path("r/<str:token>/files/<str:fmt>/", views.shared_download, name="shared_download"),
    path("r/<str:token>/pictures/<int:image_pk>/", views.shared_picture, name="shared_picture"),
]
