from django.urls import path

from wall import views

app_name = "wall"

urlpatterns = [
    path("shared/<str:token>/", views.shared_wall, name="shared"),
    path(
        "shared/<str:token>/pictures/<int:image_pk>/<str:size>/",
        views.shared_picture,
        name="shared_picture",
    ),
    path("pictures/<int:image_pk>/<str:size>/", views.picture, name="picture"),
    path("manage/<int:pk>/cards/<int:card_pk>/moderate/", views.moderate, name="moderate"),
    path("manage/<int:pk>/<int:item_pk>/lock/", views.lock, name="lock"),
    path("manage/<int:pk>/<int:item_pk>/share/", views.share, name="share"),
    path("manage/<int:pk>/report/<int:item_pk>/", views.report_manage, name="report"),
    path("manage/<int:pk>/report/<int:item_pk>/pick/", views.report_pick, name="report_pick"),
    path("manage/<int:pk>/report/<int:item_pk>/random/", views.report_random, name="report_random"),
    path("manage/<int:pk>/report/<int:item_pk>/next/", views.report_next, name="report_next"),
    path(
        "manage/<int:pk>/report/<int:item_pk>/slots/<int:slot_pk>/",
        views.report_slot,
        name="report_slot",
    ),
    path("<str:code>/present/<int:item_pk>/", views.present, name="present"),
    path("<str:code>/card/<int:card_pk>/", views.card_frame, name="card"),
    path("<str:code>/card/<int:card_pk>/other/", views.card_other, name="card_other"),
    path("<str:code>/card/save/", views.card_save, name="card_save"),
    path("<str:code>/card/edit/", views.card_edit, name="card_edit"),
    path("<str:code>/card/history/", views.card_history, name="card_history"),
    path("<str:code>/card/restore/", views.card_restore, name="card_restore"),
    path("<str:code>/card/images/", views.card_image_add, name="card_image_add"),
    path(
        "<str:code>/card/images/<int:image_pk>/remove/",
        views.card_image_remove,
        name="card_image_remove",
    ),
    path("<str:code>/<int:item_pk>/", views.wall_page, name="page"),
]
