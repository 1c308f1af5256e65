from django.urls import path

from schakel.entities import views

app_name = "entities"
urlpatterns = [
    path("<int:pk>/", views.entity_detail, name="detail"),
    path("<int:pk>/netwerk/", views.entity_network, name="network"),
    path("koppelingen/<int:pk>/", views.decide, name="decide"),
]
