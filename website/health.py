"""/healthz: whether this server can reach its database and its cache, for load balancers.

Two checks, each as cheap as it can be while still proving the service answers: a trivial
query, and a short-lived cache key written and read back. 200 when both pass, 503 naming the
one that failed (the reason goes to the log, not to whoever asks). Never cached by anyone,
and no session: it reads none and starts none.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Long enough to read the key back, short enough that a check that dies in between leaves
# nothing behind for long.
CACHE_CHECK_SECONDS = 10


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def cache_answers() -> bool:
    # A key of its own per check: servers and threads checking at once never read each other's.
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, key, timeout=CACHE_CHECK_SECONDS)
        kept = cache.get(key) == key
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return False
    if not kept:
        logger.error("Health check: the cache did not keep a value it was given.")
    return kept


@require_safe
@never_cache
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            **{name: "ok" if passed else "error" for name, passed in checks.items()},
        },
        status=200 if healthy else 503,
    )
