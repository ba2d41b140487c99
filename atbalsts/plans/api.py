"""REST API for the individual rehabilitation plan: the case team reads and changes it.

Every call goes through ``access`` (scoping, 404, audit) and ``services`` (one transaction, one
new version). Another organisation reads the plan on the page under consent, not through the API.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from atbalsts.accounts.permissions import MayOpenPersonalData
from atbalsts.policy.validators import validate_rules_date

from . import access, services
from .catalogue import RESPONSIBLE_ROLES, Area, GoalStatus
from .models import Plan


def _raise_as_api(exc):
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    raise NotFound


class ActivitySerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                help_text="Keep the key of an existing activity; leave out for a new one")
    text = serializers.CharField(allow_blank=True)
    user = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="The responsible member of the case team (user id)")
    role = serializers.ChoiceField(choices=[("", ""), *[(r, r) for r in RESPONSIBLE_ROLES]], required=False,
                                   allow_blank=True, help_text="The responsible role, when no user is named")
    due = serializers.DateField(allow_null=True, validators=[validate_rules_date])


class GoalSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                help_text="Keep the key of an existing goal; leave out for a new one")
    area = serializers.ChoiceField(choices=Area.choices, allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.OPEN)
    activities = ActivitySerializer(many=True, required=False, default=list)


class ContentSerializer(serializers.Serializer):
    goals = GoalSerializer(many=True)


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username")
    reason = serializers.CharField()
    review = serializers.IntegerField(source="review_id", allow_null=True)


class VersionSerializer(VersionSummarySerializer):
    goals = GoalSerializer(many=True, source="data.goals")


class PlanSerializer(serializers.Serializer):
    case_number = serializers.CharField()
    next_review_on = serializers.DateField(allow_null=True)
    current = VersionSerializer(allow_null=True)


class NewVersionSerializer(serializers.Serializer):
    goals = GoalSerializer(many=True)
    reason = serializers.CharField(allow_blank=True)
    base_version = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="The version the change was made from; refused if newer exists")
    review = serializers.IntegerField(required=False, allow_null=True,
                                      help_text="The review of this plan the change follows")


class ParticipantSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    role = serializers.CharField()


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    held_on = serializers.DateField(validators=[validate_rules_date])
    participants = serializers.ListField(child=serializers.IntegerField(), write_only=True,
                                         help_text="User ids of the case team members who took part")
    taken_part = ParticipantSerializer(many=True, read_only=True, source="participants.all")
    conclusions = serializers.CharField(allow_blank=True)
    next_review_on = serializers.DateField(required=False, allow_null=True, validators=[validate_rules_date],
                                           help_text="Empty: the policy's review interval after held_on")


class PlanViewSet(viewsets.GenericViewSet):
    """The plan of one client of the actor's case team, by case number."""

    permission_classes = [MayOpenPersonalData]
    pagination_class = None  # the lists are answered whole, as the schema says
    serializer_class = PlanSerializer
    # Only for the schema generator: every real read goes through the plans access functions.
    queryset = Plan.objects.none()
    lookup_field = "case_number"
    lookup_value_regex = r"[A-Za-z0-9-]+"

    @extend_schema(responses=PlanSerializer)
    def retrieve(self, request, case_number=None):
        """The current version of the plan (``current`` is null before the plan is drawn up)."""
        try:
            view = access.open_plan(request.actor, case_number)
        except Http404 as exc:
            raise NotFound from exc
        return Response(PlanSerializer({
            "case_number": view.client.case_number,
            "next_review_on": view.plan.next_review_on if view.plan else None,
            "current": view.version,
        }).data)

    @extend_schema(responses=VersionSummarySerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, case_number=None):
        """Every version of the plan, newest first."""
        try:
            _client, items = access.list_versions(request.actor, case_number)
        except Http404 as exc:
            raise NotFound from exc
        return Response(VersionSummarySerializer(items, many=True).data)

    @extend_schema(request=NewVersionSerializer, responses={201: VersionSerializer})
    @versions.mapping.post
    def create_version(self, request, case_number=None):
        """Save the whole plan as the next version (the first one draws it up). All or nothing."""
        data = NewVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            view = access.open_plan(request.actor, case_number)
            review = access.get_review(request.actor, case_number, d["review"]) if d.get("review") else None
            version = services.save_plan_version(request.actor, view.client, [dict(g) for g in d["goals"]],
                                                 d["reason"], base_version=d.get("base_version"), review=review)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=VersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version(self, request, case_number=None, number=None):
        """One version as it was saved."""
        try:
            _client, version = access.get_version(request.actor, case_number, int(number))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return Response(VersionSerializer(version).data)

    @extend_schema(responses=ReviewSerializer(many=True))
    @action(detail=True, methods=["get"])
    def reviews(self, request, case_number=None):
        """The reviews of the plan by the interdisciplinary team, newest first."""
        try:
            _view, items = access.list_reviews(request.actor, case_number)
        except Http404 as exc:
            raise NotFound from exc
        return Response(ReviewSerializer(items, many=True).data)

    @extend_schema(request=ReviewSerializer, responses={201: ReviewSerializer})
    @reviews.mapping.post
    def create_review(self, request, case_number=None):
        """Record a review: date, case team members who took part, conclusions, next review."""
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            view = access.open_plan(request.actor, case_number)
            review = services.record_review(request.actor, view.client, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
