from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("padlet/", views.padlet_upload, name="padlet"),
    path("zoom/", views.zoom_upload, name="zoom"),
    path("meetings/<int:pk>/padlet/", views.padlet_result, name="padlet_result"),
    path("meetings/<int:pk>/zoom/", views.zoom_result, name="zoom_result"),
]
