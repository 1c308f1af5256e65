from django.urls import path

from schakel.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("panden/", views.premises_list, name="premises_list"),
    path("panden/nieuw/", views.premises_new, name="premises_new"),
    path("panden/<int:pk>/", views.premises_detail, name="premises_detail"),
    path("panden/<int:pk>/wijzigen/", views.premises_edit, name="premises_edit"),
    path("controles/", views.inspection_list, name="inspection_list"),
    path("controles/nieuw/", views.inspection_new, name="inspection_new"),
    path("controles/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("controles/<int:pk>/wijzigen/", views.inspection_edit, name="inspection_edit"),
    path("controles/<int:pk>/bevindingen/", views.inspection_findings, name="inspection_findings"),
    path("controles/<int:pk>/signalen/", views.inspection_create_signals, name="inspection_signals"),
    path("maatregelen/", views.measure_list, name="measure_list"),
    path("maatregelen/nieuw/", views.measure_new, name="measure_new"),
    path("maatregelen/<int:pk>/", views.measure_detail, name="measure_detail"),
]
