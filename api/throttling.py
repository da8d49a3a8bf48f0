"""How many requests a client may make: `API_THROTTLE_RATE` (DJANGO_API_THROTTLE) per address."""

import ipaddress

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from config.security import client_ip_address


def client_key(address: str | None) -> str:
    """The client an address belongs to: an IPv4 address itself, an IPv6 address by its /64
    prefix (one home or server is given a whole /64 and may pick any address in it)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or ""
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:  # an IPv4 client seen through an IPv6 socket
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


class ClientAddressThrottle(AnonRateThrottle):
    """Every client is anonymous to the API: each address (an IPv6 one by its /64) may make
    `API_THROTTLE_RATE` requests in a sliding window, then gets 429 with Retry-After.

    The address is the one the admin's login throttling uses (`config.security`): REMOTE_ADDR,
    or behind DJANGO_TRUSTED_PROXIES proxies of ours the entry they appended to X-Forwarded-For,
    so a client cannot pick a new address by writing the header itself.

    The window is kept in the "throttle" cache, not the pages' one, whose culling would forget
    it: Redis when REDIS_URL is set, else each worker process's memory (the limit then holds
    per process).
    """

    cache = caches["throttle"]

    def get_rate(self):
        # Read per request rather than once at import, so that a changed setting applies.
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_key(client_ip_address(request))
