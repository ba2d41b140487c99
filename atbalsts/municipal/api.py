"""REST API for municipal social services: the same access and service functions as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from atbalsts.accounts.models import Organisation
from atbalsts.accounts.permissions import MayOpenPersonalData
from atbalsts.lib.api_paging import PositionPaging
from atbalsts.people.models import ConsentCategory
from atbalsts.policy.validators import validate_rules_date
from atbalsts.referrals import access as referral_access
from atbalsts.referrals.models import Referral

from . import access, services
from .models import CaseStep, ContactStage, InformationRequest, MunicipalCase, Outcome, Step


def _raise_as_api(exc):
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    raise NotFound


class IsMunicipalWorker(BasePermission):
    def has_permission(self, request, view):
        return access.is_municipal_worker(getattr(request, "actor", None))


class IsMunicipalWorkerOrAssigner(BasePermission):
    def has_permission(self, request, view):
        actor = getattr(request, "actor", None)
        return access.is_municipal_worker(actor) or access.may_assign_teams(actor)
class IsProviderWorker(BasePermission):
    def has_permission(self, request, view):
        return access.is_provider_worker(getattr(request, "actor", None))


def _by_side(view, provider_actions: set[str]) -> list[BasePermission]:
    """The municipality sends, the provider receives: a role that is on neither side of an
    endpoint gets 403 (it may never use it); a referral or request of somebody else is a 404."""
    return [IsProviderWorker()] if view.action in provider_actions else [IsMunicipalWorker()]


# --- serializers ---------------------------------------------------------------------------


class MunicipalStepSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    evaluation_outcome = serializers.CharField(source="outcome", read_only=True)

    class Meta:
        model = CaseStep
        fields = ["id", "step", "date", "notes", "interview_on", "interview_notes", "needs_assessment",
                  "home_visit_on", "home_visit_notes", "fits_target_group", "risk_groups", "needs", "activities",
                  "evaluation_outcome", "follow_up_on", "recorded_by", "recorded_at"]
        read_only_fields = fields


class MunicipalCaseSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.case_number", read_only=True)
    provider_client = serializers.CharField(source="provider_client.case_number", read_only=True, allow_null=True,
                                            default=None)
    steps = MunicipalStepSerializer(many=True, read_only=True)
    allowed_steps = serializers.SerializerMethodField()

    class Meta:
        model = MunicipalCase
        fields = ["id", "reference", "client", "provider_client", "contact_stage", "status", "opened_at",
                  "closed_at", "steps", "allowed_steps"]
        read_only_fields = fields

    def get_allowed_steps(self, obj) -> list[int]:
        # A page of the case list works them out from the steps it read (``MunicipalCaseViewSet.list``).
        allowed = getattr(obj, "allowed_steps_now", None)
        return services.allowed_steps(obj) if allowed is None else allowed


class MunicipalCaseInputSerializer(serializers.Serializer):
    contact_stage = serializers.ChoiceField(choices=ContactStage.choices)
    client = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                   help_text="Case number of an existing client of your service")
    given_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=200, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MunicipalStepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    date = serializers.DateField(validators=[validate_rules_date])
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    interview_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         validators=[validate_rules_date],
                                         help_text="Step 1: date of the interview")
    interview_notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    needs_assessment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                             help_text="Step 1: the needs assessment (with the codes in needs)")
    home_visit_on = serializers.DateField(required=False, allow_null=True, default=None,
                                          validators=[validate_rules_date],
                                          help_text="Step 1: date of the home visit")
    home_visit_notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                             help_text="Step 1: what the home visit found, or why it was not made")
    fits_target_group = serializers.BooleanField(required=False, allow_null=True, default=None)
    risk_groups = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    needs = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    health = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    activities = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    evaluation_outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True,
                                                 default="", source="outcome")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         validators=[validate_rules_date])


class TeamMemberSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()
    added_at = serializers.DateTimeField()

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.username


class CaseTeamSerializer(serializers.Serializer):
    """A case's team: the reference, status and workers, nothing of the person."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()
    team = TeamMemberSerializer(source="client.team.all", many=True)


class TeamInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, help_text="The municipal social worker's user id")


class OfficeConsentSerializer(serializers.Serializer):
    consent = serializers.IntegerField(source="consent_id")
    provider = serializers.CharField(source="consent.client.organisation.name")
    provider_case_number = serializers.CharField(source="consent.client.case_number")
    categories = serializers.ListField(source="consent.categories", child=serializers.CharField())
    valid_from = serializers.DateField(source="consent.valid_from")
    valid_until = serializers.DateField(source="consent.valid_until", allow_null=True)
    state = serializers.CharField(source="consent.state")
    recorded_at = serializers.DateTimeField()


class OfficeConsentInputSerializer(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    provider_case_number = serializers.CharField(max_length=20)
    categories = serializers.ListField(child=serializers.ChoiceField(choices=ConsentCategory.choices),
                                       allow_empty=True, max_length=len(ConsentCategory.values))
    purpose = serializers.CharField(max_length=1000, allow_blank=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    signed_form = serializers.FileField(help_text="The signed form (PDF, PNG or JPEG), stored encrypted")


class LinkInputSerializer(serializers.Serializer):
    case_number = serializers.CharField(max_length=20)


class ScreeningInputSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[validate_rules_date])
    indicators = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    criteria = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ScreeningOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(validators=[validate_rules_date])
    indicators = serializers.ListField(child=serializers.CharField())
    criteria = serializers.ListField(child=serializers.CharField())


class ScreeningReferralSerializer(serializers.Serializer):
    """Exactly what the provider receives (a ``referrals.Referral`` made from a screening; the
    referral's own API is ``/api/referrals/``)."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    sender = serializers.CharField(source="sender.name", read_only=True)
    provider = serializers.IntegerField(source="recipient_id", read_only=True)
    status = serializers.CharField(read_only=True)
    anonymous = serializers.BooleanField(read_only=True)
    indicators = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    contact_name = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(read_only=True)
    acknowledged_at = serializers.DateTimeField(source="seen_at", read_only=True)

    def _content(self, obj) -> dict:
        return referral_access.visible_content(self.context["actor"], obj)

    def get_indicators(self, obj) -> list[str]:
        return self._content(obj).get("indicators", {}).get("indicators", [])

    def get_criteria(self, obj) -> list[str]:
        return self._content(obj).get("indicators", {}).get("criteria", [])

    def get_message(self, obj) -> str:
        return self._content(obj).get("message", "")

    def get_contact_name(self, obj) -> str:
        return self._content(obj).get("contact", {}).get("name", "")

    def get_contact_phone(self, obj) -> str:
        return self._content(obj).get("contact", {}).get("phone", "")


class ReferralInputSerializer(serializers.Serializer):
    screening = serializers.IntegerField(help_text="The screening the referral is based on")
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    contact_name = serializers.CharField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="")


class InformationRequestSerializer(serializers.ModelSerializer):
    """The request; the answer is added only for the requesting municipality (a disclosure)."""

    reference = serializers.CharField(read_only=True)
    case = serializers.CharField(source="case.reference", read_only=True)
    sender = serializers.CharField(source="case.organisation.name", read_only=True)
    client = serializers.CharField(source="client.case_number", read_only=True)

    class Meta:
        model = InformationRequest
        fields = ["id", "reference", "case", "sender", "provider", "client", "sent_on", "asked", "answered_on"]
        read_only_fields = fields


class InformationAnswerSerializer(serializers.Serializer):
    answered_on = serializers.DateField(validators=[validate_rules_date])
    answer = serializers.CharField()
    recommendations = serializers.CharField(allow_blank=True)


class InformationRequestWithAnswerSerializer(InformationRequestSerializer):
    answer = InformationAnswerSerializer(allow_null=True, read_only=True)

    class Meta(InformationRequestSerializer.Meta):
        fields = [*InformationRequestSerializer.Meta.fields, "answer"]
        read_only_fields = fields


class InformationRequestInputSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The municipal case id")
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    provider_case_number = serializers.CharField(max_length=20)
    asked = serializers.CharField(allow_blank=True)
    sent_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_rules_date])


class InformationAnswerInputSerializer(serializers.Serializer):
    answered_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_rules_date])
    answer = serializers.CharField(allow_blank=True)
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


# --- viewsets ------------------------------------------------------------------------------


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError) as exc:
        raise NotFound from exc


class ListPaging(PositionPaging):
    """This API's lists by position (:mod:`atbalsts.lib.api_paging`); ``path`` is under /api/municipal/."""


def _paging(path: str) -> type[ListPaging]:
    return type("ListPaging", (ListPaging,), {"example_path": f"municipal/{path}"})


CaseListPaging = _paging("cases/")
TeamListPaging = _paging("cases/teams/")
RequestListPaging = _paging("requests/")
IncomingRequestListPaging = _paging("requests/incoming/")


def _paged(view, read, serializer):
    """The page the request's position link names, read by ``read(actor, after=, before=)``."""
    rows = view.paginator.paginate(view.request, lambda **position: read(view.request.actor, **position))
    return view.paginator.get_paginated_response(serializer(rows, many=True).data)


LIST_PAGING = """

**Paging.** Pages of 50 (`ATBALSTS_CASEWORK_PAGE_SIZE`), by position, never by offset: follow the
`next` and `previous` links of the response, which carry an opaque `after` or `before` parameter
(the position of the row at the page's edge, signed). There is no page number and no total count.
A link that was changed, cut short or made by another list is refused with 400 and a message
naming the parameter. Each page read is recorded with the references it shows."""


class MunicipalCaseViewSet(viewsets.GenericViewSet):
    """The social service's own cases: its municipal social workers only."""

    permission_classes = [IsMunicipalWorker]
    serializer_class = MunicipalCaseSerializer
    # Only for the schema generator: every real read goes through the access functions.
    queryset = MunicipalCase.objects.none()
    lookup_value_regex = r"\d+"

    def get_parsers(self):
        if getattr(self, "action", None) == "office_consents":
            return [parsers.MultiPartParser(), parsers.FormParser(), parsers.JSONParser()]
        return super().get_parsers()

    def _case(self, pk):
        try:
            return access.get_case(self.request.actor, _int(pk))
        except Http404 as exc:
            raise NotFound from exc

    @property
    def pagination_class(self):
        # The case list and the team overview are paged; a case's office consents stay a whole
        # list (also in the schema, which asks the view for its paging per action).
        return {"list": CaseListPaging, "teams": TeamListPaging}.get(getattr(self, "action", None))

    @extend_schema(description="The cases of the service whose team includes you, the newest first, each "
                               "with its steps and the steps that may be recorded next." + LIST_PAGING,
                   responses=MunicipalCaseSerializer(many=True))
    def list(self, request):
        def read(actor, **position):
            page = access.case_api_page(actor, **position)
            for case in page.rows:
                # The steps were read with the page (oldest first): the last by the time recorded, then the number.
                case.allowed_steps_now = services.allowed_steps_after(case.latest_step)
            return page

        return _paged(self, read, MunicipalCaseSerializer)

    def retrieve(self, request, pk=None):
        return Response(MunicipalCaseSerializer(self._case(pk)).data)

    @extend_schema(request=MunicipalCaseInputSerializer, responses={201: MunicipalCaseSerializer})
    def create(self, request):
        data = MunicipalCaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        payload = {"contact_stage": d.pop("contact_stage"), "person": d}
        try:
            if d.get("client"):
                payload["client"] = services.client_for_case_number(request.actor, d["client"].strip().upper())
            case = services.open_case(request.actor, payload)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(MunicipalCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MunicipalStepInputSerializer, responses={201: MunicipalStepSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        """Record the next case-management step (in order)."""
        case = self._case(pk)
        data = MunicipalStepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            step = services.record_step(request.actor, case, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(MunicipalStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinkInputSerializer, responses=MunicipalCaseSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Link a provider's client whose consent in force names this municipality."""
        case = self._case(pk)
        data = LinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.link_provider_client(request.actor, case, data.validated_data["case_number"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(MunicipalCaseSerializer(case).data)

    @extend_schema(request=ScreeningInputSerializer, responses={201: ScreeningOutSerializer})
    @action(detail=True, methods=["post"])
    def screenings(self, request, pk=None):
        """Record a screening with the identification checklist (§4 criteria, §5 indicators)."""
        case = self._case(pk)
        data = ScreeningInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            screening = services.record_screening(request.actor, case, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ScreeningOutSerializer(screening).data, status=status.HTTP_201_CREATED)


    @extend_schema(description="Every case of the service with its team, the newest case first (the service's "
                               "team assigners)." + LIST_PAGING,
                   responses=CaseTeamSerializer(many=True))
    @action(detail=False, methods=["get"], permission_classes=[IsMunicipalWorkerOrAssigner])
    def teams(self, request):
        try:
            return _paged(self, access.team_page, CaseTeamSerializer)
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(methods=["GET"], responses=CaseTeamSerializer)
    @extend_schema(methods=["POST"], request=TeamInputSerializer, responses=CaseTeamSerializer)
    @action(detail=True, methods=["get", "post"], permission_classes=[IsMunicipalWorkerOrAssigner])
    def team(self, request, pk=None):
        """The case's team; POST adds a municipal social worker of the service."""
        try:
            case = access.get_case_team(request.actor, _int(pk))
        except Http404 as exc:
            raise NotFound from exc
        if request.method == "POST":
            data = TeamInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                services.add_to_case_team(request.actor, case, data.validated_data["user"])
            except (DjangoValidationError, DjangoPermissionDenied) as exc:
                _raise_as_api(exc)
            case = access.get_case_team(request.actor, case.pk)
        return Response(CaseTeamSerializer(case).data)

    @extend_schema(request=TeamInputSerializer, responses=CaseTeamSerializer)
    @action(detail=True, methods=["post"], url_path="team/remove", permission_classes=[IsMunicipalWorkerOrAssigner])
    def team_remove(self, request, pk=None):
        """Take a worker off the case's team (a case keeps at least one)."""
        try:
            case = access.get_case_team(request.actor, _int(pk))
        except Http404 as exc:
            raise NotFound from exc
        data = TeamInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.remove_from_case_team(request.actor, case, data.validated_data["user"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CaseTeamSerializer(access.get_case_team(request.actor, case.pk)).data)

    @extend_schema(methods=["GET"], responses=OfficeConsentSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": OfficeConsentInputSerializer},
                   responses={201: OfficeConsentSerializer})
    @action(detail=True, methods=["get", "post"], url_path="office-consents")
    def office_consents(self, request, pk=None):
        """Consents the person signed at this office for a named provider to share with the service."""
        case = self._case(pk)
        if request.method == "GET":
            return Response(OfficeConsentSerializer(access.office_consents(request.actor, case), many=True).data)
        data = OfficeConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        try:
            row = services.record_office_consent(request.actor, case, d, d.pop("signed_form"))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(OfficeConsentSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OfficeConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"office-consents/(?P<consent_id>\d+)/withdraw")
    def office_consent_withdraw(self, request, pk=None, consent_id=None):
        """The person withdraws, at the office, a consent recorded there."""
        case = self._case(pk)
        try:
            row = access.get_office_consent(request.actor, case, _int(consent_id))
            services.withdraw_office_consent(request.actor, case, row)
        except Http404 as exc:
            raise NotFound from exc
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        row.consent.refresh_from_db()
        return Response(OfficeConsentSerializer(row).data)


class ReferralViewSet(viewsets.GenericViewSet):
    """Referrals: the municipality sends them; the provider they name sees them (``incoming``)."""

    permission_classes = [MayOpenPersonalData]
    serializer_class = ScreeningReferralSerializer
    pagination_class = None
    queryset = Referral.objects.none()
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        return _by_side(self, {"incoming", "retrieve", "acknowledge"})

    @extend_schema(request=ReferralInputSerializer, responses={201: ScreeningReferralSerializer})
    def create(self, request):
        data = ReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        screening_id = d.pop("screening")
        try:
            screening = access.get_screening(request.actor, screening_id)
            referral = services.send_referral(request.actor, screening, d)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(ScreeningReferralSerializer(referral, context={"actor": request.actor}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=ScreeningReferralSerializer(many=True))
    @action(detail=False, methods=["get"])
    def incoming(self, request):
        """Referrals sent to the actor's organisation (a service provider)."""
        try:
            return Response(ScreeningReferralSerializer(access.referrals_incoming(request.actor), many=True,
                                            context={"actor": request.actor}).data)
        except Http404 as exc:
            raise NotFound from exc

    def retrieve(self, request, pk=None):
        """A referral sent to the actor's organisation."""
        try:
            referral = access.get_incoming_referral(request.actor, _int(pk))
            return Response(ScreeningReferralSerializer(referral, context={"actor": request.actor}).data)
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(request=None, responses=ScreeningReferralSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The provider marks the referral as received."""
        try:
            referral = access.get_incoming_referral(request.actor, _int(pk))
        except Http404 as exc:
            raise NotFound from exc
        referral = services.acknowledge_referral(request.actor, referral)
        return Response(ScreeningReferralSerializer(referral, context={"actor": request.actor}).data)


class InformationRequestViewSet(viewsets.GenericViewSet):
    """Written information requests: sent by the municipality, answered by the provider's case
    team only under the person's consent."""

    permission_classes = [MayOpenPersonalData]
    serializer_class = InformationRequestSerializer
    queryset = InformationRequest.objects.none()
    lookup_value_regex = r"\d+"

    @property
    def pagination_class(self):
        return {"list": RequestListPaging, "incoming": IncomingRequestListPaging}.get(getattr(self, "action", None))

    def get_permissions(self):
        return _by_side(self, {"incoming", "answer"})

    @extend_schema(description="Requests the actor's municipality sent (without the answers), the latest sent "
                               "first." + LIST_PAGING,
                   responses=InformationRequestSerializer(many=True))
    def list(self, request):
        try:
            return _paged(self, access.requests_sent_page, InformationRequestSerializer)
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(responses=InformationRequestWithAnswerSerializer)
    def retrieve(self, request, pk=None):
        """A request the municipality sent, with the answer (recorded as a disclosure)."""
        try:
            info = access.get_sent_request(request.actor, _int(pk))
            answer = access.answer_of(request.actor, info)
        except Http404 as exc:
            raise NotFound from exc
        out = InformationRequestSerializer(info).data
        out["answer"] = InformationAnswerSerializer(answer).data if answer else None
        return Response(out)

    @extend_schema(request=InformationRequestInputSerializer, responses={201: InformationRequestSerializer})
    def create(self, request):
        data = InformationRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        try:
            case = access.get_case(request.actor, d.pop("case"))
            info = services.send_information_request(request.actor, case, d)
        except (DjangoValidationError, DjangoPermissionDenied, Http404) as exc:
            _raise_as_api(exc)
        return Response(InformationRequestSerializer(info).data, status=status.HTTP_201_CREATED)

    @extend_schema(description="Requests to the actor's organisation about clients on the actor's case teams, "
                               "the latest sent first." + LIST_PAGING,
                   responses=InformationRequestSerializer(many=True))
    @action(detail=False, methods=["get"])
    def incoming(self, request):
        try:
            return _paged(self, access.requests_incoming_page, InformationRequestSerializer)
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(request=InformationAnswerInputSerializer, responses=InformationRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The provider's case team answers; refused without the person's consent (nothing saved)."""
        try:
            info = access.get_incoming_request(request.actor, _int(pk))
        except Http404 as exc:
            raise NotFound from exc
        data = InformationAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            info = services.answer_information_request(request.actor, info, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(InformationRequestSerializer(info).data)
