"""REST API: the period report as JSON (the same figures as the page and the downloads)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from atbalsts.accounts.permissions import IsVerifiedStaff

from . import access


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise ValidationError({"end": _("The period must end on or after its start.")})
        return attrs


class LineSerializer(serializers.Serializer):
    case_number = serializers.CharField(help_text='The case number; "" in the totals row')
    course_days = serializers.IntegerField()
    consultations = serializers.DictField(child=serializers.IntegerField(), help_text="By specialist code")
    consultation_hours = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=2))
    shelter_nights = serializers.IntegerField()
    children_nights = serializers.IntegerField()
    costs = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2),
                                  help_text='EUR by category: "goods_<category>" or the kind of service')
    costs_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    aftercare_consultations = serializers.IntegerField()
    aftercare_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    family_consultations = serializers.IntegerField()
    family_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    proceedings_hours = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=2),
                                              help_text="By kind of support")


class ReportSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    lines = LineSerializer(many=True)
    total = LineSerializer()


class PeriodReportView(APIView):
    """The provider's report to SIVA for a period, per client (case numbers only), with totals."""

    # Signed in with a second factor; who may see which report is the access function's to say,
    # and anyone else gets a 404 like everywhere else.
    permission_classes = [IsVerifiedStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="First day, YYYY-MM-DD"),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Last day, YYYY-MM-DD"),
        ],
        responses={200: ReportSerializer},
    )
    def get(self, request):
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        report = access.period_report(request.actor, period.validated_data["start"], period.validated_data["end"])
        return Response(ReportSerializer({
            "organisation": str(request.actor.organisation), "start": report.start, "end": report.end,
            "lines": report.lines, "total": report.total,
        }).data)
