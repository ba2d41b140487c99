"""REST API: the published figures and the report tables as JSON (the same as the page), and the
national de-identified HTCDS dataset (the same as ``/statistics/htcds-national.csv``).

Every cell is a count, ``null`` (unknown) or ``"x"`` (suppressed). The national view is
disclosure-controlled; a provider's administrator gets its own organisation's figures. The
national dataset is the national statistician's only, k-anonymous (``anonymity.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from atbalsts.accounts.permissions import IsVerifiedStaff
from atbalsts.audit.log import record
from atbalsts.audit.models import Action

from . import access, anonymity, dashboard, figures, reports
from .exports import shown
from .forms import PeriodForm
from .models import StatisticalRecord
from .views import LAYOUTS


class MaySeeStatistics(BasePermission):
    """The coordinator's statistician or a provider's administrator, with a second factor (403 otherwise)."""

    def has_permission(self, request, view):
        return IsVerifiedStaff().has_permission(request, view) and access.viewer(request.actor) is not None


CELL_HELP = "A count, null when unknown, or \"x\" when suppressed by disclosure control."


class TableSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    rows = serializers.ListField(child=serializers.CharField())
    row_codes = serializers.ListField(child=serializers.CharField())
    columns = serializers.ListField(child=serializers.CharField())
    column_codes = serializers.ListField(child=serializers.CharField())
    cells = serializers.JSONField(help_text=f"Rows of cells. {CELL_HELP}")
    row_totals = serializers.JSONField(help_text=CELL_HELP)
    column_totals = serializers.JSONField(help_text=CELL_HELP)
    grand_total = serializers.JSONField(help_text=CELL_HELP)
    threshold = serializers.IntegerField(help_text="The suppression threshold applied; 0 for unsuppressed own figures")
    suppressed = serializers.IntegerField(help_text="How many cells are suppressed")


class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    scope = serializers.ChoiceField(choices=["national", "own_organisation"])
    facts = serializers.DictField(child=serializers.CharField(), help_text="Single figures, as shown on the page")
    tables = TableSerializer(many=True)


def table_data(table) -> dict:
    return {
        "code": table.code, "title": table.title, "note": table.note, "rows": table.rows,
        "row_codes": table.row_codes, "columns": table.columns, "column_codes": table.column_codes,
        "cells": [[shown_json(c) for c in line] for line in table.cells],
        "row_totals": [shown_json(c) for c in table.row_totals],
        "column_totals": [shown_json(c) for c in table.column_totals],
        "grand_total": shown_json(table.grand_total), "threshold": table.threshold,
        "suppressed": len(table.suppressed),
    }


def shown_json(cell):
    value = shown(cell)
    return None if value == "" else value


PERIOD_PARAMETERS = [
    OpenApiParameter("period", OpenApiTypes.STR, description="A year (2026), quarter (2026-Q3) or month (2026-05); "
                     "the current year if neither this nor start/end is given"),
    OpenApiParameter("start", OpenApiTypes.DATE, description="A custom period's first day, YYYY-MM-DD"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="A custom period's last day, YYYY-MM-DD"),
]


def _period(request) -> figures.Period:
    today = timezone.localdate()
    params = {k: request.query_params.get(k) for k in ("period", "start", "end") if request.query_params.get(k)}
    if not params:
        return dashboard.default_period(today)
    form = PeriodForm(params, today=today)
    if not form.is_valid():
        raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
    return form.cleaned_data["result"]


class FiguresView(APIView):
    """Every figure of the dashboard for a period, as published tables."""

    permission_classes = [MaySeeStatistics]

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: FiguresSerializer})
    def get(self, request):
        viewer = access.require_viewer(request.actor)
        period = _period(request)
        board = dashboard.build(viewer, period, charts_too=False)
        tables = [t for s in board.sections for t in s.tables] + [board.trend]
        access.record_showing(viewer, period.code, export="api", tables=[t.code for t in tables])
        return Response(FiguresSerializer({
            "period": period.code, "start": period.start, "end": period.end,
            "scope": "national" if viewer.protected else "own_organisation",
            "facts": {label: value for s in board.sections for label, value in s.facts},
            "tables": [table_data(t) for t in tables],
        }).data)


class ReportTableView(APIView):
    """One report table in its submission layout: ``eurostat``, ``glotip`` or ``greta``."""

    permission_classes = [MaySeeStatistics]

    @extend_schema(parameters=[*PERIOD_PARAMETERS, OpenApiParameter(
        "layout", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(LAYOUTS),
        description="eurostat (victims by sex, age, citizenship and form), glotip (UNODC) or greta")],
        responses={200: TableSerializer})
    def get(self, request, layout):
        viewer = access.require_viewer(request.actor)
        if layout not in LAYOUTS:
            raise Http404
        period = _period(request)
        table = reports.publish(reports.LAYOUTS[layout](figures.Scope(period, viewer.organisation_id)), viewer)
        access.record_showing(viewer, period.code, export="api", tables=[layout])
        return Response(TableSerializer(table_data(table)).data)


class MaySeeNationalDataset(BasePermission):
    """The national coordinator's statistician, with a second factor (403 otherwise, and the
    refusal of a signed-in person is recorded, as on the download page)."""

    def has_permission(self, request, view):
        actor = getattr(request, "actor", None)
        found = access.viewer(actor) if IsVerifiedStaff().has_permission(request, view) else None
        if found is not None and found.protected:
            return True
        if actor is not None:
            record(actor, Action.DENIED, object_type=access.OBJECT, object_ref="htcds", purpose=access.P)
        return False


class TooFewRecords(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The dataset has too few records to be published at record level.")
    default_code = "too_few_records"


class NationalDatasetSerializer(serializers.Serializer):
    standard = serializers.CharField(help_text='"HTCDS 2.0"')
    threshold = serializers.IntegerField(
        help_text="k: every combination of quasi-identifier values in the records occurs at least k times")
    rows = serializers.IntegerField(help_text="How many records follow (every record; none is dropped)")
    quasi_identifiers = serializers.ListField(
        child=serializers.CharField(), help_text="The columns on which the records are k-anonymous")
    generalised = serializers.DictField(child=serializers.CharField(),
                                        help_text='What was coarsened: {"months": "year"}')
    suppressed_values = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per quasi-identifier column, how many values were blanked")
    suppressed_values_total = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField(),
                                    help_text="The HTCDS 2.0 columns (ours start with ext_), in record order")
    records = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_blank=True)),
        help_text="One list of cells per record, in the order of columns; \"\" = blank "
                  "(unknown, or suppressed for k-anonymity)")


class DatasetRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was exported, in the user's language")


def dataset_json(summary: dict, rows: Iterator[list[str]]) -> Iterator[str]:
    """The JSON document a piece at a time: the metadata, then one record per piece."""
    header = next(rows)
    head = json.dumps({**summary, "columns": header}, ensure_ascii=False)
    yield head[:-1] + ', "records": ['
    first = True
    for row in rows:
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]}\n"


class NationalDatasetView(APIView):
    """The national de-identified dataset (HTCDS 2.0) of the real organisations' records,
    k-anonymous, with what its disclosure control did: the same rows as
    ``/statistics/htcds-national.csv``, as JSON. Streamed; every answer is an export in the
    audit trail. The national statistician only."""

    permission_classes = [MaySeeNationalDataset]

    @extend_schema(
        operation_id="statistics_htcds_national_dataset",
        responses={
            200: NationalDatasetSerializer,
            409: OpenApiResponse(response=DatasetRefusalSerializer,
                                 description="Fewer records than k: the dataset cannot be published at record "
                                             "level (a message in the user's language)."),
        },
    )
    def get(self, request):
        viewer = access.require_viewer(request.actor)
        if not viewer.protected:  # the permission let only the national view through
            raise Http404
        records = StatisticalRecord.objects.filter(import_batch__isnull=True)
        try:
            export = anonymity.national_export(records, threshold=reports.threshold())
        except DjangoValidationError as exc:
            raise TooFewRecords(" ".join(exc.messages)) from exc
        access.record_showing(viewer, "htcds", export="api", tables=["htcds_national"], detail=export.summary)
        response = StreamingHttpResponse(dataset_json(export.summary, export.records()),
                                         content_type="application/json; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
