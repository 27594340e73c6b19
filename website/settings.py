"""Veiviser settings, read from the environment (twelve-factor style).

Local development mode (``VEIVISER_DEV=1``, set by ``make run`` and the test suite) allows
a built-in secret key; anywhere else ``SECRET_KEY`` must be given.
"""

import math
import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as CORS_ALLOW_HEADERS_DEFAULT
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: float, kind: type = int) -> float:
    """A non-negative number from the environment (``kind`` int or float); a bad value stops
    start-up with a sentence that names the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < 0:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what}, 0 or more; it is {value!r}.")
    return number


DEV_MODE = env_bool("VEIVISER_DEV")
DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEV_MODE:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY, or VEIVISER_DEV=1 for local development."
        )
    SECRET_KEY = "veiviser-local-development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEV_MODE else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "website",
    "kb",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "ninja",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    # Production stack (make serve): the database-backed task queue, Varnish purges.
    "django_tasks_db",
    "wagtail.contrib.frontend_cache",
    "django_prometheus",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.middleware.RejectNulBytesMiddleware",  # issue 12: a NUL byte is a 400, not a 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.language.PublicLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Security (issue 12): content the publish gate refuses is an admin message, not a 500.
    "website.middleware.PublishRefusedMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default for trying Veiviser out; PostgreSQL in production and tests.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Each request is one transaction: a page saved by the admin and the outbox rows its signals
# write (search indexing, webhooks) commit together or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if os.environ.get("TEST_DATABASE_NAME"):  # lets parallel test runs use separate databases
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian Bokmål is the default locale; it must be set before the first migrate,
# which creates the default Locale.
LANGUAGE_CODE = "nb"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("nb", _("Norsk bokmål")),
    ("nn", _("Norsk nynorsk")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_MODE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Designsystemet (Digdir), installed with npm from package-lock.json by `make install`.
DESIGNSYSTEMET_DIR = BASE_DIR / "node_modules" / "@digdir"
STATICFILES_DIRS = [
    ("designsystemet", DESIGNSYSTEMET_DIR / "designsystemet-css" / "dist" / "src"),
    ("designsystemet-theme", DESIGNSYSTEMET_DIR / "designsystemet-theme" / "brand"),
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# In development, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEV_MODE

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "veiviser",
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "veiviser@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Wagtail
WAGTAIL_SITE_NAME = "Veiviser"
# The admin's address in e-mail (Wagtail's workflow mails, review reminders): by default the
# one public base URL (PUBLIC_BASE_URL, kb.absolute_urls), so every link shares one origin.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL")
    or os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
    or "http://127.0.0.1:8000"
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_MODERATION_ENABLED = True

# Editorial work (website.roles, website.workflows, website.review): review notifications come
# from the site's address; moving a page keeps its old URLs working through redirects; the
# review report and reminders count a page as soon due this many days ahead.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILREDIRECTS_AUTO_CREATE = True
VEIVISER_REVIEW_SOON_DAYS = env_number("REVIEW_SOON_DAYS", 30)

# Full-text search on the database; PostgreSQL uses its Norwegian configuration.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASE_IS_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "norwegian"

# Knowledge-base search (search/): the database engine above by default; SEARCH_ENGINE
# "opensearch" or "elasticsearch" with SEARCH_URL for the distributed engine, which falls
# back to the database engine while it cannot be reached.
VEIVISER_SEARCH = {
    "ENGINE": os.environ.get("SEARCH_ENGINE", "database"),
    "URL": os.environ.get("SEARCH_URL", ""),
    "INDEX": os.environ.get("SEARCH_INDEX", "veiviser-kb"),
}

# Background work (reference index, later search indexing) runs through Django's task
# framework; immediate by default, a database-backed queue in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        # Frontend-cache purges have a queue (and in make serve a worker) of their own, so a
        # publish is visible through the proxy at once, whatever indexing is queued before it.
        "QUEUES": ["default", "frontend-cache"],
    }
}

# Webhooks (kb.webhooks): seconds to wait for a receiver, attempts per delivery, and the first
# retry's delay in seconds (doubled for each retry after it).
VEIVISER_WEBHOOK_TIMEOUT = env_number("WEBHOOK_TIMEOUT", 5.0, float)
VEIVISER_WEBHOOK_MAX_ATTEMPTS = env_number("WEBHOOK_MAX_ATTEMPTS", 10)
VEIVISER_WEBHOOK_RETRY_DELAY = env_number("WEBHOOK_RETRY_DELAY", 60.0, float)
# Webhooks go to globally routable addresses only; networks named here (CIDR, comma-separated,
# e.g. a partner inside the municipality's network) are allowed too (kb.webhooks.targets).
VEIVISER_WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS")

# The KB API's public reads (kb.api.cache): how long clients and shared caches may keep an
# answer (Cache-Control max-age, seconds), and how long the application cache keeps it (it is
# keyed on the content version, so a publish never serves stale content either way).
KB_API_MAX_AGE = env_number("KB_API_MAX_AGE", 60)
KB_API_CACHE_TTL = env_number("KB_API_CACHE_TTL", 3600)

# Partners read the API from their own origins; writes need a bearer token, not cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

if not DEBUG and not DEV_MODE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # Security (issue 12): HTTPS only. Browsers are told to use nothing else for a year (HSTS);
    # a plain-HTTP request is redirected, except paths a load balancer probes over HTTP.
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = env_list("SSL_REDIRECT_EXEMPT")
    SECURE_HSTS_SECONDS = env_number("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# The partner contract (kb.api, kb.change_log; docs/partners.md). Removed items answer 410 with
# their tombstone for TOMBSTONE_DAYS. PUBLIC_BASE_URL (e.g. https://veiviser.example) is the one
# origin of every absolute link in API responses, webhooks and the feed; when empty, the
# request's own host and port are used (local development).
VEIVISER_TOMBSTONE_DAYS = env_number("TOMBSTONE_DAYS", 365)
VEIVISER_PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
CORS_URLS_REGEX = r"^/(api|feeds)/.*$"
CORS_ALLOW_HEADERS = (*CORS_ALLOW_HEADERS_DEFAULT, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Content-Language"]
MIDDLEWARE.append("kb.api.http.HeadAsGetMiddleware")

# Production stack (make serve, docs/deploy.md). A shared Redis cache when REDIS_URL is set
# (several app servers then share the API cache and see the same content version); Varnish in
# front, purged through Wagtail's frontend cache when FRONTEND_CACHE_URL is set. Short socket
# time-outs so that a Redis outage slows no request by more than a fraction of a second.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "website.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "veiviser"),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
WAGTAILFRONTENDCACHE: dict = {}  # no frontend cache to purge unless FRONTEND_CACHE_URL is set
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# /readyz counts queued tasks older than this many seconds as a backlog.
VEIVISER_QUEUE_MAX_AGE = float(os.environ.get("QUEUE_MAX_AGE", "60"))
# Prometheus metrics (website.metrics at /metrics): request rate and latency per view.
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
