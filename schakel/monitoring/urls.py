from django.urls import path

from schakel.monitoring import report, views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("plan/", views.plan, name="plan"),
    path("jaarrapportage/<int:year>.pdf", report.report_pdf, name="report_pdf"),
    path("jaarrapportage/<int:year>/", report.report_html, name="report_html"),
]
