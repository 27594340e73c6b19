"""Veiviser settings, read from the environment (twelve-factor style).

Local development mode (``VEIVISER_DEV=1``, set by ``make run`` and the test suite) allows
a built-in secret key; anywhere else ``SECRET_KEY`` must be given.
"""

import json
import math
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as CORS_ALLOW_HEADERS_DEFAULT
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
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


def env_json(name: str, default: dict) -> dict:
    """A JSON object from the environment; a bad one stops start-up with a sentence."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object; it is {value!r}.")
    return parsed


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
    "csp",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    # Production stack (make serve): the database-backed task queue, Varnish purges.
    "django_tasks_db",
    "wagtail.contrib.frontend_cache",
    "django_prometheus",
    "health_check",  # its templates: /readyz in a browser (HTML) answers, not a 500
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.csp.PathPolicyMiddleware",  # issue 12: Content-Security-Policy (website/csp.py)
    "website.middleware.RejectNulBytesMiddleware",  # issue 12: a NUL byte is a 400, not a 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Issue 12, inside CORS so that partners' browsers can read these refusals too:
    "website.middleware.RejectBadRevisionFilterMiddleware",  # ?user_id=abc is a 400
    "kb.api.token_scope.TokenScopeMiddleware",  # API tokens' scopes, areas and expiry
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
# Wagtail's login form leaves «Password» untranslated (issue 16).
WAGTAILADMIN_USER_LOGIN_FORM = "website.admin_login.LoginForm"
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
    # Built by `make install` with Designsystemet's CLI (designsystemet.config.json).
    ("designsystemet-theme", BASE_DIR / "build" / "theme"),
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

# Content-Security-Policy (issue 12, website/csp.py): readers' pages run scripts from this site
# only, inline ones with the request's nonce; the admin has its own, looser policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],  # style attributes only; no script can run
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],  # avatars, embeds' thumbnails
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://releases.wagtail.org"],  # Wagtail's update check
        "frame-src": [SELF, "https:"],  # the preview, embeds
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
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
# Scoped API tokens (issue 12, kb/tokens.py): a token made without an expiry lives this many
# days; its use is noted (last-used time, audit log) at most once per interval (seconds).
API_TOKEN_DEFAULT_DAYS = env_number("API_TOKEN_DEFAULT_DAYS", 90)
WAGTAILAPI_TOKEN_LAST_USED_INTERVAL = 60
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Issue 12: a " in a search is escaped for FTS5, not a 500 (website/search_backend_sqlite.py).
    WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "website.search_backend_sqlite"

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
# A delivery's lease is its timeout plus this margin: a worker killed mid-request leaves the
# delivery to be sent again (by deliver_webhooks) once the lease has run out.
VEIVISER_WEBHOOK_LEASE_MARGIN = env_number("WEBHOOK_LEASE_MARGIN", 60.0, float)
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

# --- Security: logins (issue 12) ------------------------------------------------------------
# Throttling and lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins per user name, and
# per address, lock it for LOGIN_LOCKOUT_MINUTES (0: until a site manager unlocks it). Failed
# API token authentication counts against the address the same way (website.security.lockout).
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked user or address
    "django.contrib.auth.backends.ModelBackend",
    "website.security.sso.RoleMappingOIDCBackend",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "website.security.two_factor.TwoFactorMiddleware",
)
MIDDLEWARE += [
    "website.security.lockout.ApiTokenThrottleMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Norwegian answer
]
AXES_FAILURE_LIMIT = env_number("LOGIN_FAILURE_LIMIT", 5)
_LOCKOUT_MINUTES = env_number("LOGIN_LOCKOUT_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = "website.security.lockout.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "website.security.lockout.lockout_response"
# Proxies in front of the app servers that append to X-Forwarded-For (Varnish and the TLS load
# balancer: 2), so that each client, not the proxy, is counted (0: REMOTE_ADDR).
VEIVISER_TRUSTED_PROXIES = env_number("TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "website.security.lockout.client_address"

# Two-factor authentication (django-otp): roles with edit, publish or admin rights must log in
# with a second factor (website.roles, Role.two_factor). On by default; off in local
# development (the demo logins) unless TWO_FACTOR_REQUIRED turns it on.
VEIVISER_TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEV_MODE)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Single sign-on (mozilla-django-oidc) with the municipality's OpenID provider, when
# OIDC_CLIENT_ID is set; local accounts stay possible. OIDC_GROUP_ROLES maps values of the
# groups claim to role keys (website.roles), as JSON: {"veiviser-skoler": "editors:skoler"}.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ROLES = env_json("OIDC_GROUP_ROLES", {})
LOGIN_REDIRECT_URL = "/admin/"
LOGIN_REDIRECT_URL_FAILURE = "/admin/login/"
OIDC_USE_PKCE = True
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
# Production logs: one JSON object a line (python-json-logger) for the log collector;
# LOG_FORMAT=text keeps plain lines.
if not DEBUG and not DEV_MODE and os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING["formatters"] = {
        "json": {
            "class": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
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
