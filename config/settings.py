"""Settings for the summit site, read from the environment.

Every setting a deployment changes comes from an environment variable listed in the README;
the defaults are the safe ones (debug off, SQLite in the project folder, local-memory cache).
"""

import datetime
import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """Read a 0/1 environment flag; anything else is a configuration error, not a silent guess."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")
    return value == "1"


def env_count(name: str, default: int) -> int:
    """Read a whole number of zero or more from the environment; anything else is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number (0 or more), not {value!r}.")
    return int(value)


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Read one of a few named values from the environment; anything else is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.")
    return value


THROTTLE_RATE = re.compile(r"[1-9][0-9]*/(second|minute|hour|day|sec|min|s|m|h|d)")


def env_rate(name: str, default: str) -> str:
    """Read a request rate such as "120/min" (Django REST framework's form); anything else is
    an error at start-up rather than at the first request."""
    value = os.environ.get(name) or default
    if not THROTTLE_RATE.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, such as "
            f"120/min, not {value!r}."
        )
    return value


DEBUG = env_flag("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - debug only

ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host.strip()
]
if DEBUG:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch the right forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "reversion",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "summit",
    "parks",
    "website",
    "schedules",
    "importer",
    "backups",
    "api",
]

MIDDLEWARE = [
    # HTTPS redirect, and HSTS, nosniff, referrer and opener policies on every response, static
    # files included.
    "django.middleware.security.SecurityMiddleware",
    # CORS headers for /api/ (GET from any origin), on every response there: the cached ones and
    # 304s the page cache answers, and the errors the middleware below may answer.
    "corsheaders.middleware.CorsMiddleware",
    # Static files are answered here: nothing below runs for them (no policy built for a CSS file).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in a query string or form field is a 400 before any page or the cache reads it.
    "website.middleware.RefuseNulCharacters",
    # Anonymous visitors' public pages from the cache, and 304 when they already have the
    # current version (website.cache), without the work of the middleware below: the stored
    # response carries their headers (policy, language, frame options).
    "website.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a lockout flagged during the login view into a 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "website.context_processors.alternates",
                "website.context_processors.typography",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_count("DJANGO_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
# Connections. A gunicorn sync worker serves one request at a time, so one connection kept open
# per worker (for DJANGO_CONN_MAX_AGE seconds, checked before reuse) is all it needs: that is the
# default, for SQLite too (opening one runs its pragmas below, about a millisecond a request).
# A PostgreSQL pool (psycopg_pool, at most DJANGO_DB_POOL_SIZE connections per process) earns its
# place with threaded workers (`--threads`), where it lets many threads share fewer connections;
# it replaces persistent connections (Django refuses both).
DB_POOL_SIZE = env_count("DJANGO_DB_POOL_SIZE", default=0)
if DB_POOL_SIZE:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DJANGO_DB_POOL_SIZE needs PostgreSQL (DATABASE_URL=postgres://…); unset it for SQLite."
        )
    if os.environ.get("DJANGO_CONN_MAX_AGE", "0") not in ("", "0"):
        raise ImproperlyConfigured(
            "DJANGO_DB_POOL_SIZE and DJANGO_CONN_MAX_AGE exclude each other: the pool keeps "
            "its connections open itself. Unset DJANGO_CONN_MAX_AGE (or set it to 0)."
        )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_SIZE,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web app writes from several threads and processes: WAL lets readers run beside the
    # writer, the busy timeout waits instead of failing with "database is locked", and
    # IMMEDIATE transactions take the write lock up front so they never deadlock on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "summit",
        },
        # The API's request counts (api.throttling), apart from the pages they must outlive.
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "summit-throttle",
        },
    }
else:
    # Each worker keeps the pages it rendered; the content version they are stored under is
    # shared through a file beside the database (website.cache explains, and
    # benchmarks/cache_backends.py measures the alternatives).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # The API's request counts, per worker process (api.throttling).
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
# How long browsers and proxies may keep a public page without asking again (Cache-Control
# max-age), never past a scheduled record's publish time; after that, they ask with the ETag
# and get 304 Not Modified while the content is unchanged.
PUBLIC_CACHE_SECONDS = 60
# The longest a page is served from the server's cache. A change to content replaces it at
# once (website.cache); this bounds what a change behind the ORM's back may leave stale.
PAGE_CACHE_SECONDS = 600
# Sessions must be found by whichever server the next request reaches. Without Redis they stay
# in the database (Django's default), which every server shares. With Redis, `cached_db` reads
# them from the cache and writes them through to the database, rather than keeping them in the
# cache alone: a Redis restart or eviction under memory pressure (it is a cache) then costs a
# database read, not every editor's login and the form they were filling in.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username and address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: it is the language of the sources and of most visitors; English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# Where Django's date formats are not how readers write dates (config/formats/<language>/).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans", "en"), "zh-hans": ("en",)}

TAGGIT_CASE_INSENSITIVE = True

# DJANGO_STATIC_URL=https://cdn.example.org/static/ links the static files from a CDN, which
# fetches each one from any server's whitenoise (same path) and keeps it: the names carry a
# hash of the content, so a file never changes under its name. The policy below allows it.
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "") or "static/"
_static_address = urlsplit(STATIC_URL)
if not STATIC_URL.endswith("/") or (
    (_static_address.scheme or _static_address.netloc)
    and not (_static_address.scheme == "https" and _static_address.netloc)
):
    raise ImproperlyConfigured(
        "DJANGO_STATIC_URL must be a path (/static/) or an https:// address "
        f"(https://cdn.example.org/static/), ending with a slash, not {STATIC_URL!r}."
    )
