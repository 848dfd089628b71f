from django.urls import path

from helpdesk import views

app_name = "helpdesk"

urlpatterns = [
    path("<str:code>/ask/", views.ask, name="ask"),
    path("<str:code>/mine/", views.mine, name="mine"),
    path("manage/<int:pk>/", views.requests_panel, name="panel"),
    path("manage/<int:pk>/signal/", views.signal, name="signal"),
    path("manage/<int:pk>/<int:request_pk>/answer/", views.answer, name="answer"),
    path("manage/<int:pk>/<int:request_pk>/solve/", views.solve, name="solve"),
]
