from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_edit, name="edit"),
    path("<int:pk>/items/new/", views.item_edit, name="item_create"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/run/", views.meeting_run, name="run"),
    path("<int:pk>/run/programme/", views.run_programme, name="run_programme"),
    path("<int:pk>/run/controls/", views.run_controls, name="run_controls"),
    path("<int:pk>/run/start/", views.run_start, name="run_start"),
    path("<int:pk>/run/advance/", views.run_advance, name="run_advance"),
    path("<int:pk>/run/extend/", views.run_extend, name="run_extend"),
    path("<int:pk>/run/items/<int:item_pk>/start/", views.run_item_start, name="run_item_start"),
    path("<int:pk>/run/items/<int:item_pk>/skip/", views.run_item_skip, name="run_item_skip"),
    path(
        "<int:pk>/run/items/<int:item_pk>/restore/", views.run_item_restore, name="run_item_restore"
    ),
    path("<int:pk>/run/recording/", views.run_recording, name="run_recording"),
    path("<int:pk>/run/announce/", views.run_announce, name="run_announce"),
    path(
        "<int:pk>/run/announce/withdraw/",
        views.run_announce_withdraw,
        name="run_announce_withdraw",
    ),
    path("<int:pk>/run/end/", views.run_end, name="run_end"),
]
