"""The sign-up form's own fields (settings.ACCOUNT_SIGNUP_FORM_CLASS): the display name and
the browser's time zone.

allauth's headless sign-up builds its input from this form, so `POST /_allauth/browser/v1/
auth/signup` takes `display_name` beside the email and password, and refuses a name that is
empty, disguised or confusable with another player's (field error on `display_name`, code
`invalid_name` or `name_confusable`). The email never becomes a public name.

It also takes an optional `time_zone`, the browser's IANA zone, so that a player outside
France sees post times and locks in their own clock from the first visit. A zone the server
does not know is dropped, never refused: nobody should fail to sign up over it, and the
profile's default holds until they change it in their settings.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from backend.common.errors import ApplicationError

from .models import User, validate_time_zone
from .services import display_name_checked


class SignupForm(forms.Form):
    display_name = forms.CharField(max_length=40, required=True, strip=True)
    # No max_length: an over-long value must be dropped like any unknown zone, not refused.
    time_zone = forms.CharField(required=False, strip=True)

    def clean_display_name(self) -> str:
        try:
            return display_name_checked(self.cleaned_data["display_name"], User())
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean_time_zone(self) -> str:
        """The zone when it is one the server knows, else "" (the profile keeps its default)."""
        zone: str = self.cleaned_data.get("time_zone") or ""
        try:
            validate_time_zone(zone)
        except forms.ValidationError:
            return ""
        return zone

    def signup(self, request: HttpRequest, user: Any) -> None:
        """Required by allauth; the adapter's save_user already stored the name."""
