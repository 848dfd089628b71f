from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("manage/<int:pk>/<int:item_pk>/", views.manage, name="manage"),
    path("manage/<int:pk>/<int:item_pk>/overview/", views.overview, name="overview"),
    path("manage/<int:pk>/<int:item_pk>/form/", views.form_groups, name="form"),
    path("manage/<int:pk>/<int:item_pk>/reuse/", views.reuse, name="reuse"),
    path("manage/<int:pk>/<int:item_pk>/move/", views.move, name="move"),
    path("manage/<int:pk>/<int:item_pk>/swap/", views.swap, name="swap"),
    path("manage/<int:pk>/<int:item_pk>/place/", views.place, name="place"),
    path("manage/<int:pk>/<int:item_pk>/roles/", views.roles, name="roles"),
    path("manage/<int:pk>/<int:item_pk>/roles/group/", views.group_roles, name="group_roles"),
    path(
        "manage/<int:pk>/<int:item_pk>/export/<str:kind>/",
        views.export,
        name="export",
    ),
    path("<str:code>/", views.group_page, name="page"),
    path("<str:code>/panel/", views.group_panel, name="panel"),
    path("<str:code>/role/", views.take_role, name="role"),
    path("<str:code>/round/start/", views.round_start, name="round_start"),
    path("<str:code>/round/<str:action>/", views.round_step, name="round_step"),
]
