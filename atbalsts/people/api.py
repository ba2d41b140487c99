"""REST API for clients: the same access and service functions as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, parsers, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from atbalsts.accounts.models import Organisation
from atbalsts.accounts.permissions import MayOpenPersonalData
from atbalsts.lib import documents
from atbalsts.lib.api import BoundedJSONParser

from . import access, caseload, services
from .forms import ClientForm, normalise_personal_code
from .models import Client, Consent, ConsentCategory, ConsentMethod, FamilyMember


class FamilyMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = FamilyMember
        fields = ["id", "relation", "given_names", "surname", "birth_date", "accompanying", "lives_in_latvia"]
        read_only_fields = fields


class ClientSummarySerializer(serializers.ModelSerializer):
    """What a list shows: the case number and little else."""

    initials = serializers.CharField(read_only=True)
    birth_year = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = ["case_number", "initials", "birth_year", "created_at"]

    def get_birth_year(self, obj) -> int | None:
        return obj.birth_date.year if obj.birth_date else None


class ClientListRowSerializer(ClientSummarySerializer):
    """A row of the client list: the summary and where the case stands."""

    stage = serializers.ChoiceField(choices=caseload.Stage.choices, read_only=True,
                                    help_text="Where the case stands today")
    stage_label = serializers.CharField(read_only=True, help_text="The stage in the reader's language")

    class Meta(ClientSummarySerializer.Meta):
        fields = [*ClientSummarySerializer.Meta.fields, "stage", "stage_label"]


class ClientListQuerySerializer(serializers.Serializer):
    """The list's filters: no personal data (names are searched with POST /api/clients/search/)."""

    stage = serializers.ChoiceField(choices=caseload.Stage.choices, required=False)
    worker = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                      help_text="A colleague's user id: cases whose team includes them")
    ending_within = serializers.IntegerField(min_value=1, max_value=caseload.MAX_ENDING_WITHIN_DAYS, required=False,
                                             help_text="Running courses whose last day is within this many days")
    aftercare_open = serializers.BooleanField(required=False, default=False,
                                              help_text="Only cases whose after-care window is open")
    sort = serializers.ChoiceField(choices=list(caseload.SORTS), required=False, default=caseload.DEFAULT_SORT)

    def filters(self) -> caseload.ListFilters:
        d = self.validated_data
        return caseload.ListFilters(stage=d.get("stage", ""), worker=d.get("worker"),
                                    ending_within=d.get("ending_within"), aftercare_open=d["aftercare_open"],
                                    sort=d["sort"])


class ClientSerializer(serializers.ModelSerializer):
    family = FamilyMemberSerializer(many=True, read_only=True)
    organisation = serializers.StringRelatedField()

    class Meta:
        model = Client
        fields = [
            "case_number",
            "organisation",
            "created_at",
            "updated_at",
            *services.CLIENT_FIELDS,
            "family",
        ]
        read_only_fields = ["case_number", "organisation", "created_at", "updated_at", "family"]


class ClientInputSerializer(serializers.Serializer):
    """Validates with the same rules as the page form; never saves by itself."""

    given_names = serializers.CharField(max_length=200)
    surname = serializers.CharField(max_length=200)
    personal_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, input_formats=["iso-8601", "%d.%m.%Y"])
    sex = serializers.ChoiceField(choices=Client._meta.get_field("sex").choices, required=False, allow_blank=True)
    citizenship = serializers.CharField(max_length=100, required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate_personal_code(self, value):
        try:
            return normalise_personal_code(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def validate(self, attrs):
        # On a partial update the untouched fields still take part in cross-field checks.
        base = self.initial_fields_data() if self.partial else {}
        merged = {**base, **attrs}
        form = ClientForm(data={k: _as_form_value(v) for k, v in merged.items()})
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        keys = attrs.keys() if self.partial else form.cleaned_data.keys()
        return {k: form.cleaned_data[k] for k in keys}

    def initial_fields_data(self):
        instance = self.context.get("client")
        if instance is None:
            return {}
        return {name: getattr(instance, name) for name in services.CLIENT_FIELDS}


def _as_form_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return value


def _raise_as_api(exc: Exception):
    if isinstance(exc, DjangoValidationError):
        raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
    if isinstance(exc, DjangoPermissionDenied):
        raise PermissionDenied(str(exc) or _("Not allowed."))
    raise exc


class ClientSearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text=_("Case number, name, date of birth or personal code"))


class ClientSearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("How many clients are in results (not how many match)"))
    more = serializers.BooleanField(help_text=_("More clients match than are shown: refine the search"))
    message = serializers.CharField(help_text=_("A note on the search for the user, or empty"))
    results = ClientSummarySerializer(many=True)


