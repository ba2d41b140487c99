"""REST API for applications to SIVA and SIVA's decisions. SIVA endpoints return the minimal view."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from atbalsts.accounts.permissions import IsVerifiedStaff, MayOpenPersonalData
from atbalsts.accounts.steps import Step, StepRefused, require_step
from atbalsts.identification import access as identification_access
from atbalsts.identification.api import FILE_RENDERERS, FILE_RESPONSES
from atbalsts.lib import documents
from atbalsts.lib.api_paging import PositionPaging
from atbalsts.policy.validators import validate_rules_date

from . import access, services
from .models import Application, Decision, Outcome, RefusalReason, Signatory


def _raise_as_api(exc):
    if isinstance(exc, StepRefused):
        raise PermissionDenied(exc.message, code=f"step_not_allowed:{exc.step}")
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    raise NotFound


class IsSivaOfficer(BasePermission):
    def has_permission(self, request, view):
        return access.is_siva(getattr(request, "actor", None))


class ApplicationInputSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The identification case id")
    ground = serializers.IntegerField(help_text="The recognition ground id of that case")
    signatory = serializers.ChoiceField(choices=Signatory.choices)
    signatory_name = serializers.CharField(
        max_length=200, allow_blank=True,
        help_text="Who signed the application: required for an adult; for a minor it may be empty, which means "
                  "the legal representative recorded on the case")
    signed_on = serializers.DateField(validators=[validate_rules_date])


class ApplicationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_on = serializers.DateField()
    deadline = serializers.DateField()


class ApplicationViewSet(viewsets.GenericViewSet):
    """The provider submits the application."""

    permission_classes = [MayOpenPersonalData]
    serializer_class = ApplicationInputSerializer

    @extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationCreatedSerializer})
    def create(self, request):
        # An organisation that never applies to SIVA is told so before its input is checked.
        try:
            require_step(request.actor, Step.APPLY_TO_SIVA)
        except DjangoPermissionDenied as exc:
            _raise_as_api(exc)
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        try:
            case = identification_access.get_case(request.actor, d.pop("case"))
            d["ground"] = case.grounds.filter(pk=d["ground"]).first()
            app = services.submit_application(request.actor, case, d)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response({"id": app.pk, "reference": app.reference, "received_on": app.received_on,
                         "deadline": app.deadline}, status=status.HTTP_201_CREATED)


class SivaItemSerializer(serializers.Serializer):
    """Exactly what Regulation No. 344 §2.2 lets SIVA see."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    given_names = serializers.CharField()
    surname = serializers.CharField()
    personal_code = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    address = serializers.CharField()
    provider = serializers.CharField()
    received_on = serializers.DateField()
    deadline = serializers.DateField()
    working_days_left = serializers.IntegerField()
    due_today = serializers.BooleanField()
    overdue = serializers.BooleanField()
    status = serializers.CharField()
    ground_label = serializers.CharField()
    document_number = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)
    issuing_body = serializers.CharField()
    has_protocol = serializers.BooleanField(help_text="The evaluation protocol can be opened at .../protocol/")
    # What SIVA's refusal reasons need.
    citizenship = serializers.CharField()
    eu_citizen = serializers.BooleanField(allow_null=True)
    eligible = serializers.BooleanField(allow_null=True, help_text="The policy's eligibility result today")
    eligibility_reason = serializers.CharField()
    eligibility_message = serializers.CharField()
    legal_basis = serializers.CharField(help_text="The legal basis the provider recorded (non-EU citizen)")
    legal_basis_note = serializers.CharField()
    other_services = serializers.SerializerMethodField()

    def get_other_services(self, obj) -> list[dict]:
        return [{"reference": ref, "provider": provider, "status": status, "service_start": start,
                 "latest_end": end} for ref, provider, status, start, end in obj.other_services]


class DecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    service_start = serializers.DateField(required=False, allow_null=True, validators=[validate_rules_date])
    refusal_reason = serializers.ChoiceField(choices=RefusalReason.choices, required=False, allow_blank=True)
    refusal_text = serializers.CharField(required=False, allow_blank=True)
    corrects = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="The decision this one corrects (a new, linked decision)")


class DecisionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    service_start = serializers.DateField(allow_null=True)
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)


