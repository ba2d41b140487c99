"""Plain helpers for the JSON API of every stage: input that cannot hurt the server."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Nothing the API accepts is nested more than a few levels (an object with a list of objects);
# 32 leaves room for growth and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 32


def _depth_exceeds(body: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit``; one pass, no recursion,
    so a body of 100,000 opening brackets is refused before the decoder sees it."""
    depth = 0
    in_string = escaped = False
    for char in body:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser with a bound on nesting: too deep is a 400 with a message, never a
    RecursionError (a server error)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            body = stream.read().decode(encoding) if stream is not None else ""
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not valid text.")) from exc
        if _depth_exceeds(body, MAX_JSON_DEPTH):
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(limit)s levels).") % {"limit": MAX_JSON_DEPTH}
            )
        try:
            return json.loads(body, parse_constant=self._refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The request body is not valid JSON.")) from exc

    @staticmethod
    def _refuse_constant(name):
        # NaN and Infinity are not JSON; DRF refuses them in strict mode too.
        raise ValueError(name)


_ERROR = {
    "type": "object",
    "properties": {"detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
    "additionalProperties": True,
    "description": "A message in the user's language; for invalid input, the messages by field.",
}
_ERRORS = {
    "400": "Invalid input: the messages say what to change; nothing was saved.",
    "403": "Not signed in with a second factor, or a role that may never use this endpoint.",
    "404": "Missing, or not yours: the answer does not say which.",
    "405": "The method is not allowed for this address.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing: every operation documents the answers every endpoint
    can give besides its success, so a client (and the fuzzing in the tests) can rely on them."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", _ERROR)
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in _ERRORS.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