class ClientListPaging(CursorPagination):
    """Paging by position in the order the ``sort`` parameter names, with the client page's own
    keyset (:func:`people.access.client_page`): the ``next`` and ``previous`` links carry an opaque
    ``cursor`` (the signed sort values of the row at the page's edge and the direction), never an
    offset, so a deep page costs what the first does and equal opening times never lose or repeat
    a row. There is no page number: ``?page=`` is not read. DRF's cursor paging is kept for the
    schema it documents (the parameter and the next/previous/results envelope)."""

    page_size = caseload.PAGE_SIZE
    ordering = caseload.order_by(caseload.DEFAULT_SORT)
    invalid_cursor_message = _("This page link is not valid: start again from the first page.")
    # "n.<cursor>": the rows after that row; "p.<cursor>": the rows before it.
    _DIRECTIONS = {"n": "after", "p": "before"}

    def position(self, request) -> dict[str, str]:
        """``after`` or ``before`` for :func:`people.access.client_page`; 404 for a cursor that
        is not of this form (one that is, but was changed, is refused there)."""
        cursor = request.query_params.get(self.cursor_query_param, "")
        if not cursor:
            return {}
        direction, _dot, token = cursor.partition(".")
        if direction not in self._DIRECTIONS or not token:
            raise NotFound(self.invalid_cursor_message)
        return {self._DIRECTIONS[direction]: token}

    def respond(self, request, page: access.ClientPage, data) -> Response:
        url = request.build_absolute_uri()

        def link(direction: str, token: str | None) -> str | None:
            return replace_query_param(url, self.cursor_query_param, f"{direction}.{token}") if token else None

        return Response({"next": link("n", page.next_cursor), "previous": link("p", page.previous_cursor),
                         "results": data})


LIST_DESCRIPTION = """The clients whose case team the caller is on, with the stage each case is at.

**Paging.** Pages of 50 rows, by position (a cursor), never by offset: follow the `next` and
`previous` links of the response, which carry an opaque `cursor` parameter; keep the filter and
sort parameters as they are in the links. There is no page number (`?page=` is ignored) and no
total count. A cursor that was changed, or is used with another sort, is refused with 404 and a
message saying so.

**Filters.** `stage`, `worker` (a colleague's user id), `ending_within` (days, 1–365),
`aftercare_open`; `sort`: `newest` (default), `oldest`, `case_number`. Names cannot be sorted
or filtered here (they are encrypted); search by name with `POST /api/clients/search/`."""


class ClientViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [MayOpenPersonalData]
    lookup_field = "case_number"
    serializer_class = ClientSerializer
    pagination_class = ClientListPaging

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no actor
            return Client.objects.none()
        return access.clients_visible_to(self.request.actor).order_by("-created_at")

    @extend_schema(description=LIST_DESCRIPTION, parameters=[ClientListQuerySerializer],
                   responses=ClientListRowSerializer(many=True))
    def list(self, request, *args, **kwargs):
        query = ClientListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        # The client page's own query (people.access.client_page): the page's ids first (the
        # scope, the filters and the position decide them), then the stage of just those rows;
        # asked for the whole caseload, PostgreSQL works each stage test out for every case and
        # course of the register before the first row. The rows shown are recorded there.
        try:
            page = access.client_page(request.actor, filters, today=timezone.localdate(),
                                      **self.paginator.position(request))
        except caseload.BadCursor as exc:
            raise NotFound(self.paginator.invalid_cursor_message) from exc
        return self.paginator.respond(request, page, ClientListRowSerializer(page.clients, many=True).data)

    @extend_schema(request=ClientSearchSerializer, responses=ClientSearchResultSerializer)
    @action(detail=False, methods=["post"])
    def search(self, request):
        """Search in the request body: a name or personal code in a query string would end up in
        access logs, proxies and browser history (ADR 0017)."""
        data = ClientSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = access.find_clients(request.actor, data.validated_data["q"].strip())
        if not result.searched:
            raise ValidationError({"q": [result.note()]})
        found = result.clients
        return Response({"count": len(found), "more": result.more, "message": result.note(),
                         "results": ClientSummarySerializer(found, many=True).data})

    def get_object(self):
        try:
            return access.get_client(self.request.actor, self.kwargs["case_number"])
        except Http404 as exc:
            raise NotFound from exc

    @extend_schema(request=ClientInputSerializer, responses={201: ClientSerializer})
    def create(self, request, *args, **kwargs):
        data = ClientInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            client = services.create_client(request.actor, data.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ClientSerializer(client).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClientInputSerializer, responses=ClientSerializer)
    def update(self, request, *args, **kwargs):
        client = self.get_object()
        partial = kwargs.pop("partial", False)
        data = ClientInputSerializer(data=request.data, partial=partial, context={"client": client})
        data.is_valid(raise_exception=True)
        try:
            client = services.update_client(request.actor, client, data.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ClientSerializer(client).data)


# --- consent to share ---------------------------------------------------------------------


class ConsentFileRenderer(documents.FileRenderer, renderers.BaseRenderer):
    media_type = "*/*"


class ConsentSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.case_number", read_only=True)
    recipient_name = serializers.CharField(source="recipient.name", read_only=True)
    state = serializers.CharField(read_only=True)
    has_signed_form = serializers.SerializerMethodField()
    withdrawn_by = serializers.CharField(source="withdrawn_by.username", read_only=True, allow_null=True,
                                         default=None)
    given_at = serializers.CharField(source="recorded_at_organisation.name", read_only=True, allow_null=True,
                                     default=None, help_text="The office where the consent was signed and "
                                     "recorded, when not at the client's own organisation")

    class Meta:
        model = Consent
        fields = ["id", "client", "recipient", "recipient_name", "categories", "purpose", "valid_from",
                  "valid_until", "method", "has_signed_form", "given_at", "recorded_at", "withdrawn_at",
                  "withdrawn_by", "state"]
        read_only_fields = fields

    def get_has_signed_form(self, obj) -> bool:
        return obj.signed_form_id is not None


class ConsentInputSerializer(serializers.Serializer):
    """Validates the shape only; the rules (another organisation, dates, signed form) are the service's."""

    client = serializers.CharField(max_length=20, help_text="The client's case number")
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(),
                                                   help_text="The organisation the information may be shared with")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=ConsentCategory.choices),
                                       allow_empty=True)
    purpose = serializers.CharField(max_length=1000, allow_blank=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    signed_form = serializers.FileField(required=False, allow_null=True, default=None,
                                        help_text="The signed form (PDF, PNG or JPEG); required for signed_form")


class SharedIdentitySerializer(serializers.Serializer):
    given_names = serializers.CharField()
    surname = serializers.CharField()
    personal_code = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)


class SharedContactSerializer(serializers.Serializer):
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()


class SharedClientSerializer(serializers.Serializer):
    """Only the consented fields: a category without consent is null."""

    case_number = serializers.CharField()
    provider = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField())
    identity = SharedIdentitySerializer(allow_null=True)
    contact = SharedContactSerializer(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)


class SharedEntrySerializer(serializers.Serializer):
    case_number = serializers.CharField()
    provider = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField())
    valid_until = serializers.DateField(allow_null=True)


CONSENT_FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The signed form, as an attachment"),
    404: OpenApiResponse(description="Not found, or not yours to see"),
}


class ConsentViewSet(viewsets.GenericViewSet):
    """Consents to share: managed by the client's case team; the ``shared`` endpoints are what
    a recipient organisation sees under them."""

    permission_classes = [MayOpenPersonalData]
    serializer_class = ConsentSerializer
    pagination_class = None
    # Only for the schema generator: every real read goes through the access functions.
    queryset = Consent.objects.none()
    lookup_value_regex = r"\d+"

    def _consent(self, pk):
        try:
            return access.get_consent(self.request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc

    @extend_schema(parameters=[OpenApiParameter("client", str, required=True, description="The client's case number")],
                   responses=ConsentSerializer(many=True))
    def list(self, request):
        """The consents of one client (withdrawn and expired too)."""
        try:
            client = access.get_client(request.actor, request.query_params.get("client", ""))
        except Http404 as exc:
            raise NotFound from exc
        return Response(ConsentSerializer(access.consents_of(request.actor, client), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ConsentSerializer(self._consent(pk)).data)

    @extend_schema(request={"multipart/form-data": ConsentInputSerializer, "application/json": ConsentInputSerializer},
                   responses={201: ConsentSerializer})
    def create(self, request):
        data = ConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        try:
            client = access.get_client(request.actor, d.pop("client"))
        except Http404 as exc:
            raise NotFound from exc
        signed_form = d.pop("signed_form", None)
        try:
            consent = services.record_consent(request.actor, client, d, signed_form)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [parsers.MultiPartParser(), parsers.FormParser(), BoundedJSONParser()]
        return super().get_parsers()

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The person withdraws the consent; it stops counting at once."""
        consent = self._consent(pk)
        try:
            consent = services.withdraw_consent(request.actor, consent.client, consent)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise_as_api(exc)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(responses=CONSENT_FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path="form",
            renderer_classes=[renderers.JSONRenderer, ConsentFileRenderer])
    def signed_form(self, request, pk=None):
        """Download the signed consent form (the case team; recorded as an export)."""
        try:
            consent, document = access.get_consent_form(request.actor, int(pk))
        except (Http404, ValueError) as exc:
            raise NotFound from exc
        extension = documents.EXTENSIONS.get(document.content_type, "bin")
        return documents.download(document.content, document.content_type,
                                  f"piekrisana-{consent.client.case_number}-{consent.pk}.{extension}")

    @extend_schema(responses=SharedEntrySerializer(many=True))
    @action(detail=False, methods=["get"], url_path="shared-with-us")
    def shared_with_us(self, request):
        """Clients of other organisations whose consent in force names the actor's organisation."""
        try:
            entries = access.shared_with_us(request.actor)
        except Http404 as exc:
            raise NotFound from exc
        return Response(SharedEntrySerializer(entries, many=True).data)

    @extend_schema(responses={200: SharedClientSerializer, 404: OpenApiResponse(description="No consent in force")})
    @action(detail=False, methods=["get"], url_path=r"shared-with-us/(?P<case_number>[A-Za-z0-9-]+)")
    def shared_client(self, request, case_number=None):
        """Exactly the consented identity and contact fields of another organisation's client."""
        try:
            shared = access.get_shared_client(request.actor, case_number)
        except Http404 as exc:
            raise NotFound from exc
        return Response(SharedClientSerializer(shared).data)
