from django.urls import path

from schakel.accounts import views

app_name = "accounts"
urlpatterns = [
    path("aanmelden/", views.SignInView.as_view(), name="login"),
    path("aanmelden/tweede-stap/", views.second_factor, name="second_factor"),
    path("aanmelden/instellen/", views.enrol, name="enrol"),
    path("account/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/herstelcodes/nieuw/", views.recovery_codes_new, name="recovery_codes_new"),
    path("account/", views.account, name="account"),
    path("afmelden/", views.sign_out, name="logout"),
    path("afmelden/overal/", views.sign_out_all, name="logout_everywhere"),
    path("ketenpartners/", views.organisation_list, name="organisation_list"),
    path("ketenpartners/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("aandachtsfunctionarissen/", views.liaison_list, name="liaison_list"),
]
