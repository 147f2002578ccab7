"""drf-spectacular post-processing: the errors every endpoint may answer, documented once.

Every API view answers validation errors (400, unknown query parameters included),
missing or wrong credentials (401/403), hidden or missing objects (404), throttling (429),
and, where it reads a body, bodies too large (413) or not JSON (415) through one exception handler
(`backend.common.errors`), always as {"detail", "code", "fields"?}. Operations that do not
document such a status themselves get it here, so clients and contract tests can rely on
the schema for every answer.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import EmailValidator, RegexValidator
from drf_spectacular import openapi
from drf_spectacular.authentication import SessionScheme, TokenScheme
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERROR_COMPONENT = "ApiError"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API: a message, a stable code, and per-field "
    "messages for invalid input.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}
STANDARD_ERRORS = {
    "400": "Invalid input: `fields` names what is wrong.",
    "401": "Wrong credentials (a bad token).",
    "403": "Not signed in, or not allowed.",
    "404": "No such object, or not visible to you.",
    "429": "Too many requests: see the Retry-After header.",
}
# Every operation that reads a body: the API reads JSON only, and bounds its size.
BODY_ERRORS = {
    "413": "The request body is too large (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    "415": "The body is not JSON (Content-Type: application/json).",
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
# Validators the schema states as a pattern or a format of the field's own.
_OWN_PATTERN = (RegexValidator, EmailValidator)


def add_standard_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_COMPONENT] = ERROR_SCHEMA
    error = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            errors = STANDARD_ERRORS | (BODY_ERRORS if "requestBody" in operation else {})
            for status, description in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": error}},
                    },
                )
    return result


class ApiErrorSerializer(serializers.Serializer[Any]):
    """The body of every error answer: the `ApiError` component of the schema.

    Its component is replaced whole by ERROR_SCHEMA in `add_standard_error_responses`
    (which adds `fields`, a name a serializer cannot declare).
    """

    detail = serializers.CharField()
    code = serializers.CharField()


STATUS_DESCRIPTIONS = {
    **{int(status): text for status, text in STANDARD_ERRORS.items()},
    409: "The object's current state refuses it: `code` says why.",
    410: "Gone: it existed and no longer can be used.",
    413: "The request body is too large.",
}


def error_responses(*statuses: int, **descriptions: str) -> dict[int, OpenApiResponse]:
    """`responses=` entries for the errors an operation documents itself, all `ApiError`.

    `error_responses(404, 409)` uses the standard wording; a keyword such as
    `error_responses(s409="The round is not settled yet.")` words one status for this operation.
    """
    worded = {int(key.lstrip("s")): text for key, text in descriptions.items()}
    return {
        status: OpenApiResponse(
            ApiErrorSerializer, description=worded.get(status, STATUS_DESCRIPTIONS.get(status, ""))
        )
        for status in sorted({*statuses, *worded})
    }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, documenting the body of a DELETE whose view says it
    reads one (`delete_reads_body = True`, with `extend_schema(request=...)`): closing an
    account is confirmed with the password."""

    def _get_request_body(self, direction: str = "request") -> Any:
        if self.method != "DELETE" or not getattr(self.view, "delete_reads_body", False):
            body = super()._get_request_body(direction)
            if body and getattr(self.get_request_serializer(), "min_properties", None):
                body["required"] = True  # an empty body is refused: there must be one
            return body
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"

    def _map_serializer(
        self, serializer: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        """A serializer that refuses an empty body says so: `min_properties = 1`."""
        schema: dict[str, Any] = super()._map_serializer(serializer, direction, bypass_extensions)
        at_least = getattr(serializer, "min_properties", None)
        if at_least and direction == "request":
            schema["minProperties"] = at_least
        return schema

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        """A text field that trims its value and refuses a blank one states it: spaces
        alone are blank, so `pattern` asks for a character other than a space and, with a
        minimum length, for that many characters from the first such one to the last."""
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and _trimmed_required_text(field, schema):
            at_least = max(field.min_length or 1, 1)
            kept = NOT_TRIMMED
            schema["pattern"] = kept if at_least == 1 else rf"{kept}[\s\S]{{{at_least - 2},}}{kept}"
        return schema


# A character the fields' trimming keeps: not one Python's `str.strip` removes. Written out,
# not as `\S`: a schema's pattern is read as ECMA-262, whose `\s` knows neither the
# separators U+001C to U+001F nor U+0085 (which Python strips) and takes U+FEFF (kept).
NOT_TRIMMED = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _trimmed_required_text(field: Any, schema: dict[str, Any]) -> bool:
    """A plain text field that trims spaces and refuses a blank value: not one with a
    format, choices or a pattern of its own (a slug's or a URL's, from its validators,
    which the schema states later and which already refuse spaces)."""
    return (
        isinstance(field, serializers.CharField)
        and field.trim_whitespace
        and not field.allow_blank
        and schema.get("type") == "string"
        and not {"pattern", "format", "enum"} & schema.keys()
        and not any(isinstance(v, _OWN_PATTERN) for v in field.validators)
    )


class ReaderSessionScheme(SessionScheme):
    """The session scheme of `backend.common.authentication`, documented as Django REST
    framework's (the same cookie)."""

    target_class = "backend.common.authentication.SessionAuthentication"


class ReaderTokenScheme(TokenScheme):
    """The token scheme of `backend.common.authentication`, documented as Django REST
    framework's (the same header)."""

    target_class = "backend.common.authentication.TokenAuthentication"
