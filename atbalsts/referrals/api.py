"""REST API for referrals: the same access and service functions as the pages.

A referral is addressed by its opaque reference (``NS-…``), never by anything of the person.
Staff of an organisation that neither sends nor answers referrals get 403; a referral that is
not their organisation's is a 404.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from atbalsts.accounts.models import Organisation
from atbalsts.accounts.steps import Step, may

from . import access, services
from .models import DeclineReason, Outcome, Referral


class MayUseReferrals(BasePermission):
    def has_permission(self, request, view):
        return access.may_use_referrals(getattr(request, "actor", None))


def _raise_as_api(exc):
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    if isinstance(exc, DjangoPermissionDenied):
        raise ValidationError({"detail": [str(exc)]})
    raise NotFound


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as one side sees it: ``content`` is what travelled (the receiver sees a
    personal category only while the consent it travelled under is in force)."""

    sender = serializers.CharField(source="sender.name", read_only=True)
    recipient = serializers.CharField(source="recipient.name", read_only=True)
    side = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["reference", "type_code", "sender", "recipient", "side", "anonymous", "categories", "content",
                  "status", "sent_at", "seen_at", "answered_at", "decline_reason", "answer_note", "outcome",
                  "outcome_at", "outcome_note"]
        read_only_fields = fields

    def get_side(self, obj) -> str:
        return access.side(self.context["actor"], obj)

    def get_content(self, obj) -> dict:
        return access.visible_content(self.context["actor"], obj)


class ReferralListSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.name", read_only=True)
    recipient = serializers.CharField(source="recipient.name", read_only=True)

    class Meta:
        model = Referral
        fields = ["reference", "type_code", "sender", "recipient", "anonymous", "status", "sent_at", "seen_at",
                  "answered_at", "outcome_at"]
        read_only_fields = fields


class SendSerializer(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    type_code = serializers.CharField(max_length=40)
    client = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                   help_text="Your client's case number (only for a client whose consent names "
                                             "the recipient do personal categories travel)")
    summary = serializers.DictField(required=False, default=dict, help_text="Coded summary: codes only")
    indicators = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list,
                                       max_length=services.MAX_CODES)
    criteria = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list,
                                     max_length=services.MAX_CODES)
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.MAX_MESSAGE)
    contact = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=200), required=False,
                                    default=dict)


class CategoryTravelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    travels = serializers.BooleanField()
    needs_consent = serializers.BooleanField()


class PreviewSerializer(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    type_code = serializers.CharField(max_length=40)
    client = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.MAX_NOTE)


class DeclineSerializer(AnswerSerializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)


class OutcomeSerializer(AnswerSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)


def _client(actor, case_number: str):
    if not case_number:
        return None
    from atbalsts.people.access import clients_visible_to

    client = clients_visible_to(actor).filter(case_number=case_number.strip()).first()
    if client is None:
        raise ValidationError({"client": ["None of your clients has this case number."]})
    return client


class ReferralViewSet(viewsets.GenericViewSet):
    permission_classes = [MayUseReferrals]
    serializer_class = ReferralSerializer
    pagination_class = None
    queryset = Referral.objects.none()
    lookup_field = "reference"
    lookup_value_regex = r"NS-[A-Z0-9]{1,17}"

    def _get(self, reference):
        try:
            return access.get_referral(self.request.actor, reference)
        except Http404 as exc:
            raise NotFound from exc

    def _out(self, referral, code=status.HTTP_200_OK):
        return Response(ReferralSerializer(referral, context={"actor": self.request.actor}).data, status=code)

    @extend_schema(responses=ReferralListSerializer(many=True))
    @action(detail=False, methods=["get"])
    def inbox(self, request):
        """Referrals sent to the actor's organisation, newest first."""
        return Response(ReferralListSerializer(access.inbox(request.actor), many=True).data)

    @extend_schema(responses=ReferralListSerializer(many=True))
    @action(detail=False, methods=["get"])
    def outbox(self, request):
        """Referrals the actor's organisation sent (within the actor's scope), newest first."""
        return Response(ReferralListSerializer(access.outbox(request.actor), many=True).data)

    @extend_schema(request=PreviewSerializer, responses=CategoryTravelSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="what-travels")
    def what_travels(self, request):
        """What would travel to the recipient with this type and client, given the consents today."""
        data = PreviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            rtype = services.referral_types_on(timezone.localdate()).get(d["type_code"])
        except KeyError:
            raise ValidationError({"type_code": ["Choose a type of referral."]}) from None
        language = getattr(request, "LANGUAGE_CODE", "lv") or "lv"
        rows = services.what_travels(rtype, d["recipient"], _client(request.actor, d["client"]))
        return Response(CategoryTravelSerializer([{"code": t.code, "label": t.label(language), "travels": t.travels,
                                           "needs_consent": t.needs_consent} for t in rows], many=True).data)

    @extend_schema(request=SendSerializer, responses={201: ReferralSerializer})
    def create(self, request):
        """Send a referral from the actor's organisation."""
        if not may(request.actor, Step.SEND_REFERRAL):
            raise NotFound
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        try:
            referral = services.send_referral(
                request.actor, recipient=d["recipient"], type_code=d["type_code"],
                client=_client(request.actor, d["client"]), summary=d["summary"], indicators=d["indicators"],
                criteria=d["criteria"], message=d["message"], contact=d["contact"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return self._out(referral, status.HTTP_201_CREATED)

    def retrieve(self, request, reference=None):
        """One referral the actor's organisation sent or received; opening it as the receiver
        marks it seen."""
        referral = self._get(reference)
        services.mark_seen(request.actor, referral)
        return self._out(referral)

    def _answer(self, request, reference, serializer_class, act):
        referral = self._get(reference)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            return self._out(act(request.actor, referral, data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)

    @extend_schema(request=AnswerSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, reference=None):
        return self._answer(request, reference, AnswerSerializer,
                            lambda a, r, d: services.accept_referral(a, r, note=d["note"]))

    @extend_schema(request=DeclineSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, reference=None):
        return self._answer(request, reference, DeclineSerializer,
                            lambda a, r, d: services.decline_referral(a, r, reason=d["reason"], note=d["note"]))

    @extend_schema(request=OutcomeSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, reference=None):
        return self._answer(request, reference, OutcomeSerializer,
                            lambda a, r, d: services.record_outcome(a, r, outcome=d["outcome"], note=d["note"]))
