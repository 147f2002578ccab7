"""Who is asking: the client address behind the configured number of trusted proxies.

`TRUSTED_PROXY_COUNT` (environment, default 0) says how many reverse proxies stand in front
of Paddock, each appending the address it received the request from to X-Forwarded-For.
With 0, X-Forwarded-For is ignored entirely (a client can write anything there); with N,
the client is the N-th address from the right, the one the outermost trusted proxy saw.
Every rate limit (DRF's throttles, allauth's login and sign-up limits) identifies clients
through `client_ip`, so a forged header never dodges a limit.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as the outermost trusted proxy saw it (REMOTE_ADDR with none)."""
    count = int(settings.TRUSTED_PROXY_COUNT)
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if count > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            # Fewer entries than proxies: the request skipped a proxy; take the leftmost.
            candidate = forwarded[-min(count, len(forwarded))]
            return _clean(candidate) or remote
    return _clean(remote) or "unknown"


def _clean(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""
