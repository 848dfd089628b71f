from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("", views.code_entry, name="code"),
    path("manage/<int:pk>/presence/", views.presence_panel, name="presence"),
    path("<str:code>/", views.meeting_page, name="meeting"),
    path("<str:code>/join/", views.join, name="join"),
    path("<str:code>/leave/", views.leave, name="leave"),
]
