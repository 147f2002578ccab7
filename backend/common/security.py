"""HTTP hardening that Django's SecurityMiddleware does not do: a Content-Security-Policy on
every response, and a Retry-After on every 429.

Settings:
- CONTENT_SECURITY_POLICY: the policy of the web app, the API and everything else.
- CONTENT_SECURITY_POLICY_RELAXED: {path prefix: policy} for the pages that need more
  (the most specific prefix wins). Empty by default: the admin and the API docs
  (drf-spectacular's split Swagger view, no inline script) live with the strict policy.
- RETRY_AFTER_DEFAULT_SECONDS: what a 429 without its own Retry-After says (allauth's
  rate limits answer 429 without one).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def policy_for(path: str) -> str:
    """The policy for a request path: the longest matching relaxed prefix, else the default."""
    relaxed: dict[str, str] = getattr(settings, "CONTENT_SECURITY_POLICY_RELAXED", {})
    for prefix in sorted(relaxed, key=len, reverse=True):
        if path.startswith(prefix):
            return relaxed[prefix]
    return str(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY))


class ContentSecurityPolicyMiddleware:
    """Sets Content-Security-Policy on every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = policy_for(request.path)
            if policy:
                response["Content-Security-Policy"] = policy
        return response


class RetryAfterMiddleware:
    """Every 429 tells the client when to come back.

    DRF's throttles compute their own Retry-After; allauth's rate limits (login, sign-up,
    password reset) answer a bare 429, which gets the configured default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(getattr(settings, "RETRY_AFTER_DEFAULT_SECONDS", 60))
        return response