class ReleaseSerializer(serializers.Serializer):
    service_start = serializers.DateField(validators=[validate_rules_date])


class SivaListPaging(PositionPaging):
    """The inbox and the queue by position, as SIVA's pages (:mod:`atbalsts.lib.api_paging`)."""

    example_path = "decisions/siva-inbox/"


LIST_PAGING = """

**Paging.** Pages of 50 applications (`ATBALSTS_CASEWORK_PAGE_SIZE`), by position, never by
offset: follow the `next` and `previous` links of the response, which carry an opaque `after` or
`before` parameter (the position of the row at the page's edge, signed). There is no page number
and no total count. A link that was changed, cut short or made by another list is refused with 400
and a message naming the parameter. Each page read is recorded with the references it shows."""


class SivaInboxViewSet(viewsets.GenericViewSet):
    """SIVA's inbox, sorted by deadline, and its decisions."""

    permission_classes = [IsSivaOfficer]
    pagination_class = SivaListPaging
    serializer_class = SivaItemSerializer
    # Only for the schema generator: every real read goes through the SIVA access functions.
    queryset = Application.objects.none()
    lookup_value_regex = r"\d+"

    def _page(self, request, read):
        rows = self.paginator.paginate(request, lambda **position: read(request.actor, **position))
        return self.paginator.get_paginated_response(SivaItemSerializer(rows, many=True).data)

    @extend_schema(description="Applications awaiting a decision, the nearest deadline first (then the date of "
                               "receipt), each with what SIVA may see." + LIST_PAGING,
                   responses=SivaItemSerializer(many=True))
    def list(self, request):
        return self._page(request, access.inbox_views_page)

    def retrieve(self, request, pk=None):
        try:
            _app, view = access.get_application_for_siva(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return Response(SivaItemSerializer(view).data)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionOutSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        try:
            app, _view = access.get_application_for_siva(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        corrects = d.pop("corrects", None)
        try:
            if corrects:
                decision = services.correct_decision(request.actor, app.decisions.get(pk=corrects), d)
            else:
                decision = services.decide_application(request.actor, app, d)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        except app.decisions.model.DoesNotExist as exc:
            raise NotFound from exc
        return Response(DecisionOutSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(description="Queued applications in queue order (the date of receipt, then the time of "
                               "submission)." + LIST_PAGING,
                   responses=SivaItemSerializer(many=True))
    @action(detail=False, methods=["get"])
    def queue(self, request):
        return self._page(request, access.queue_views_page)

    @extend_schema(request=ReleaseSerializer, responses={201: DecisionOutSerializer})
    @action(detail=False, methods=["post"], url_path="release-capacity")
    def release_capacity(self, request):
        """A place is free: the person queued longest is granted the service from ``service_start``."""
        data = ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decision = services.release_capacity(request.actor, data.validated_data["service_start"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(DecisionOutSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>\d+)", renderer_classes=FILE_RENDERERS)
    def document(self, request, pk=None, document_id=None):
        """A document submitted with this application (Regulation No. 344); recorded."""
        try:
            doc = access.get_document_for_siva(request.actor, int(pk), int(document_id))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return documents.download(doc.content, doc.content_type, doc.file_name)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], renderer_classes=FILE_RENDERERS)
    def protocol(self, request, pk=None):
        """The evaluation protocol PDF the commission sent with this application; recorded as a disclosure."""
        try:
            doc = access.get_protocol_for_siva(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return documents.download(doc.content, documents.PDF, doc.file_name)


class DecisionViewSet(viewsets.GenericViewSet):
    """Decisions and their letters: SIVA, or the provider's case team of the case."""

    permission_classes = [IsVerifiedStaff]
    serializer_class = DecisionOutSerializer
    # Only for the schema generator: every real read goes through access.get_decision.
    queryset = Decision.objects.none()
    lookup_value_regex = r"\d+"

    def retrieve(self, request, pk=None):
        try:
            decision = access.get_decision(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return Response(DecisionOutSerializer(decision).data)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], renderer_classes=FILE_RENDERERS)
    def letter(self, request, pk=None):
        """The decision letter PDF/A in Latvian, as issued; recorded."""
        try:
            letter = access.get_decision_letter(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return documents.download(letter.content, documents.PDF, f"lemums-{letter.decision}.pdf".replace("/", "-"))
