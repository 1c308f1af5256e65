from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from schakel.accounts.middleware import second_factor_not_required
from schakel.cases.api import CaseDetail, CaseList


def _api(view: Any) -> Any:
    # The API authenticates with organisation tokens itself (DRF), not with a session.
    return second_factor_not_required(login_not_required(view))


urlpatterns = [
    path("", _api(CaseList.as_view()), name="case-list"),
    path("<str:code>/", _api(CaseDetail.as_view()), name="case-detail"),
]
