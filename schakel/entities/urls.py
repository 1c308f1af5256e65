from django.urls import path

from schakel.entities import views

app_name = "entities"
urlpatterns = [
    path("<int:pk>/", views.entity_detail, name="detail"),
    path("<int:pk>/netwerk/", views.entity_network, name="network"),
    path("koppelingen/", views.open_links, name="open_links"),
    path("koppelingen/<int:pk>/", views.decide, name="decide"),
    # A place is named in the query (?adres=6811AB:12), not the path: the access log keeps
    # paths only, and an address is personal data (ADR 0021).
    path("plaats/", views.place_detail, name="place"),
    path("plaats/netwerk/", views.place_network, name="place_network"),
]
