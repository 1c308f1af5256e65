from django.urls import path

from schakel.routing import views

app_name = "routing"
urlpatterns = [
    path("", views.share_list, name="share_list"),
    path("<uuid:uuid>/", views.share_detail, name="share_detail"),
    path("<uuid:uuid>/bijlagen/<int:attachment_pk>/", views.share_attachment, name="share_attachment"),
]
