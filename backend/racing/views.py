"""The runners' silks, served from our origin (backend/racing/services/silks.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from backend.racing.models import Runner
from backend.racing.services.silks import SilksUnavailableError, silks_png

# The URL names the image's version (its feed address, see silks_path): cached for long.
CACHE_SECONDS = 7 * 24 * 3600


@require_safe
def runner_silks(request: HttpRequest, runner_id: int) -> HttpResponse:
    """A runner's silks as a PNG (public, as race cards are); 404 when there are none."""
    runner = get_object_or_404(Runner.objects.only("id", "silks_url"), pk=runner_id)
    try:
        image = silks_png(runner)
    except SilksUnavailableError:
        raise Http404("No silks for this runner.") from None
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
