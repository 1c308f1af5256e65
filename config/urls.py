from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from schakel.accounts.middleware import second_factor_not_required
from schakel.routing.api import ShareAcknowledge, ShareDetail, ShareFeedback, ShareList
from schakel.signals.api import SignalDetail, SignalListCreate

admin.site.site_header = "Schakel – beheer"
admin.site.site_title = "Schakel beheer"
admin.site.index_title = "Functioneel beheer"

handler400 = "schakel.core.views.error_400"
handler403 = "schakel.core.views.error_403"
handler404 = "schakel.core.views.error_404"
handler500 = "schakel.core.views.error_500"


def _api(view):  # type: ignore[no-untyped-def]
    # The API authenticates with organisation tokens itself (DRF), not with a session.
    return second_factor_not_required(login_not_required(view))


api_urlpatterns = [
    path("signals/", _api(SignalListCreate.as_view()), name="signal-list"),
    path("signals/<uuid:uuid>/", _api(SignalDetail.as_view()), name="signal-detail"),
    path("shares/", _api(ShareList.as_view()), name="share-list"),
    path("shares/<uuid:uuid>/", _api(ShareDetail.as_view()), name="share-detail"),
    path("shares/<uuid:uuid>/acknowledge/", _api(ShareAcknowledge.as_view()), name="share-acknowledge"),
    path("shares/<uuid:uuid>/feedback/", _api(ShareFeedback.as_view()), name="share-feedback"),
    path("schema/", _api(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", _api(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]

urlpatterns = [
    path("api/v1/cases/", include("schakel.cases.api_urls")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("melden/", include("schakel.intake.urls")),
    path("signalen/", include("schakel.signals.urls")),
    path("gedeeld/", include("schakel.routing.urls")),
    path("entiteiten/", include("schakel.entities.urls")),
    path("aard-en-omvang/", include("schakel.monitoring.urls")),
    path("preventie/", include("schakel.prevention.urls")),
    path("privacy/", include("schakel.privacy.urls")),
    path("handhaving/", include("schakel.enforcement.urls")),
    path("zorg/", include("schakel.care.urls")),
    path("casussen/", include("schakel.cases.urls")),
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
