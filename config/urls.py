from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from schakel.accounts.middleware import second_factor_not_required

admin.site.site_header = "Schakel – beheer"
admin.site.site_title = "Schakel beheer"
admin.site.index_title = "Functioneel beheer"

handler400 = "schakel.core.views.error_400"
handler403 = "schakel.core.views.error_403"
handler404 = "schakel.core.views.error_404"
handler500 = "schakel.core.views.error_500"

urlpatterns = [
    # The admin has no sign-in of its own: everyone signs in through the MFA flow.
    path("beheer/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("beheer/", admin.site.urls),
    path("i18n/setlang/", second_factor_not_required(login_not_required(set_language)), name="set_language"),
    path("audit/", include("schakel.audit.urls")),
    path("", include("schakel.accounts.urls")),
    path("", include("schakel.core.urls")),
]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc.urls import urlpatterns as oidc_urlpatterns

    for pattern in oidc_urlpatterns:
        pattern.callback = login_not_required(pattern.callback)
    urlpatterns.insert(0, path("oidc/", include(oidc_urlpatterns)))