STATIC_ORIGINS = [f"https://{_static_address.netloc}"] if _static_address.netloc else []
# Where `collectstatic` gathers them, and whitenoise serves them from.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"
# A schedule checked in the admin travels back with its confirmation (schedules.admin): a 5 MB
# frab file is about 7 MB in the form. Django's default (2.5 MB) would refuse large ones.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
# A file posted to a view with a size limit (the article import) is skipped once it passes the
# limit, before anything stores it (importer/uploads.py); then Django's own handlers.
FILE_UPLOAD_HANDLERS = [
    "importer.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Shown in titles, feeds and structured data.
SITE_NAME = "张江细胞治疗国际峰会 · Zhangjiang Cell Therapy Summit"

# Production hardening: on whenever debug is off; `manage.py check --deploy` must stay silent.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers check /healthz over plain HTTP on each server, past the proxy that redirects
# visitors to HTTPS: a redirect there would read as a failed check.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # check --deploy only accepts the production warning silenced for SSL redirect when a
    # proxy does it; everything else must hold.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

# Content-Security-Policy on every response (django-csp): scripts, styles and everything else
# only from this site, so injected markup can neither run script nor load from elsewhere.
# The JSON-LD blocks are data (type="application/ld+json"), which script-src does not govern.
# A CDN serving the static files (DJANGO_STATIC_URL) is the one other origin allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *STATIC_ORIGINS],
        "style-src": [SELF, *STATIC_ORIGINS],
        "img-src": [SELF, *STATIC_ORIGINS, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        # Fonts fall under default-src, which stays this site alone.
        **({"font-src": [SELF, *STATIC_ORIGINS]} if STATIC_ORIGINS else {}),
    }
}

# Admin login throttling (django-axes): five wrong passwords for one username from one address
# lock that pair out for 15 minutes with HTTP 429, without locking the same user out everywhere.
# Five wrong passwords are answered as usual; the sixth reaches the limit and gets HTTP 429.
AXES_FAILURE_LIMIT = 6
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# The client's address is REMOTE_ADDR unless DJANGO_TRUSTED_PROXIES says how many proxies of ours
# stand in front and append to X-Forwarded-For; a header nobody of ours wrote is never trusted.
TRUSTED_PROXY_COUNT = env_count("DJANGO_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip_address"

# DJANGO_LOG_FORMAT=json writes each log record as one JSON object on a line of its own
# (config.logging), for collectors that gather the logs of several servers; gunicorn's own
# lines too when it runs with `--config config/gunicorn.py`. Plain text otherwise.
LOG_FORMAT = env_choice("DJANGO_LOG_FORMAT", ("text", "json"), default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Failed logins and lockouts are warnings: they reach the log; axes' routine info does not.
    "loggers": {"axes": {"level": "WARNING"}},
}
if LOG_FORMAT == "json":
    # Python's warnings too (as py.warnings records), which would be bare text otherwise.
    logging.captureWarnings(True)
    # Django's default handlers write text (runserver's request lines, and django.* records
    # in debug): its records go through the JSON handler instead, at Django's usual level.
    LOGGING["loggers"]["django"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
    LOGGING["loggers"]["django.server"] = {
        "handlers": ["console"],
        "level": "INFO",
        "propagate": False,
    }

# modeltranslation's tabbed admin loads jQuery UI; ours is vendored in static/ so the admin
# needs no third-party CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# The public JSON API (api/, under /api/v1/): read-only, anonymous and the same for everyone.
# No authentication at all (a staff session gets nothing more, and needs no CSRF token), so its
# responses go through the page cache like public pages. Anonymous clients are throttled per
# address (the one axes uses, see DJANGO_TRUSTED_PROXIES); requests the cache answers cost
# nothing and are not counted.
API_THROTTLE_RATE = env_rate("DJANGO_API_THROTTLE", default="120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PublicAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "张江细胞治疗国际峰会 API · Zhangjiang Cell Therapy Summit API",
    "VERSION": "1",
    # The schema endpoint is the document, not an operation of the API it describes.
    "SERVE_INCLUDE_SCHEMA": False,
    # Descriptions are the translated ones the API gives (api.schema), not its docstrings.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.require_orderings",
        "api.schema.describe_api",
    ],
    # Choice sets sharing a field name ("kind", "role") are named after their model.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "summit.models.DatePrecision",
        "EventStatusEnum": "summit.models.Event.EventStatus",
        "OrganisationKindEnum": "summit.models.Organisation.Kind",
        "SessionKindEnum": "summit.models.Session.Kind",
        "TopicKindEnum": "summit.models.Topic.Kind",
        "ParkRelationKindEnum": "parks.models.ParkRelation.Kind",
        "ParticipantRoleEnum": "summit.models.EventParticipant.Role",
        "EventOrganisationRoleEnum": "summit.models.EventOrganisation.Role",
        "ParkMembershipRoleEnum": "parks.models.ParkMembership.Role",
    },
}
# GET from any origin, without credentials (the API has none), for /api/ only: the rest of the
# site sends no CORS headers.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
