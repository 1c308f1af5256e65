"""Schakel settings: one base, driven entirely by environment variables.

SCHAKEL_ENVIRONMENT selects the profile:
- ``demo``: the embedded default of ``make run`` (SQLite, demo data and accounts allowed);
- ``development``: a developer's machine, no demo accounts unless asked for;
- ``test``: set by config.settings_test only;
- ``production``: secrets and hosts are required, cookies are secure, HSTS is on, and the
  demo commands refuse to run.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_choice("SCHAKEL_ENVIRONMENT", ("demo", "development", "test", "production"), default="development")
IS_PRODUCTION = ENVIRONMENT == "production"
# Demo data and demo accounts are refused in production (and only `make run` creates them).
DEMO_ALLOWED = not IS_PRODUCTION

DATA_DIR = Path(env_str("SCHAKEL_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", default=False)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off when SCHAKEL_ENVIRONMENT=production.")


def _secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY")
    if key:
        if IS_PRODUCTION and len(key) < 50:
            raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters in production.")
        return key
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when SCHAKEL_ENVIRONMENT=production.")
    # Outside production a random key is generated once and kept in the data directory, so
    # sessions survive a restart of `make run`.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when SCHAKEL_ENVIRONMENT=production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Public base URL, used in e-mail links (which never carry personal data).
SITE_URL = env_str("SCHAKEL_SITE_URL", "" if IS_PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if IS_PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SCHAKEL_SITE_URL (https://…) is required when SCHAKEL_ENVIRONMENT=production.")


def _encryption_keys() -> list[str]:
    """Fernet keys for encryption at rest, newest first (ADR 0017); never in the database.

    SCHAKEL_ENCRYPTION_KEYS (comma-separated) or SCHAKEL_ENCRYPTION_KEY_FILE (one key per
    line, '#' comments). Production refuses to start without one of them; elsewhere a key is
    generated once into the data directory (demo and test data only).
    """
    keys = env_list("SCHAKEL_ENCRYPTION_KEYS")
    key_file = env_str("SCHAKEL_ENCRYPTION_KEY_FILE")
    if not keys and key_file:
        try:
            lines = Path(key_file).read_text().splitlines()
        except OSError as exc:
            raise ImproperlyConfigured(f"SCHAKEL_ENCRYPTION_KEY_FILE cannot be read: {exc}") from exc
        keys = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    if not keys and IS_PRODUCTION:
        raise ImproperlyConfigured(
            "SCHAKEL_ENCRYPTION_KEYS or SCHAKEL_ENCRYPTION_KEY_FILE is required when SCHAKEL_ENVIRONMENT=production."
        )
    if not keys:
        generated = DATA_DIR / "encryption_keys"
        if not generated.exists():
            from cryptography.fernet import Fernet

            generated.write_text(
                "# Generated for demo/development only. Never use in production.\n"
                + Fernet.generate_key().decode()
                + "\n"
            )
            generated.chmod(0o600)
        keys = [
            line.strip() for line in generated.read_text().splitlines() if line.strip() and not line.startswith("#")
        ]
    for key in keys:
        if len(key) != 44:
            raise ImproperlyConfigured("Every encryption key must be a Fernet key (44 url-safe base64 characters).")
    return keys


SCHAKEL_ENCRYPTION_KEYS = _encryption_keys()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "schakel.core",
    "schakel.accounts",
    "schakel.audit",
    "schakel.intake",
    "schakel.signals",
    "schakel.routing",
    "schakel.entities",
    "schakel.monitoring",
    "schakel.prevention",
    "schakel.privacy",
    "schakel.enforcement",
    "schakel.care",
    "schakel.cases",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "schakel.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "schakel.core.context_processors.schakel",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'schakel.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front: no "database is locked" upgrade
    # failures under concurrent writes; WAL lets readers continue meanwhile.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["CONN_MAX_AGE"] = 0
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work (huey) -------------------------------------------------------------
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "schakel", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "schakel",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }

# --- Authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

OIDC_ENABLED = env_bool("SCHAKEL_OIDC_ENABLED", default=False)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("schakel.accounts.oidc.SchakelOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", required=True)
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", required=True)
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", required=True)
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", required=True)
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", required=True)
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", required=True)
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    # Accounts are provisioned by the functional administrator; SSO never creates one.
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out (django-axes): per account, so that no IP address is needed to decide.
AXES_FAILURE_LIMIT = env_int("SCHAKEL_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SCHAKEL_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Staff addresses are not needed for a per-account lock-out: store none, and no success log.
AXES_CLIENT_IP_CALLABLE = "schakel.accounts.receivers.no_client_ip"
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
# Lock-out is per account on purpose: it protects an account whatever address the attempts
# come from, and needs no IP address to be stored for the decision.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = env_str("SCHAKEL_OTP_ISSUER", "Schakel")

# Idle timeout: the session cookie is renewed on every request and expires after this many
# idle minutes (BIO: lock unattended sessions).
SESSION_IDLE_MINUTES = env_int("SCHAKEL_SESSION_IDLE_MINUTES", 15, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "schakel_session"
CSRF_COOKIE_NAME = "schakel_csrf"
CSRF_FAILURE_VIEW = "schakel.core.views.csrf_failure"

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SCHAKEL_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SCHAKEL_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SCHAKEL_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating reverse proxy (see docs/admin-guide.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("English")),
]
# The staff interface offers these two; the public page offers more (see intake).
STAFF_LANGUAGES = ["nl", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "schakel_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {
        # Attachments are encrypted at rest (ADR 0017).
        "BACKEND": "schakel.core.encryption.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "private")},
    },
    # Hashed, compressed files in production (after collectstatic); served from the source
    # folders elsewhere, so `make run` needs no collectstatic step.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files are private: there is no MEDIA_URL; views serve them after a permission check.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "schakel.core.api.problem_details_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel API",
    "DESCRIPTION": "API voor ketenpartners van de ketenaanpak mensenhandel.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN, works offline, CSP-compatible.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "schakel@localhost")

# --- Logging: structured, and never personal data ---------------------------------------
LOG_LEVEL = env_choice("SCHAKEL_LOG_LEVEL", ("debug", "info", "warning", "error"), default="info").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "schakel.core.logging.ScrubPersonalDataFilter"}},
    "formatters": {"json": {"()": "schakel.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Schakel ----------------------------------------------------------------------------
SCHAKEL_DEMO_BANNER = ENVIRONMENT in ("demo", "development")
SMALL_NUMBER_THRESHOLD = env_int("SCHAKEL_SMALL_NUMBER_THRESHOLD", 5, minimum=1)
AUDIT_PAGE_SIZE = 50

# --- Public reporting page ---------------------------------------------------------------
# The municipality whose signals the public page creates (a region runs one page per code).
PUBLIC_MUNICIPALITY_CODE = env_str("SCHAKEL_PUBLIC_MUNICIPALITY", "GM0202")
PUBLIC_LANGUAGES = ["nl", "en", "pl", "ro", "bg", "uk"]
PUBLIC_FORM_MIN_SECONDS = env_int("SCHAKEL_PUBLIC_FORM_MIN_SECONDS", 3, minimum=0)
PUBLIC_FORM_MAX_AGE_SECONDS = env_int("SCHAKEL_PUBLIC_FORM_MAX_AGE_SECONDS", 4 * 3600, minimum=60)
# Submissions and receipt-code attempts per client per window (0 switches a limit off).
PUBLIC_SUBMIT_LIMIT = env_int("SCHAKEL_PUBLIC_SUBMIT_LIMIT", 10, minimum=0)
PUBLIC_RECEIPT_LIMIT = env_int("SCHAKEL_PUBLIC_RECEIPT_LIMIT", 10, minimum=0)
PUBLIC_RATE_WINDOW_SECONDS = env_int("SCHAKEL_PUBLIC_RATE_WINDOW_SECONDS", 600, minimum=1)
# Number of trusted reverse proxies in front of gunicorn (nginx: 1). Their X-Forwarded-For
# entries tell the client's address for the rate limits; 0 uses the TCP peer address.
PROXY_COUNT = env_int("SCHAKEL_PROXY_COUNT", 0, minimum=0, maximum=5)
