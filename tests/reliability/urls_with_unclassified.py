"""The project's URLs plus one new, unclassified URL (for the access-matrix meta-test)."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from schakel.core.views import health

urlpatterns = [*project_urlpatterns, path("nieuwe-module/<int:pk>/", health, name="unclassified_new_page")]
