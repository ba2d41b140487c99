"""The public directory of help over the API: the same data and open-now labels as the page,
read-only, no sign-in (the data is public). Staff notes are never included."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Situation
from .selectors import directory

LANGUAGES = ("lv", "en", "ru", "uk")


class PublicReadOnly(BasePermission):
    """Public, published data: reading only."""

    def has_permission(self, request, view):
        return request.method in ("GET", "HEAD", "OPTIONS")


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField()
    label = serializers.CharField()
    is_24_7 = serializers.BooleanField(help_text="Only when the sources say this number answers round the clock")


class HoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday")
    # Shown as the directory shows them ("10:00", Riga time): a string with a pattern, because
    # OpenAPI's "time" format would demand seconds and a UTC offset that would mislead.
    opens = serializers.SerializerMethodField(help_text="HH:MM, Riga time")
    closes = serializers.SerializerMethodField(help_text="HH:MM, Riga time; 00:00 is midnight at the end of the day")

    def get_opens(self, obj) -> str:
        return _hhmm(obj, "opens")

    def get_closes(self, obj) -> str:
        return _hhmm(obj, "closes")


def _hhmm(obj, name: str) -> str:
    value = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    return value.strftime("%H:%M") if hasattr(value, "strftime") else str(value)[:5]


class DirectoryEntrySerializer(serializers.Serializer):
    name = serializers.CharField(source="service.name")
    kind = serializers.CharField(source="service.kind")
    description = serializers.CharField(source="service.description")
    address = serializers.CharField(source="service.address")
    email = serializers.CharField(source="service.email")
    website = serializers.CharField(source="service.website")
    online_route_url = serializers.CharField(source="service.online_route_url")
    online_route_label = serializers.CharField(source="service.online_route_label")
    is_24_7 = serializers.BooleanField(source="service.is_24_7")
    is_free = serializers.BooleanField(source="service.is_free")
    closed_on_public_holidays = serializers.BooleanField(source="service.closed_on_public_holidays")
    holiday_hours_published = serializers.BooleanField(source="service.holiday_hours_published")
    open_state = serializers.CharField(source="state.value",
                                       help_text="always, open, closed, unknown or holiday_not_published")
    phones = PhoneSerializer(source="service.phones.all", many=True)
    hours = HoursSerializer(source="service.hours.all", many=True)
    situations = serializers.SerializerMethodField()

    def get_situations(self, obj) -> list[str]:
        return [s.code for s in obj.service.situations.all()]


class DirectoryView(APIView):
    """The directory of help, optionally for one situation, in one of the portal's languages."""

    authentication_classes: list = []
    permission_classes = [PublicReadOnly]

    @extend_schema(
        parameters=[
            OpenApiParameter("situation", str, enum=Situation.values, required=False),
            OpenApiParameter("lang", str, enum=list(LANGUAGES), required=False, description="Default lv"),
        ],
        responses=DirectoryEntrySerializer(many=True),
    )
    def get(self, request):
        situation = request.query_params.get("situation")
        if situation not in Situation.values:
            situation = None
        language = request.query_params.get("lang")
        if language not in LANGUAGES:
            language = "lv"
        with translation.override(language):
            return Response(DirectoryEntrySerializer(directory(situation), many=True).data)
