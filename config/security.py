"""Request-level security helpers that settings point to by dotted path."""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    """The address a login attempt came from, for django-axes (`AXES_CLIENT_IP_CALLABLE`).

    With no trusted proxy (`TRUSTED_PROXY_COUNT = 0`) that is REMOTE_ADDR, whatever headers the
    client sends. Behind N proxies of ours, each appends the address it was connected from to
    X-Forwarded-For, so the client is the Nth entry from the right; anything further left was
    written by the client and is ignored. A request that did not pass through all N proxies, or
    whose entry is not an address, falls back to REMOTE_ADDR.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote_addr
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr
