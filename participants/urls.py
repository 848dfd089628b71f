from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("", views.code_entry, name="code"),
    path("manage/<int:pk>/presence/", views.presence_panel, name="presence"),
    path("manage/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "manage/<int:pk>/attendance/<str:kind>/",
        views.attendance_export,
        name="attendance_export",
    ),
    path(
        "manage/<int:pk>/organisations/match/",
        views.organisation_match,
        name="organisation_match",
    ),
    path("manage/<int:pk>/people/", views.people, name="people"),
    path("manage/<int:pk>/people/<int:person_pk>/data/", views.person_data, name="person_data"),
    path(
        "manage/<int:pk>/people/<int:person_pk>/erase/",
        views.person_erase,
        name="person_erase",
    ),
    path("<str:code>/", views.meeting_page, name="meeting"),
    path("<str:code>/join/", views.join, name="join"),
    path("<str:code>/leave/", views.leave, name="leave"),
    path("<str:code>/closing/", views.closing, name="closing"),
]
