from django.urls import path

from schakel.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
]
