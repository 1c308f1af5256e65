from django.urls import path

from schakel.signals import views, workflow_views

app_name = "signals"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_new, name="new"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/ontvangen/", views.signal_received, name="received"),
    path("<int:pk>/gegevens/", views.signal_add_entities, name="add_entities"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/status/", workflow_views.signal_transition, name="transition"),
    path("<int:pk>/triage/", workflow_views.signal_triage, name="triage"),
    path("<int:pk>/afsluiten/", workflow_views.signal_close, name="close"),
    path("<int:pk>/delen/", workflow_views.signal_share, name="share"),
    path("<int:pk>/delen/<int:share_pk>/antwoord/", workflow_views.share_answer, name="share_answer"),
    path("<int:pk>/delen/<int:share_pk>/intrekken/", workflow_views.share_withdraw, name="share_withdraw"),
]
