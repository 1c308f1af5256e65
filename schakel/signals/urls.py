from django.urls import path

from schakel.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_new, name="new"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/ontvangen/", views.signal_received, name="received"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
