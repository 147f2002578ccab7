"""Reading a request's input: one way for bodies and one for query parameters.

Query parameters are validated as plain values, not as an HTML form: an empty `?window=` is
an empty string the serializer judges (400 when it is not allowed), never silently the
default; a parameter given twice is refused rather than one of its values picked.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request


def valid(
    serializer_class: type[serializers.Serializer[Any]],
    data: Any,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`data` validated by `serializer_class` (400 `invalid` with its `fields` otherwise)."""
    serializer = serializer_class(data=data, context=context or {})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def query_valid(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """The request's query parameters validated by `serializer_class` (400 otherwise)."""
    params = request.query_params
    repeated = {name: [_("Give this parameter once.")] for name, v in params.lists() if len(v) > 1}
    if repeated:
        raise serializers.ValidationError(repeated)
    return valid(serializer_class, {name: params[name] for name in params}, {"query": True})


_TEXT_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.UUIDField,
)


def _json_type_error(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """What is wrong with a JSON value's type for `field`, or None: no coercion, so 0 is
    not "0", "1" is not 1 and 0 is not false. Null is left to the field (allow_null)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is None:
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else _("Expected true or false.")
    if isinstance(field, serializers.IntegerField):
        return None if number and isinstance(value, int) else _("Expected a whole number.")
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return None if number else _("Expected a number.")
    if isinstance(field, _TEXT_FIELDS):
        return None if isinstance(value, str) else _("Expected a string.")
    return None


def _too_long(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """DRF's own message when a string is longer than `field`'s max_length as sent, or None.
    The field trims before its length check, but the schema's maxLength bounds the string
    sent: "a" and 70 spaces is not a name of at most 60 characters."""
    limit = field.max_length if isinstance(field, serializers.CharField) else None
    if limit is None or not isinstance(value, str) or len(value) <= limit:
        return None
    return str(field.error_messages["max_length"]).format(max_length=limit)


def _error_as_sent(
    field: serializers.Field[Any, Any, Any, Any], value: Any, *, query: bool
) -> str | None:
    """What is wrong with `value` as sent, before `field` reads it, or None: its JSON type
    (a query parameter is always text), then its length."""
    return (None if query else _json_type_error(field, value)) or _too_long(field, value)


class JsonInput(serializers.Serializer[Any]):
    """An input serializer for JSON bodies and query parameters, checking each value as
    sent before the fields read it (400, naming the field), as the schema promises: a JSON
    value of the wrong type is refused instead of coerced (query parameters, all text, are
    not type-checked), and a string longer than its field's max_length is refused before
    the field trims it."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            query = bool(self.context.get("query"))
            errors = {
                name: _error_as_sent(field, data[name], query=query)
                for name, field in self.fields.items()
                if name in data and not field.read_only
            }
            wrong = {name: [error] for name, error in errors.items() if error}
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)
