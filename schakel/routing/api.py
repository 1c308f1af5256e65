"""Partner-system API for shares: list own, read one, acknowledge, post feedback."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.routing import selectors, services
from schakel.routing.models import FeedbackOutcome
from schakel.signals.api import ApiTokenAuthentication, IsApiClient

_SHARE_FIELDS: dict[str, serializers.Field] = {
    "id": serializers.UUIDField(),
    "reference": serializers.CharField(),
    "purpose": serializers.CharField(),
    "legal_basis": serializers.CharField(),
    "status": serializers.CharField(),
    "parts": serializers.ListField(child=serializers.CharField()),
    "narrative": serializers.CharField(required=False),
    "location": serializers.DictField(required=False),
    "assessment": serializers.DictField(required=False),
    "persons": serializers.ListField(child=serializers.DictField(), required=False),
    "victims": serializers.ListField(child=serializers.DictField(), required=False),
    "details": serializers.ListField(child=serializers.DictField(), required=False),
}
SHARE_SCHEMA = inline_serializer("SharedSignal", _SHARE_FIELDS)
SHARE_LIST_SCHEMA = inline_serializer("SharedSignalList", _SHARE_FIELDS, many=True)


class FeedbackSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=FeedbackOutcome.choices)
    text = serializers.CharField(max_length=4000)


def _raise(error: ValidationError) -> None:
    raise serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class _PartnerView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient]


class ShareList(_PartnerView):
    @extend_schema(summary="Signalen die met jouw organisatie zijn gedeeld", responses={200: SHARE_LIST_SCHEMA})
    def get(self, request: Request) -> Response:
        shares = selectors.share_list(actor=request.user)
        return Response([selectors.projection(share) for share in shares[:200]])


class ShareDetail(_PartnerView):
    @extend_schema(summary="Eén gedeeld signaal: alleen de gedeelde onderdelen", responses={200: SHARE_SCHEMA})
    def get(self, request: Request, uuid: Any) -> Response:
        return Response(selectors.projection(selectors.share_get(actor=request.user, uuid=uuid)))


class ShareAcknowledge(_PartnerView):
    @extend_schema(summary="Ontvangst bevestigen", request=None, responses={200: SHARE_SCHEMA})
    def post(self, request: Request, uuid: Any) -> Response:
        share = selectors.share_get(actor=request.user, uuid=uuid, purpose="ontvangst bevestigen (API)")
        try:
            share = services.share_acknowledge(actor=request.user, share=share)
        except PermissionDenied as exc:
            raise exceptions.NotFound from exc
        return Response(selectors.projection(share))


class ShareFeedback(_PartnerView):
    @extend_schema(
        summary="Terugkoppelen wat je organisatie deed", request=FeedbackSerializer, responses={201: SHARE_SCHEMA}
    )
    def post(self, request: Request, uuid: Any) -> Response:
        share = selectors.share_get(actor=request.user, uuid=uuid, purpose="terugkoppeling (API)")
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.share_feedback(actor=request.user, share=share, **serializer.validated_data)
        except ValidationError as error:
            _raise(error)
        except PermissionDenied as exc:
            raise exceptions.NotFound from exc
        share.refresh_from_db()
        return Response(selectors.projection(share), status=status.HTTP_201_CREATED)
