"""drf-spectacular post-processing: the errors every endpoint may answer, documented once.

Every API view answers validation errors (400), missing or wrong credentials (401/403),
hidden or missing objects (404) and throttling (429) through one exception handler
(`backend.common.errors`), always as {"detail", "code", "fields"?}. Operations that do not
document such a status themselves get it here, so clients and contract tests can rely on
the schema for every answer.
"""

from __future__ import annotations

from typing import Any

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
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def add_standard_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_COMPONENT, ERROR_SCHEMA)
    error = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in STANDARD_ERRORS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": error}},
                    },
                )
    return result
