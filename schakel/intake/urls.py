from django.urls import path

from schakel.intake import views

app_name = "public"
urlpatterns = [
    path("", views.report, name="report"),
    path("opvolgen/", views.follow_up, name="follow_up"),
    path("<str:lang>/", views.report, name="report_lang"),
    path("<str:lang>/opvolgen/", views.follow_up, name="follow_up_lang"),
]
