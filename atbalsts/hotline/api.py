"""REST API of the contact log (session auth, second factor): list, open and log contacts, count a
count-only contact. The same access and service functions as the pages: operators of that hotline
only, 404 for everyone else, every read audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from atbalsts.accounts.permissions import IsVerifiedStaff

from . import access, catalogue, services
from .models import (
    MAX_DURATION_MINUTES,
    CallerChoice,
    CallerType,
    Channel,
    Contact,
    CountOnlyKind,
    Language,
    Outcome,
    ShareCategory,
)

# The channels an operator logs by hand (web reports arrive by themselves).
LOGGED_CHANNELS = [c for c in Channel.choices if c[0] != Channel.WEB_REPORT]


class ContactSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    started_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    caller_type = serializers.ChoiceField(choices=CallerType.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)


class ContactSerializer(ContactSummarySerializer):
    caller_choice = serializers.ChoiceField(choices=CallerChoice.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    duration_minutes = serializers.IntegerField()
    indicators = serializers.ListField(child=serializers.CharField())
    exploitation_forms = serializers.ListField(child=serializers.CharField())
    country = serializers.CharField()
    advice = serializers.CharField()
    shared_categories = serializers.ListField(child=serializers.CharField())
    earlier_contacts = serializers.SerializerMethodField()
    client_case_number = serializers.SerializerMethodField()

    def get_earlier_contacts(self, contact) -> int:
        return access.earlier_contacts(contact).count()

    def get_client_case_number(self, contact) -> str:
        return contact.client.case_number if contact.client_id else ""


class ContactInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=LOGGED_CHANNELS)
    caller_type = serializers.ChoiceField(choices=CallerType.choices)
    caller_choice = serializers.ChoiceField(choices=CallerChoice.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    duration_minutes = serializers.IntegerField(min_value=0, max_value=MAX_DURATION_MINUTES)
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(catalogue.codes(catalogue.INDICATORS))), required=False,
        max_length=len(catalogue.INDICATORS), default=list)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(catalogue.codes(catalogue.EXPLOITATION_FORMS))), required=False,
        max_length=len(catalogue.EXPLOITATION_FORMS), default=list)
    country = serializers.ChoiceField(choices=sorted(catalogue.codes(catalogue.COUNTRIES)), required=False,
                                      allow_blank=True, default="")
    advice = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=[c for c in Outcome.choices if c[0] != Outcome.CLIENT])
    shared_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ShareCategory.choices), required=False,
        max_length=len(ShareCategory.values), default=list)
    caller_handle = serializers.CharField(
        max_length=services.MAX_HANDLE, required=False, allow_blank=True, default="", write_only=True,
        help_text="Phone number or chat handle: only its keyed hash is kept, to link repeat contacts")


class CountOnlyInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CountOnlyKind.choices)
    channel = serializers.ChoiceField(choices=LOGGED_CHANNELS)


class CountOnlySerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=CountOnlyKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    count = serializers.IntegerField()


def _raise_as_api(exc: DjangoValidationError):
    raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))


class ContactViewSet(viewsets.GenericViewSet):
    permission_classes = [IsVerifiedStaff]
    serializer_class = ContactSerializer
    # For the schema's path parameter only: every read goes through ``access``.
    queryset = Contact.objects.none()
    pagination_class = None
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]{1,12}"

    @extend_schema(responses={200: ContactSummarySerializer(many=True)})
    def list(self, request):
        """The hotline's newest contacts (at most 200), without what the callers told."""
        return Response(ContactSummarySerializer(access.contact_log(request.actor), many=True).data)

    def retrieve(self, request, reference=None):
        """One contact, with the number of the same caller's earlier contacts."""
        return Response(ContactSerializer(access.get_contact(request.actor, reference)).data)

    @extend_schema(request=ContactInputSerializer, responses={201: ContactSerializer})
    def create(self, request):
        access.require_log(request.actor)
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            contact = services.record_contact(request.actor, dict(data.validated_data))
        except DjangoValidationError as exc:
            _raise_as_api(exc)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CountOnlyInputSerializer, responses={201: CountOnlySerializer})
    @action(detail=False, methods=["post"], url_path="count-only")
    def count_only(self, request):
        """Count one contact with no case data (silent, hang-up, abusive, information only, wrong number)."""
        access.require_log(request.actor)
        data = CountOnlyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            tally = services.record_count_only(request.actor, data.validated_data["kind"],
                                               data.validated_data["channel"])
        except DjangoValidationError as exc:
            _raise_as_api(exc)
        return Response(CountOnlySerializer(tally).data, status=status.HTTP_201_CREATED)
