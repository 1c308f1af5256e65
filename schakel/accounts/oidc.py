"""Optional sign-in through the municipality's OpenID Connect provider (Entra ID, ADFS, …).

SSO never creates accounts: the functional administrator provisions users (with their
organisation and roles); SSO only proves that the person is who the e-mail claim says. The
second factor is still asked afterwards by SecondFactorRequiredMiddleware.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from schakel.accounts.models import User


class SchakelOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)
