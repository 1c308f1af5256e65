from django.urls import path

from schakel.cases import meeting_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.case_edit, name="edit"),
    path("<int:pk>/status/", views.case_transition, name="transition"),
    path("<int:pk>/signalen/", views.case_add_signal, name="add_signal"),
    path("<int:pk>/betrokkenen/", views.case_add_entity, name="add_entity"),
    path("<int:pk>/ketenpartners/", views.case_add_participant, name="add_participant"),
    path("<int:pk>/acties/", views.action_add, name="add_action"),
    path("<int:pk>/acties/<int:action_pk>/", views.action_detail, name="action"),
    path("<int:pk>/documenten/", views.document_add, name="add_document"),
    path("<int:pk>/documenten/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/splitsen/", views.case_split, name="split"),
    path("<int:pk>/samenvoegen/", views.case_merge, name="merge"),
    path("overleggen/", meeting_views.meeting_list, name="meeting_list"),
    path("overleggen/nieuw/", meeting_views.meeting_new, name="meeting_new"),
    path("overleggen/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("overleggen/<int:pk>/agenda/", meeting_views.agenda_add, name="agenda_add"),
    path("overleggen/<int:pk>/deelnemers/", meeting_views.attendee_add, name="attendee_add"),
    path("overleggen/<int:pk>/aanwezigheid/", meeting_views.attendance, name="attendance"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/", meeting_views.agenda_item, name="item"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/actie/", meeting_views.agenda_item_action, name="item_action"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/verplaatsen/", meeting_views.agenda_move, name="item_move"),
    path("overleggen/<int:pk>/verslag/", meeting_views.minutes, name="minutes"),
    path("overleggen/<int:pk>/verslag.pdf", meeting_views.minutes_pdf, name="minutes_pdf"),
    path("overleggen/<int:pk>/overleg.ics", meeting_views.meeting_ics, name="ics"),
]
