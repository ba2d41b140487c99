"""Paging by position for the API's case-work lists (:mod:`atbalsts.lib.keyset`; ADR 0020t).

The same order and signed position links as the list's page: ``next`` carries ``after``,
``previous`` carries ``before``, in the envelope ``{"next", "previous", "results"}``. No offset and
no count: a deep page costs what the first does, and a row added or changed between two requests
neither repeats nor hides another. A link the list did not make is a 400 naming the parameter.

Each list subclasses :class:`PositionPaging` with the path of its examples in the schema.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from . import keyset


class PositionPaging(BasePagination):
    # The list's path under /api/, for the schema's examples.
    example_path = ""
    bad_link_message = _("This page link is not valid: it may have been changed, cut short or be for another list.")

    def paginate(self, request, read):
        """The rows of the page the request's position link names, read by ``read(after=, before=)``;
        a link the list did not make is a 400 naming the parameter."""
        self.request = request
        after, before = request.query_params.get("after", ""), request.query_params.get("before", "")
        try:
            self.page = read(after=after, before=before)
        except keyset.BadCursor as exc:
            raise ValidationError({"after" if after else "before": [self.bad_link_message]}) from exc
        return self.page.rows

    def _link(self, name: str, token: str | None) -> str | None:
        if token is None:
            return None
        url = remove_query_param(remove_query_param(self.request.build_absolute_uri(), "after"), "before")
        return replace_query_param(url, name, token)

    def get_paginated_response(self, data):
        return Response({"next": self._link("after", self.page.next_cursor),
                         "previous": self._link("before", self.page.previous_cursor), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        example = f"https://atbalsts.example/api/{self.example_path}"
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last one",
                         "example": f"{example}?after=eyJ..."},
                "previous": {**link, "description": "The page before, or null on the first one",
                             "example": f"{example}?before=eyJ..."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def parameter(name, description):
            return {"name": name, "required": False, "in": "query", "description": description,
                    "schema": {"type": "string"}}

        return [parameter("after", "The position of the page's previous row: as found in a `next` link, opaque"),
                parameter("before", "The position of the page's next row: as found in a `previous` link, opaque")]
