from django.urls import path

from schakel.care import views

app_name = "care"
urlpatterns = [
    path("", views.trajectory_list, name="list"),
    path("nieuw/", views.trajectory_new, name="new"),
    path("<int:pk>/", views.trajectory_detail, name="detail"),
    path("<int:pk>/stap/<str:step>/", views.trajectory_step, name="step"),
    path("<int:pk>/identiteit/", views.victim_identity, name="identity"),
    path("tellingen/", views.month_list, name="months"),
    path("tellingen/<str:kind>/nieuw/", views.month_edit, name="month_new"),
    path("tellingen/<str:kind>/<int:pk>/", views.month_edit, name="month_edit"),
    path("cijfers/", views.counts, name="counts"),
]
