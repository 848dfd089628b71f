from django.urls import path

from analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.across, name="across"),
    path("search/", views.search, name="search"),
    path("taxonomies/", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/new/", views.taxonomy_edit, name="taxonomy_create"),
    path("taxonomies/<int:taxonomy_pk>/", views.taxonomy_edit, name="taxonomy_edit"),
    path("<int:pk>/", views.meeting_synthesis, name="meeting"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/panel/", views.session_panel, name="session_panel"),
    path("<int:pk>/report-back/<int:item_pk>/cover/", views.report_cover, name="report_cover"),
]
