"""How many requests a client may make: `API_THROTTLE_RATE` (DJANGO_API_THROTTLE) per address."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from config.security import client_ip_address


class ClientAddressThrottle(AnonRateThrottle):
    """Every client is anonymous to the API: each address may make `API_THROTTLE_RATE` requests
    (a sliding window kept in the default cache), then gets 429 with Retry-After.

    The address is the one the admin's login throttling uses (`config.security`): REMOTE_ADDR,
    or behind DJANGO_TRUSTED_PROXIES proxies of ours the entry they appended to X-Forwarded-For,
    so a client cannot pick a new address by writing the header itself.
    """

    def get_rate(self):
        # Read per request rather than once at import, so that a changed setting applies.
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip_address(request) or ""
