"""REST API for identification: the same access and service functions as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import parsers, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from atbalsts.accounts.models import Role
from atbalsts.accounts.permissions import IsVerifiedStaff, MayOpenPersonalData
from atbalsts.accounts.steps import Step, StepRefused, require_step
from atbalsts.lib import documents
from atbalsts.lib.api import BoundedJSONParser
from atbalsts.lib.api_paging import PositionPaging
from atbalsts.people import access as people_access
from atbalsts.people.models import FamilyMember
from atbalsts.policy import criteria
from atbalsts.policy.eligibility import LEGAL_BASIS_CODES
from atbalsts.policy.validators import validate_rules_date

from . import access, catalogue, htcds_referral, services
from .models import (
    Answer,
    Case,
    CaseChild,
    Commission,
    Conclusion,
    EligibilityNote,
    Ground,
    InterviewMode,
    LegalRepresentative,
    MovementKind,
    PermitStatus,
    ProceedingsStanding,
    RecognitionGround,
    RepresentativeBasis,
    TravelSupport,
)


class FileRenderer(documents.FileRenderer, renderers.BaseRenderer):
    media_type = "*/*"


FILE_RENDERERS = [renderers.JSONRenderer, FileRenderer]
FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The stored file, as an attachment"),
    404: OpenApiResponse(description="Not found, or not yours to see"),
}


def _raise_as_api(exc):
    if isinstance(exc, StepRefused):
        # The actor's own case, a step their organisation does not do: say so (403), nothing saved.
        raise PermissionDenied(exc.message, code=f"step_not_allowed:{exc.step}")
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    if isinstance(exc, (DjangoPermissionDenied, Http404)):
        raise NotFound
    raise exc


class CaseSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.case_number", read_only=True)
    reference = serializers.CharField(read_only=True)
    proceedings_standing = serializers.CharField(
        read_only=True,
        help_text="From the grounds: victim, or witness (does not want to be recognised as a victim); empty if none")
    exploitation_began_on = serializers.DateField(read_only=True, allow_null=True)
    exploitation_began_age = serializers.IntegerField(source="exploitation_age", read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "client", "status", "opened_at", "proceedings_standing",
                  "exploitation_began_on", "exploitation_began_age"]
        read_only_fields = fields


class HtcdsReferralInputSerializer(serializers.Serializer):
    recipient = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                         help_text="The organisation the person is referred to (its id).")


class HtcdsReferralSerializer(serializers.Serializer):
    standard = serializers.CharField()
    record = serializers.DictField(child=serializers.CharField())


class ExploitationStartSerializer(serializers.Serializer):
    began_on = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text="When the exploitation began")
    age = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=120,
                                   help_text="Or the person's age then, in full years (not both)")


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


class ConveneSerializer(serializers.Serializer):
    meeting_date = serializers.DateField(validators=[validate_rules_date])
    seat = serializers.ChoiceField(choices=Role.choices, required=False, allow_null=True, default=None,
                                   help_text="The convener's own seat (one of their roles); needed if they hold "
                                             "several")
    no_indicator_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text="Why the commission is convened without an interview that found an indicator")


class GroundInputSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=[c for c in Ground.choices if c[0] != Ground.COMMISSION])
    standing = serializers.ChoiceField(choices=ProceedingsStanding.choices, required=False, allow_blank=True,
                                       default="", help_text="Required for ground 1: victim or witness")
    document_number = serializers.CharField(max_length=100)
    document_date = serializers.DateField()
    issuing_body = serializers.CharField(max_length=200)
    document = serializers.FileField(required=False, allow_null=True,
                                     help_text="PDF, PNG or JPEG (checked by content), within the size limit")


class GroundSerializer(serializers.ModelSerializer):
    documents = serializers.SerializerMethodField()

    class Meta:
        model = RecognitionGround
        fields = ["id", "ground", "standing", "document_number", "document_date", "issuing_body", "recorded_at",
                  "documents"]
        read_only_fields = fields

    def get_documents(self, obj) -> list[dict]:
        return [{"id": d.pk, "file_name": d.file_name, "content_type": d.content_type, "size": d.size,
                 "sha256": d.sha256} for d in obj.documents.all()]


class MemberFindingsSerializer(serializers.Serializer):
    user = serializers.CharField()
    role = serializers.CharField()
    assessed = serializers.BooleanField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    found = serializers.ListField(child=serializers.CharField(), help_text="Criteria items this member found")
    elements_found = serializers.ListField(child=serializers.CharField(), help_text="act, means, purpose")
    elements_missing = serializers.ListField(child=serializers.CharField())
    meets_criteria = serializers.BooleanField()


class CommissionSerializer(serializers.ModelSerializer):
    """The commission with each member's findings read separately (never pooled)."""

    case = serializers.CharField(source="case.reference", read_only=True)
    members = serializers.SerializerMethodField()
    minor_for_means = serializers.SerializerMethodField(
        help_text="A minor when the exploitation began: the means need not be found")
    minor_basis = serializers.SerializerMethodField(help_text="age_then, began_on, meeting_date or unknown")
    criteria_reading = serializers.SerializerMethodField()
    meeting_date_problem = serializers.SerializerMethodField(
        help_text="Why the stored meeting date cannot be used; empty if it can")

    class Meta:
        model = Commission
        fields = ["id", "case", "meeting_date", "meeting_date_problem", "status", "conclusion", "concluded_at",
                  "minor_at_meeting", "minor_for_means", "minor_basis", "criteria_reading", "members"]
        read_only_fields = fields

    def _minor(self, obj):
        if obj.is_concluded:
            return criteria.MinorAtExploitation(obj.minor_for_means, obj.minor_basis or "unknown", None)
        return services.minor_for_means(obj)

    def get_minor_for_means(self, obj) -> bool:
        return self._minor(obj).minor

    def get_minor_basis(self, obj) -> str:
        return self._minor(obj).basis

    def get_criteria_reading(self, obj) -> str:
        return services.reading_of(obj).code

    def get_meeting_date_problem(self, obj) -> str:
        return services.meeting_date_problem(obj)

    @extend_schema_field(MemberFindingsSerializer(many=True))
    def get_members(self, obj) -> list[dict]:
        minor = self._minor(obj).minor
        reading = services.reading_of(obj)
        out = []
        for m in obj.members.select_related("user").prefetch_related("findings"):
            found = [f.code for f in m.findings.all() if f.found]
            r = criteria.read_member(found, minor, reading)
            out.append({"user": m.user.username, "role": m.role, "invited": m.invited,
                        "assessed": m.assessed_at is not None,
                        "acknowledged_at": m.acknowledged_at, "found": found,
                        "elements_found": [e for e in (criteria.ACT, criteria.MEANS, criteria.PURPOSE) if e in r.found],
                        "elements_missing": list(r.missing), "meets_criteria": r.meets})
        return out


class LegalRepresentativeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200)
    relation = serializers.CharField(max_length=100)
    basis = serializers.ChoiceField(choices=RepresentativeBasis.choices)

    class Meta:
        model = LegalRepresentative
        fields = ["name", "relation", "basis", "recorded_at"]
        read_only_fields = ["recorded_at"]


class ChildLinkInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The id of the client's family member marked as accompanying")


class CaseChildSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", read_only=True)
    given_names = serializers.CharField(source="member.given_names", read_only=True)
    surname = serializers.CharField(source="member.surname", read_only=True)
    birth_date = serializers.DateField(source="member.birth_date", read_only=True)

    class Meta:
        model = CaseChild
        fields = ["id", "member", "given_names", "surname", "birth_date", "linked_at"]
        read_only_fields = fields


class TravelSerializer(serializers.ModelSerializer):
    from_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="EUR, zero or more")
    accompanied_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    children = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=FamilyMember.objects.all(),
        help_text="Ids of accompanying children linked to the case")

    class Meta:
        model = TravelSupport
        fields = ["id", "from_country", "from_city", "travel_date", "cost", "accompanied_by", "children",
                  "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class EligibilitySerializer(serializers.ModelSerializer):
    reflection_start = serializers.DateField(required=False, allow_null=True, default=None)
    reflection_end = serializers.DateField(required=False, allow_null=True, default=None)
    permit_status = serializers.ChoiceField(choices=PermitStatus.choices, required=False, default=PermitStatus.NONE)
    legal_basis = serializers.ChoiceField(
        choices=[("", "none"), *((c, c) for c in LEGAL_BASIS_CODES)], required=False, allow_blank=True, default="",
        help_text="A non-EU citizen: the case of the law that entitles them (the policy's list)")
    legal_basis_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    eligible = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()

    class Meta:
        model = EligibilityNote
        fields = ["eu_citizen", "reflection_start", "reflection_end", "permit_status", "legal_basis",
                  "legal_basis_note", "eligible", "reason", "message", "recorded_at"]
        read_only_fields = ["recorded_at"]

    def _result(self, obj):
        return services.eligibility_of(obj.case, note=obj)

    def get_eligible(self, obj) -> bool:
        return self._result(obj).eligible

    def get_reason(self, obj) -> str:
        return self._result(obj).reason

    def get_message(self, obj) -> str:
        return services.eligibility_message(self._result(obj))


# What a row of the case list shows (CaseSerializer) and the audit event names.
LIST_FIELDS = ("pk", "client_id", "client__case_number", "status", "opened_at", "exploitation_began_on",
               "exploitation_began_age")


class CaseListPaging(PositionPaging):
    """The identification cases by position, newest opened first (:mod:`atbalsts.lib.api_paging`)."""

    example_path = "identification/cases/"


LIST_PAGING = """

**Paging.** Pages of 50 cases (`ATBALSTS_CASEWORK_PAGE_SIZE`), by position, never by offset:
follow the `next` and `previous` links of the response, which carry an opaque `after` or `before`
parameter (the opening time and id of the case at the page's edge, signed). There is no page
number and no total count (`?page=` is not read). A link that was changed, cut short or made by
another list is refused with 400 and a message naming the parameter. Each page read is recorded
with the references it shows."""


class CaseViewSet(viewsets.GenericViewSet):
    permission_classes = [MayOpenPersonalData]
    serializer_class = CaseSerializer
    pagination_class = CaseListPaging

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return access.cases_visible_to(self.request.actor)

    def get_object(self):
        try:
            return access.get_case(self.request.actor, int(self.kwargs["pk"]))
        except (Http404, ValueError) as exc:
            raise NotFound from exc

    @extend_schema(description="The cases of the clients on the reader's case teams in the organisation they act "
                               "for, the newest opened first (then the newest id)." + LIST_PAGING,
                   responses=CaseSerializer(many=True))
    def list(self, request):
        # One query for the page's cases (through the index, stopping at the page's end), with of
        # the client only its case number, and one for their grounds (for the standing): nothing
        # counted, no query per case, no client's personal data decrypted.
        grounds = Prefetch("grounds", RecognitionGround.objects.only("pk", "case_id", "standing", "recorded_at"))
        rows = self.paginator.paginate(request, lambda **position: access.case_page(
            request.actor, only=LIST_FIELDS, prefetch=[grounds], **position))
        access.list_cases(request.actor, rows)
        return self.paginator.get_paginated_response(CaseSerializer(rows, many=True).data)

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

    @extend_schema(request=ConveneSerializer, responses={201: CommissionSerializer})
    @action(detail=True, methods=["post"])
    def commissions(self, request, pk=None):
        """Convene the specialist commission; the convener takes a seat in their own role."""
        case = self.get_object()
        data = ConveneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            commission = services.convene_commission(request.actor, case, **data.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=GroundSerializer(many=True),
                   description="The case's recognition grounds: the ground id an application to SIVA names.")
    @extend_schema(methods=["POST"],
                   request={"multipart/form-data": GroundInputSerializer, "application/json": GroundInputSerializer},
                   responses={201: GroundSerializer},
                   description="Record ground 1 or 2, with its document (optional here, checked by content).")
    @action(detail=True, methods=["get", "post"],
            parser_classes=[parsers.MultiPartParser, parsers.FormParser, BoundedJSONParser])
    def grounds(self, request, pk=None):
        """The case's recognition grounds; POST records ground 1 or 2."""
        case = self.get_object()
        if request.method == "GET":
            return Response(GroundSerializer(case.grounds.order_by("recorded_at", "pk"), many=True).data)
        data = GroundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            ground = services.record_ground(request.actor, case, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(GroundSerializer(ground).data, status=status.HTTP_201_CREATED)

    def _save(self, request, serializer_class, save, output=None, **context):
        case = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            obj = save(request.actor, case, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response((output or serializer_class)(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LegalRepresentativeSerializer, responses={201: LegalRepresentativeSerializer})
    @action(detail=True, methods=["post"], url_path="legal-representative")
    def legal_representative(self, request, pk=None):
        """Record (or replace) the legal representative of a minor client."""
        return self._save(request, LegalRepresentativeSerializer, services.record_legal_representative)

    @extend_schema(request=ChildLinkInputSerializer, responses={201: CaseChildSerializer})
    @action(detail=True, methods=["post"])
    def children(self, request, pk=None):
        """Link an accompanying minor child (a family member of the client) to the case."""
        def link(actor, case, data):
            return services.link_child(actor, case, FamilyMember.objects.filter(pk=data["member"]).first())

        return self._save(request, ChildLinkInputSerializer, link, output=CaseChildSerializer)

    @extend_schema(request=TravelSerializer, responses={201: TravelSerializer})
    @action(detail=True, methods=["post"])
    def travel(self, request, pk=None):
        """Record travel to Latvia organised for a person abroad (phase-1 support)."""
        return self._save(request, TravelSerializer, services.record_travel)

    @extend_schema(request=ExploitationStartSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="exploitation-start")
    def exploitation_start(self, request, pk=None):
        """Record when the exploitation began, or the person's age then ("minor" for the means is judged then)."""
        case = self.get_object()
        data = ExploitationStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.record_exploitation_start(request.actor, case, dict(data.validated_data))
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CaseSerializer(case).data)

    @extend_schema(request=HtcdsReferralInputSerializer, responses={200: HtcdsReferralSerializer})
    @action(detail=True, methods=["post"], url_path="htcds-referral")
    def htcds_referral(self, request, pk=None):
        """The case as an HTCDS 2.0 record for the organisation the person is referred to: only
        under the person's consent naming it for their identity (else 400, nothing exported);
        the disclosure is recorded in the audit trail."""
        case = self.get_object()
        data = HtcdsReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            require_step(request.actor, Step.SEND_REFERRAL)
            recipient = htcds_referral.recipients_for(request.actor).filter(pk=data.validated_data["recipient"]).first()
            if recipient is None:
                raise DjangoValidationError({"recipient": [_("Choose an organisation to send the record to.")]})
            record = htcds_referral.case_for_referral(request.actor, case.pk, recipient)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        response = Response(HtcdsReferralSerializer(record).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=EligibilitySerializer, responses={201: EligibilitySerializer})
    @action(detail=True, methods=["post"])
    def eligibility(self, request, pk=None):
        """Record citizenship and residence status; the answer is the policy's eligibility result."""
        return self._save(request, EligibilitySerializer, services.record_eligibility)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>\d+)", renderer_classes=FILE_RENDERERS)
    def document(self, request, pk=None, document_id=None):
        """Download an uploaded ground document (the case team; recorded)."""
        try:
            doc = access.get_case_document(request.actor, int(pk), int(document_id))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return documents.download(doc.content, doc.content_type, doc.file_name)


class FindingSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(catalogue.CRITERIA_ITEMS))
    found = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    opinion = serializers.CharField()


class MemberInputSerializer(serializers.Serializer):
    membership = serializers.IntegerField(help_text="A membership id from member-candidates")


class CandidateSerializer(serializers.Serializer):
    membership = serializers.IntegerField(source="pk")
    user = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.get_full_name")
    role = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    invited = serializers.SerializerMethodField()

    def get_invited(self, obj) -> bool:
        return not getattr(obj, "is_core", True)


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

    def _team_commission(self):
        commission = self.get_object()
        if not access.is_on_case_team(self.request.actor, commission.case):
            raise NotFound
        return commission

    @extend_schema(request=ConveneSerializer, responses=CommissionSerializer)
    @action(detail=True, methods=["post"], url_path="meeting-date")
    def meeting_date(self, request, pk=None):
        """Move (or correct) the meeting date of a commission that has not concluded (the case team)."""
        commission = self._team_commission()
        data = ConveneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            commission = services.reschedule_commission(request.actor, commission, data.validated_data["meeting_date"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data)

    @extend_schema(responses=CandidateSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="member-candidates")
    def member_candidates(self, request, pk=None):
        """Who can take a seat: the provider's specialists and State Police officials (the case team asks)."""
        commission = self._team_commission()
        return Response(CandidateSerializer(services.member_candidates(commission), many=True).data)

    @extend_schema(request=MemberInputSerializer, responses={201: CommissionSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        commission = self._team_commission()
        data = MemberInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.add_commission_member(request.actor, commission, data.validated_data["membership"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CommissionSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """A member's electronic acknowledgement of the concluded protocol."""
        commission = self.get_object()
        try:
            services.acknowledge(request.actor, commission)
        except DjangoPermissionDenied as exc:
            raise NotFound from exc
        except DjangoValidationError as exc:
            _raise_as_api(exc)
        return Response(CommissionSerializer(commission).data)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], renderer_classes=FILE_RENDERERS)
    def protocol(self, request, pk=None):
        """The current evaluation protocol PDF/A (the case team; recorded)."""
        try:
            doc = access.get_protocol_pdf(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        return documents.download(doc.content, documents.PDF, doc.file_name)
