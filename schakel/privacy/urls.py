from django.urls import path

from schakel.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("bewaarplicht/", views.hold_place, name="hold_place"),
    path("bewaarplicht/<int:pk>/opheffen/", views.hold_lift, name="hold_lift"),
    path("grafstenen/", views.tombstones, name="tombstones"),
    path("verzoeken/", views.requests, name="requests"),
    path("verzoeken/<int:pk>/", views.request_detail, name="request_detail"),
    path("verzoeken/<int:pk>/rapport/", views.report_html, name="report_html"),
    path("verzoeken/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("verzoeken/<int:pk>/gegeven/<int:entity>/corrigeren/", views.rectify, name="rectify"),
    path("verzoeken/<int:pk>/gegeven/<int:entity>/wissen/", views.erase, name="erase"),
    path("toegangsreview/", views.review, name="review"),
]
