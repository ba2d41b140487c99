"""REST API for the course, its service log and after-care: the same access and service
functions as the pages. A refusal by the policy calculator is a 400 with its reason code."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from atbalsts.accounts.permissions import MayOpenPersonalData
from atbalsts.policy.validators import validate_rules_date

from . import access, services
from .ledger import course_status, summary_for
from .models import (
    Accommodation,
    AccompanimentTo,
    AftercareEntry,
    AftercareKind,
    ClosureReason,
    Course,
    DocumentAction,
    DocumentType,
    GoodsCategory,
    Mode,
    ServiceEntry,
    ServiceKind,
    Specialist,
    SupportKind,
    TrainingStep,
)


class RefusalSerializer(serializers.Serializer):
    """A 400: the policy calculator's refusal (code, detail, errors), or messages by field for
    input that is not valid (then without a code)."""

    code = serializers.CharField(required=False, help_text="The policy calculator's reason code, e.g. COURSE_ENDED")
    detail = serializers.CharField(required=False, help_text="The reason, in the request's language")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


def _raise_as_api(exc: Exception):
    if isinstance(exc, services.Refused):
        raise ValidationError({"code": exc.reason, "detail": exc.text, "errors": exc.message_dict})
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    if isinstance(exc, DjangoPermissionDenied):
        raise NotFound
    raise exc


class CourseSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="client.case_number", read_only=True)
    end = serializers.SerializerMethodField()
    days_used = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField()
    # Empty while the course is open.
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Course
        fields = ["case_number", "start", "end", "actual_end", "days_used", "days_left", "state", "warning",
                  "closure_reason", "closing_summary", "decision"]
        read_only_fields = fields

    def _status(self, obj):
        if not hasattr(obj, "_status"):
            obj._status = course_status(obj, timezone.localdate())
        return obj._status

    def get_end(self, obj) -> str:
        return self._status(obj).end.isoformat()

    def get_days_used(self, obj) -> int:
        return self._status(obj).days_used

    def get_days_left(self, obj) -> int:
        return self._status(obj).days_left

    def get_state(self, obj) -> str:
        return self._status(obj).state

    def get_warning(self, obj) -> int | None:
        return self._status(obj).warning


class CloseSerializer(serializers.Serializer):
    actual_end = serializers.DateField(required=False, validators=[validate_rules_date])
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closing_summary = serializers.CharField(max_length=8000)


class ServiceEntrySerializer(serializers.ModelSerializer):
    # Codes as plain strings here: the choice sets are declared once, on the input serializer.
    kind = serializers.CharField(read_only=True)
    mode = serializers.CharField(read_only=True)
    has_receipt = serializers.BooleanField(read_only=True)

    class Meta:
        model = ServiceEntry
        fields = ["id", "kind", "on", "specialist", "hours", "mode", "interpreter", "nights", "children_nights",
                  "accommodation", "partner_name", "goods_category", "amount_eur", "has_receipt", "document_type",
                  "document_action", "training_step", "accompanied_to", "note", "recorded_at"]
        read_only_fields = fields


def _blank_choice(choices):
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, default="")


class ServiceInputSerializer(serializers.Serializer):
    """Validates types; the service checks what each kind needs and the course's days."""

    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    on = serializers.DateField(validators=[validate_rules_date])
    specialist = _blank_choice(Specialist.choices)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, default=0)
    mode = _blank_choice(Mode.choices)
    interpreter = serializers.BooleanField(required=False, default=False)
    nights = serializers.IntegerField(min_value=0, required=False, default=0)
    children_nights = serializers.IntegerField(min_value=0, required=False, default=0)
    accommodation = _blank_choice(Accommodation.choices)
    partner_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    goods_category = _blank_choice(GoodsCategory.choices)
    amount_eur = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False, default=0)
    receipt = serializers.FileField(required=False, allow_null=True, default=None)
    document_type = _blank_choice(DocumentType.choices)
    document_action = _blank_choice(DocumentAction.choices)
    training_step = _blank_choice(TrainingStep.choices)
    accompanied_to = _blank_choice(AccompanimentTo.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class AftercareEntrySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    class Meta:
        model = AftercareEntry
        fields = ["id", "kind", "on", "hours", "specialist", "support_kind", "interpreter", "family_member", "note",
                  "recorded_at"]
        read_only_fields = fields


class AftercareInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AftercareKind.choices)
    on = serializers.DateField(validators=[validate_rules_date])
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True,
                                     default=None, help_text="Default: one consultation's hours")
    specialist = _blank_choice(Specialist.choices)
    support_kind = _blank_choice(SupportKind.choices)
    interpreter = serializers.BooleanField(required=False, default=False,
                                           help_text="Criminal-proceedings support: interpreting within this "
                                                     "consultation")
    family_member = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             help_text="The family member's id (family consultations)")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class SupportYearSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    hours_used = serializers.DecimalField(max_digits=8, decimal_places=2)
    hours_left = serializers.DecimalField(max_digits=8, decimal_places=2)


class FamilyUsageSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The family member's id")
    eligible = serializers.BooleanField()
    used = serializers.IntegerField()
    left = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    """Used / left / until when, for every entitlement (the policy calculator's summary)."""

    ruleset = serializers.CharField()
    course_start = serializers.DateField()
    course_end = serializers.DateField()
    course_days_used = serializers.IntegerField()
    course_days_left = serializers.IntegerField()
    course_closed_early = serializers.BooleanField()
    aftercare_available = serializers.BooleanField()
    aftercare_used = serializers.IntegerField()
    aftercare_left = serializers.IntegerField()
    aftercare_until = serializers.DateField()
    proceedings_support_start = serializers.DateField(allow_null=True)
    support_period_end = serializers.DateField(allow_null=True)
    support_hours_limit = serializers.IntegerField()
    support_years = SupportYearSerializer(many=True)
    family_limit = serializers.IntegerField()
    family = FamilyUsageSerializer(many=True)
    phase3_open = serializers.BooleanField(help_text="Whether the way the course ended opens after-care and "
                                                     "criminal-proceedings support")
    support_covers_today = serializers.BooleanField(help_text="Today lies in the criminal-proceedings support "
                                                              "period (after-care consultations are paused)")
    family_window_end = serializers.DateField(help_text="The last day of family members' consultations")


def _summary_data(course: Course) -> dict:
    s = summary_for(course, timezone.localdate())
    return {
        "ruleset": s.ruleset_code, "course_start": s.course_start, "course_end": s.course_end,
        "course_days_used": s.course_days_used, "course_days_left": s.course_days_left,
        "course_closed_early": s.course_closed_early, "aftercare_available": s.aftercare_available,
        "aftercare_used": s.aftercare_used, "aftercare_left": s.aftercare_left,
        "aftercare_until": s.aftercare_window_end, "proceedings_support_start": s.proceedings_support_start,
        "support_period_end": s.support_period_end, "support_hours_limit": s.support_hours_limit,
        "support_years": [{"number": y.number, "start": y.start, "end": y.end, "hours_used": y.hours_used,
                           "hours_left": y.hours_left} for y in s.support_years],
        "family_limit": s.family_limit,
        "family": [{"member": int(f.member), "eligible": f.eligible, "used": f.used, "left": f.left}
                   for f in s.family],
        "phase3_open": s.phase3_open, "support_covers_today": s.support_covers_today,
        "family_window_end": s.family_window_end,
    }


class CourseViewSet(viewsets.GenericViewSet):
    """The client's latest course, by case number: the provider's case team only (others: 404)."""

    permission_classes = [MayOpenPersonalData]
    pagination_class = None  # the lists are answered whole, as the schema says
    serializer_class = CourseSerializer
    lookup_field = "case_number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Course.objects.none()
        return access.courses_visible_to(self.request.actor)

    def _course(self) -> Course:
        try:
            return access.get_course(self.request.actor, self.kwargs["case_number"])
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(responses=CourseSerializer)
    def retrieve(self, request, case_number=None):
        return Response(CourseSerializer(self._course()).data)

    @extend_schema(request=CloseSerializer, responses={200: CourseSerializer, 400: RefusalSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, case_number=None):
        course = self._course()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            course = services.close_course(request.actor, course, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CourseSerializer(course).data)

    @extend_schema(methods=["get"], responses=ServiceEntrySerializer(many=True))
    @extend_schema(methods=["post"], request=ServiceInputSerializer,
                   responses={201: ServiceEntrySerializer, 400: RefusalSerializer})
    @action(detail=True, methods=["get", "post"], url_path="services")
    def services(self, request, case_number=None):
        course = self._course()
        if request.method == "GET":
            return Response(ServiceEntrySerializer(access.list_services(request.actor, course), many=True).data)
        data = ServiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        receipt = values.pop("receipt", None)
        try:
            row = services.record_service(request.actor, course, values, receipt)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ServiceEntrySerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=AftercareEntrySerializer(many=True))
    @extend_schema(methods=["post"], request=AftercareInputSerializer,
                   responses={201: AftercareEntrySerializer, 400: RefusalSerializer})
    @action(detail=True, methods=["get", "post"], url_path="aftercare")
    def aftercare(self, request, case_number=None):
        course = self._course()
        if request.method == "GET":
            return Response(AftercareEntrySerializer(access.list_aftercare(request.actor, course), many=True).data)
        data = AftercareInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member_id = values.pop("family_member", None)
        if member_id is not None:
            values["family_member"] = course.client.family.filter(pk=member_id).first()
            if values["family_member"] is None:
                raise ValidationError({"family_member": [_("Choose a family member of this client.")]})
        try:
            row = services.record_aftercare(request.actor, course, values)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(AftercareEntrySerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SummarySerializer)
    @action(detail=True, methods=["get"])
    def summary(self, request, case_number=None):
        return Response(SummarySerializer(_summary_data(self._course())).data)
