"""Print a new VAPID key pair for Web Push, as lines for .env.

    python backend/manage.py push_vapid_keys >> .env

Push stays off until both keys are set. Keep the private key secret; changing the pair
invalidates every browser's subscription (they subscribe again on their next visit).
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_vapid_keys() -> tuple[str, str]:
    """(public, private): the public key as browsers take it (applicationServerKey, the
    uncompressed P-256 point), the private key as its raw 32 bytes; both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(public), b64url(private)


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push (PUSH_VAPID_PUBLIC_KEY/PRIVATE_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_vapid_keys()
        self.stdout.write(f"PUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"PUSH_VAPID_PRIVATE_KEY={private}")
