"""The runners' silks: our own copy of the image the feed publishes (PMU's `urlCasaque`).

Pages show silks from our origin only (the CSP allows no third-party image): the first ask
for a runner's silks fetches the feed's image, from an allowed host only
(`PADDOCK_SILKS_HOSTS`), checks it is a small picture, re-encodes it as a PNG of at most
SIZE px and keeps it (`racing.Silks`, one row per address, shared by every runner and every
re-import that names it). A failed fetch is not tried again for FAILED_SECONDS.
"""

from __future__ import annotations

import hashlib
import io
import logging
from urllib.parse import urlsplit

import requests
from django.core.cache import cache
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from backend.racing.conf import racing_settings
from backend.racing.models import Runner, Silks

log = logging.getLogger(__name__)

MAX_BYTES = 256 * 1024  # a feed's silks image is a few kilobytes
MAX_SIDE = 1024  # pixels, before scaling down
SIZE = 96  # the longest side of the copy we serve, in pixels
FAILED_SECONDS = 3600
TIMEOUT = (3.05, 5.0)  # connect, read


class SilksUnavailableError(Exception):
    """No silks to show: none given, a host not allowed, a failed fetch or not an image."""


def allowed(url: str) -> bool:
    """Whether the address is https or http on one of the allowed hosts (or a subdomain)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    hosts = [h.strip().lower() for h in racing_settings().silks_hosts.split(",") if h.strip()]
    return parts.scheme in ("http", "https") and any(
        host == h or host.endswith("." + h) for h in hosts
    )


def normalise(data: bytes) -> bytes:
    """The image as a PNG of at most SIZE px a side; SilksUnavailableError if it is not one."""
    if len(data) > MAX_BYTES:
        raise SilksUnavailableError(f"{len(data)} bytes is too large for silks")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "GIF", "JPEG", "WEBP"):
                raise SilksUnavailableError(f"not a picture format we copy: {image.format}")
            if max(image.size) > MAX_SIDE:
                raise SilksUnavailableError(f"{image.size} is too large for silks")
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SilksUnavailableError(f"not an image: {exc}") from exc
    picture.thumbnail((SIZE, SIZE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _download(url: str) -> bytes:
    try:
        with requests.get(url, timeout=TIMEOUT, stream=True) as response:
            response.raise_for_status()
            data = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise SilksUnavailableError(f"fetching {url} failed: {exc}") from exc
    return bytes(data)


def _failed_key(url: str) -> str:
    return "racing:silks-failed:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def silks_png(runner: Runner) -> bytes:
    """The runner's silks as our PNG, fetched and kept on the first ask."""
    url = runner.silks_url
    if not url:
        raise SilksUnavailableError("the feed gave no silks for this runner")
    stored = Silks.objects.filter(url=url).values_list("image", flat=True).first()
    if stored is not None:
        return bytes(stored)
    if not allowed(url):
        raise SilksUnavailableError(f"{urlsplit(url).hostname} is not an allowed silks host")
    if cache.get(_failed_key(url)):
        raise SilksUnavailableError(f"fetching {url} failed recently")
    try:
        image = normalise(_download(url))
    except SilksUnavailableError as exc:
        log.warning("silks unavailable: %s", exc)
        cache.set(_failed_key(url), value=True, timeout=FAILED_SECONDS)
        raise
    try:
        with transaction.atomic():
            Silks.objects.create(url=url, image=image)
    except IntegrityError:
        pass  # another request kept the same image first
    return image
