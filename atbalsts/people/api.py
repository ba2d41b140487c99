"""REST API for clients: the same access and service functions as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from atbalsts.accounts.permissions import MayOpenPersonalData

from . import access, services
from .forms import ClientForm, normalise_personal_code
from .models import Client, FamilyMember


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


class NewestFirst(CursorPagination):
    """Stable paging without counting the whole caseload."""

    ordering = ("-created_at", "-id")
    page_size = 50


class ClientViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [MayOpenPersonalData]
    lookup_field = "case_number"
    serializer_class = ClientSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no actor
            return Client.objects.none()
        return access.clients_visible_to(self.request.actor).order_by("-created_at")

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Case number, name, date of birth or personal code")],
        responses=ClientSummarySerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "").strip()
        if q:
            found = access.search_clients(request.actor, q)
            return Response({"count": len(found), "results": ClientSummarySerializer(found, many=True).data})
        page = self.paginate_queryset(self.get_queryset().only(*access.LIST_FIELDS))
        access.list_clients(request.actor, page)
        return self.get_paginated_response(ClientSummarySerializer(page, many=True).data)

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
