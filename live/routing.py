from django.urls import path

from live.socket import meeting_socket

websocket_urlpatterns = [
    path("ws/meetings/<str:code>/", meeting_socket),
]
