"""REST API for identification: the same access and service functions as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from atbalsts.accounts.permissions import IsVerifiedStaff, MayOpenPersonalData
from atbalsts.people import access as people_access

from . import access, catalogue, services
from .models import Answer, Case, Commission, Conclusion, InterviewMode, MovementKind


def _raise_as_api(exc):
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    if isinstance(exc, (DjangoPermissionDenied, Http404)):
        raise NotFound
    raise exc


class CaseSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.case_number", read_only=True)
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "client", "status", "opened_at"]
        read_only_fields = fields


class OpenCaseSerializer(serializers.Serializer):
    client = serializers.CharField(help_text="The client's case number")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(catalogue.codes(catalogue.INDICATORS)))
    answer = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MovementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MovementKind.choices)
    country = serializers.CharField(max_length=100)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)


def _codes(entries):
    return serializers.ListField(child=serializers.ChoiceField(choices=sorted(catalogue.codes(entries))),
                                 required=False, default=list)


class InterviewInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    mode = serializers.ChoiceField(choices=InterviewMode.choices)
    interpreter = serializers.BooleanField(required=False, default=False)
    interpreter_language = serializers.CharField(required=False, allow_blank=True, default="")
    indicators = IndicatorSerializer(many=True, required=False, default=list)
    risk_groups = _codes(catalogue.RISK_GROUPS)
    needs = _codes(catalogue.NEEDS)
    health = _codes(catalogue.HEALTH_ISSUES)
    exploitation_forms = _codes(catalogue.EXPLOITATION_FORMS)
    recruitment_method = serializers.ChoiceField(
        choices=sorted(catalogue.codes(catalogue.RECRUITMENT_METHODS)), required=False, allow_blank=True, default="")
    recruitment_website = serializers.CharField(required=False, allow_blank=True, default="")
    recruitment_country = serializers.CharField(required=False, allow_blank=True, default="")
    countries = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    movements = MovementSerializer(many=True, required=False, default=list)

    def service_data(self):
        d = dict(self.validated_data)
        d["indicators"] = {i["code"]: (i["answer"], i["note"]) for i in d.get("indicators", [])}
        return d


class InterviewCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicators_found = serializers.ListField(child=serializers.CharField())
    commission_recommended = serializers.BooleanField()


class CaseViewSet(viewsets.GenericViewSet):
    permission_classes = [MayOpenPersonalData]
    serializer_class = CaseSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return access.cases_visible_to(self.request.actor)

    def get_object(self):
        try:
            return access.get_case(self.request.actor, int(self.kwargs["pk"]))
        except (Http404, ValueError) as exc:
            raise NotFound from exc

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset().order_by("-opened_at"))
        access.list_cases(request.actor, page)
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(CaseSerializer(self.get_object()).data)

    @extend_schema(request=OpenCaseSerializer, responses={201: CaseSerializer})
    def create(self, request):
        data = OpenCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            client = people_access.get_client(request.actor, data.validated_data["client"])
            case = services.open_case(request.actor, client)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InterviewInputSerializer, responses={201: InterviewCreatedSerializer})
    @action(detail=True, methods=["post"])
    def interviews(self, request, pk=None):
        case = self.get_object()
        data = InterviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            interview = services.record_interview(request.actor, case, data.service_data())
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        found = interview.found_indicators
        return Response({"id": interview.pk, "indicators_found": found, "commission_recommended": bool(found)},
                        status=status.HTTP_201_CREATED)


class CommissionSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Commission
        fields = ["id", "case", "meeting_date", "status", "conclusion", "concluded_at", "minor_at_meeting",
                  "members"]
        read_only_fields = fields

    def get_members(self, obj) -> list[dict]:
        return [{"user": m.user.username, "role": m.role, "assessed": m.assessed_at is not None,
                 "acknowledged_at": m.acknowledged_at} for m in obj.members.select_related("user")]


class FindingSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(catalogue.CRITERIA_ITEMS))
    found = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    opinion = serializers.CharField()


class ConclusionSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    reasoning = serializers.CharField()


class CommissionViewSet(viewsets.GenericViewSet):
    """Commission members (a State Police official included) and the case team."""

    permission_classes = [IsVerifiedStaff]
    serializer_class = CommissionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Commission.objects.none()
        return access.commissions_visible_to(self.request.actor)

    def get_object(self):
        try:
            return access.get_commission(self.request.actor, int(self.kwargs["pk"]))
        except (Http404, ValueError) as exc:
            raise NotFound from exc

    def retrieve(self, request, pk=None):
        return Response(CommissionSerializer(self.get_object()).data)

    @extend_schema(request=AssessmentSerializer, responses=CommissionSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request, pk=None):
        commission = self.get_object()
        data = AssessmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        findings = {f["code"]: (f["found"], f["note"]) for f in data.validated_data["findings"]}
        try:
            services.record_assessment(request.actor, commission, findings, data.validated_data["opinion"])
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data)

    @extend_schema(request=ConclusionSerializer, responses=CommissionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        commission = self.get_object()
        if not access.is_on_case_team(request.actor, commission.case):
            raise NotFound
        data = ConclusionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            commission = services.conclude_commission(request.actor, commission, **data.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data)
