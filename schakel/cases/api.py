"""Partner-system API (read-only): the cases an organisation takes part in, partner-facing
fields and its own actions only. Anything else is 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.cases import selectors
from schakel.signals.api import ApiTokenAuthentication, IsApiClient

_FIELDS: dict[str, serializers.Field] = {
    "code": serializers.CharField(),
    "title": serializers.CharField(),
    "status": serializers.CharField(),
    "outcome": serializers.CharField(),
    "forms": serializers.ListField(child=serializers.CharField()),
    "partners": serializers.ListField(child=serializers.DictField()),
    "actions": serializers.ListField(child=serializers.DictField()),
}
CASE_SCHEMA = inline_serializer("PartnerCase", _FIELDS)
CASE_LIST_SCHEMA = inline_serializer("PartnerCaseList", _FIELDS, many=True)


class _PartnerView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient]


class CaseList(_PartnerView):
    @extend_schema(summary="Casussen waarin jouw organisatie deelneemt", responses={200: CASE_LIST_SCHEMA})
    def get(self, request: Request) -> Response:
        audit_record(actor=request.user, action=AuditAction.LIST, object_type="cases.case", purpose="casussen (API)")
        cases = selectors.api_cases(actor=request.user).order_by("-created_at")[:200]
        return Response([selectors.api_projection(actor=request.user, case=case) for case in cases])


class CaseDetail(_PartnerView):
    @extend_schema(summary="Eén casus: gegevens voor ketenpartners en je eigen acties", responses={200: CASE_SCHEMA})
    def get(self, request: Request, code: Any) -> Response:
        case = selectors.api_cases(actor=request.user).filter(code=str(code)).first()
        if case is None:
            raise exceptions.NotFound
        audit_record(actor=request.user, action=AuditAction.READ, obj=case, purpose="casus inzien (API)")
        return Response(selectors.api_projection(actor=request.user, case=case))
