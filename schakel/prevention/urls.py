from django.urls import path

from schakel.prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("nieuw/", views.activity_create, name="create"),
    path("training-nodig/", views.training_due, name="training_due"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.activity_edit, name="edit"),
    path("<int:pk>/aanwezigheid/", views.attendance_add, name="attendance_add"),
    path("<int:pk>/aanwezigheid/<int:row>/verwijderen/", views.attendance_remove, name="attendance_remove"),
    path("<int:pk>/aandachtsfunctionarissen/", views.officer_add, name="officer_add"),
    path("<int:pk>/aandachtsfunctionarissen/<int:link>/verwijderen/", views.officer_remove, name="officer_remove"),
]
