"""The sign-up form's own field (settings.ACCOUNT_SIGNUP_FORM_CLASS): the display name.

allauth's headless sign-up builds its input from this form, so `POST /_allauth/browser/v1/
auth/signup` takes `display_name` beside the email and password, and refuses a name that is
empty, disguised or confusable with another player's (field error on `display_name`, code
`invalid_name` or `name_confusable`). The email never becomes a public name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from backend.common.errors import ApplicationError

from .models import User
from .services import display_name_checked


class SignupForm(forms.Form):
    display_name = forms.CharField(max_length=40, required=True, strip=True)

    def clean_display_name(self) -> str:
        try:
            return display_name_checked(self.cleaned_data["display_name"], User())
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def signup(self, request: HttpRequest, user: Any) -> None:
        """Required by allauth; the adapter's save_user already stored the name."""
