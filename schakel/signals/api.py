"""The partner-system API: submit signals with an organisation token; read back your own."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import authentication, exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from matching import normalise as n
from schakel.accounts.models import Organisation
from schakel.core.models import District
from schakel.intake.models import ExploitationForm
from schakel.signals import entities, selectors, services
from schakel.signals.models import (
    ApiClient,
    Channel,
    EntityKind,
    InformationReliability,
    MinorInvolved,
    PersonRole,
    Sex,
    Signal,
    SourceReliability,
    Urgency,
)
from schakel.signals.services import Location, SignalInput


def api_client_create(*, organisation: Organisation, name: str) -> tuple[ApiClient, str]:
    """A new API client; returns the token once (only its SHA-256 is stored)."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name,
        token_prefix=prefix,
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
    )
    return client, f"{prefix}.{secret}"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <prefix>.<secret>``. A 256-bit random secret needs no slow hash."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ApiClient, None] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword or "." not in parts[1]:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header.")
        prefix, secret = parts[1].split(".", 1)
        client = ApiClient.objects.select_related("organisation").filter(token_prefix=prefix, is_active=True).first()
        digest = hashlib.sha256(secret.encode()).hexdigest()
        if client is None or not hmac.compare_digest(client.token_hash, digest):
            raise exceptions.AuthenticationFailed("Ongeldige of ingetrokken token.")
        return client, None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsApiClient(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, ApiClient)


class LocationSerializer(serializers.Serializer):
    street = serializers.CharField(required=False, allow_blank=True, max_length=120)
    house_number = serializers.CharField(required=False, allow_blank=True, max_length=12)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=7)
    city = serializers.CharField(required=False, allow_blank=True, max_length=80)
    district_code = serializers.CharField(required=False, allow_blank=True, max_length=8)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        postcode = attrs.get("postcode") or ""
        if postcode and not n.normalise_postcode(postcode):
            errors["postcode"] = "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 6811 AB."
        house = None
        if attrs.get("house_number"):
            house = n.parse_house_number(attrs["house_number"])
            if house is None:
                errors["house_number"] = "Een huisnummer begint met een getal, bijvoorbeeld 12, 12a of 12-2."
        if (attrs.get("street") or postcode) and not attrs.get("house_number") and "house_number" not in errors:
            errors["house_number"] = "Vul ook het huisnummer in."
        district = None
        if attrs.get("district_code"):
            district = District.objects.filter(code=attrs["district_code"]).first()
            if district is None:
                errors["district_code"] = "Onbekende CBS-wijkcode."
        if errors:
            raise serializers.ValidationError(errors)
        attrs["house"] = house
        attrs["district"] = district
        return attrs


class PersonSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices, default=PersonRole.UNKNOWN)
    name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    birth_date = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=2)
    languages = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["entity"] = entities.person(
                role=attrs.get("role", PersonRole.UNKNOWN),
                name=attrs.get("name", ""),
                description=attrs.get("description", ""),
                sex=attrs.get("sex", Sex.UNKNOWN),
                age=attrs.get("age"),
                birth_date=attrs.get("birth_date"),
                nationality=(attrs.get("nationality") or "").upper(),
                languages=attrs.get("languages", ""),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"name": error.messages}) from error
        return attrs


class DetailSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k for k in EntityKind.values if k != EntityKind.PERSON])
    value = serializers.CharField(max_length=300, allow_blank=True)
    extra = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="KvK-nummer of advertentienummer"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["entity"] = entities.from_kind(attrs["kind"], attrs.get("value", ""), attrs.get("extra", ""))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"value": error.messages}) from error
        return attrs


class SignalCreateSerializer(serializers.Serializer):
    narrative = serializers.CharField(max_length=10_000)
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices), required=False, default=list
    )
    observed_on = serializers.DateField(required=False, allow_null=True)
    location = LocationSerializer(required=False)
    indicators = serializers.ListField(child=serializers.CharField(max_length=10), required=False, default=list)
    minor_involved = serializers.ChoiceField(choices=MinorInvolved.choices, default=MinorInvolved.UNKNOWN)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    source_reliability = serializers.ChoiceField(choices=SourceReliability.choices, default=SourceReliability.UNKNOWN)
    information_reliability = serializers.ChoiceField(
        choices=InformationReliability.choices, default=InformationReliability.UNKNOWN
    )
    partner_reference = serializers.CharField(required=False, allow_blank=True, max_length=80)
    source_label = serializers.CharField(required=False, allow_blank=True, max_length=40)
    persons = PersonSerializer(many=True, required=False, default=list)
    details = DetailSerializer(many=True, required=False, default=list)

    def validate_indicators(self, value: list[str]) -> list[str]:
        known = set(services.published_catalogue_with_codes()[1])
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(f"Onbekende indicatoren in de geldende lijst: {', '.join(unknown)}.")
        return value

    def validate_persons(self, value: list[Any]) -> list[Any]:
        if len(value) > 50:
            raise serializers.ValidationError("Hoogstens 50 personen per signaal.")
        return value

    def validate_details(self, value: list[Any]) -> list[Any]:
        if len(value) > 100:
            raise serializers.ValidationError("Hoogstens 100 gegevens per signaal.")
        return value


class SignalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    reference = serializers.CharField(read_only=True)
    forms = serializers.ListField(child=serializers.CharField(), read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    details = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "reference",
            "status",
            "received_at",
            "observed_on",
            "narrative",
            "forms",
            "urgency",
            "minor_involved",
            "partner_reference",
            "indicators",
            "details",
        ]

    def get_details(self, signal: Signal) -> list[dict[str, str]]:
        return [{"kind": e.kind, "role": e.role, "display": e.display} for e in signal.entities.all()]


@extend_schema_view(
    get=extend_schema(summary="Signalen die jouw organisatie via de API heeft ingediend"),
    post=extend_schema(
        summary="Een signaal indienen",
        request=SignalCreateSerializer,
        responses={201: SignalSerializer, 200: SignalSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Zelfde sleutel bij een herhaalde aanroep: er ontstaat één signaal, niet twee.",
            )
        ],
    ),
)
class SignalListCreate(generics.ListCreateAPIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient]
    serializer_class = SignalSerializer

    def get_queryset(self) -> Any:
        return selectors.api_signal_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = request.user
        assert isinstance(client, ApiClient)
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 100:
            raise serializers.ValidationError({"Idempotency-Key": ["Hoogstens 100 tekens."]})
        municipality = client.organisation.municipalities.order_by("code").first()
        if municipality is None:
            raise exceptions.PermissionDenied("Deze organisatie werkt voor geen enkele gemeente in Schakel.")
        location = data.get("location") or {}
        house = location.get("house")
        signal_input = SignalInput(
            narrative=data["narrative"],
            forms=data["forms"],
            municipality=municipality,
            observed_on=data.get("observed_on"),
            location=Location(
                street=location.get("street", ""),
                house_number=house.number if house else None,
                house_letter=house.letter if house else "",
                house_number_addition=(house.addition if house else "")[:4],
                postcode=location.get("postcode", ""),
                city=location.get("city", ""),
                district=location.get("district"),
                description=location.get("description", ""),
            ),
            indicator_codes=data["indicators"],
            entities=[p["entity"] for p in data["persons"]] + [d["entity"] for d in data["details"]],
            minor_involved=data["minor_involved"],
            urgency=data["urgency"],
            source_reliability=data["source_reliability"],
            information_reliability=data["information_reliability"],
            partner_reference=data.get("partner_reference", ""),
            source_label=data.get("source_label", ""),
        )
        result = services.signal_submit(
            actor=client,
            channel=Channel.API,
            data=signal_input,
            organisation=client.organisation,
            idempotency_key=f"api:{client.organisation_id}:{key}" if key else None,
        )
        body = SignalSerializer(result.signal).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


@extend_schema(summary="Eén eigen signaal")
class SignalDetail(generics.RetrieveAPIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient]
    serializer_class = SignalSerializer

    def get_object(self) -> Signal:
        return selectors.signal_get_by_uuid(actor=self.request.user, uuid=self.kwargs["uuid"])


__all__ = ["SignalDetail", "SignalListCreate", "api_client_create", "settings"]


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "schakel.signals.api.ApiTokenAuthentication"
    name = "organisationToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <prefix>.<geheim>`: de token van de API-koppeling van je organisatie.",
        }
