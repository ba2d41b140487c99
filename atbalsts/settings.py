"""One settings module, driven by the environment.

Everything that differs between a laptop, CI and production comes from environment
variables (or ``NAME_FILE`` for secrets). Production is simply ``ATBALSTS_DEBUG=0`` with
real secrets; it refuses to start with demo defaults.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from atbalsts.lib import deployment

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.smart_cast = False
# A development checkout keeps ATBALSTS_DEBUG=1 in a git-ignored .env written by ./dev, so that
# `python manage.py ...` works there by hand. Real environment variables always win, and a
# production host has no such file: there the settings stay strict.
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)


def _secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    file_name = env.str(f"{name}_FILE", default="")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return env.str(name, default=default)


DEBUG = env.bool("ATBALSTS_DEBUG", default=False)
# Demo mode relaxes the MFA requirement so that a newcomer can click around; it is only
# allowed together with DEBUG, and every page shows a banner while it is on.
DEMO_MODE = env.bool("ATBALSTS_DEMO_MODE", default=False)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured(
        "ATBALSTS_DEMO_MODE=1 relaxes MFA and is refused when ATBALSTS_DEBUG is off."
    )

# Development-only fallbacks. They are well-known values, so production refuses them.
_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0000000000"  # noqa: S105
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
_DEV_SEARCH_KEY = "dev-only-search-key-not-for-production"
_DEV_AUDIT_KEY = "dev-only-audit-key-not-for-production-000000"
_DEV_LINKAGE_KEY = "dev-only-linkage-key-not-for-production-0000"

SECRET_KEY = _secret("ATBALSTS_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
# Field encryption keys: comma-separated Fernet keys, newest first. Never derived from
# SECRET_KEY, so rotating one does not touch the other.
FIELD_ENCRYPTION_KEYS = [
    k.strip()
    for k in (_secret("ATBALSTS_FIELD_KEYS", default=_DEV_FIELD_KEY if DEBUG else "") or "").split(",")
    if k.strip()
]
# Keys for the keyed hashes that make encrypted names searchable: newest first.
SEARCH_HASH_KEYS = [
    k.strip()
    for k in (_secret("ATBALSTS_SEARCH_KEYS", default=_DEV_SEARCH_KEY if DEBUG else "") or "").split(",")
    if k.strip()
]
# Keys for the audit trail's MACs (ADR 0015): comma-separated, newest first; the first signs new
# events and checkpoints, the others only verify. Kept outside the database, like the field keys.
AUDIT_KEYS = [
    k.strip()
    for k in (_secret("ATBALSTS_AUDIT_KEYS", default=_DEV_AUDIT_KEY if DEBUG else "") or "").split(",")
    if k.strip()
]
# The key of the record-linkage encodings (statistics.linkage, ADR 0020f): one key for every
# organisation, so that the same person encodes alike everywhere. Without it, linkage refuses to run
# (the rest of the system works); it is never stored in the database.
LINKAGE_KEY = _secret("ATBALSTS_LINKAGE_KEY", default=_DEV_LINKAGE_KEY if DEBUG else "") or ""
# Signed checkpoints of the audit chain go to an append-only file in this directory, outside the
# database, so that a database attacker cannot cut off the newest events unnoticed.
AUDIT_CHECKPOINT_DIR = env.str(
    "ATBALSTS_AUDIT_CHECKPOINT_DIR", default=str(BASE_DIR / "var" / "audit-checkpoints") if DEBUG else ""
)
# A checkpoint is also written after every this many events (besides `audit checkpoint` on a timer).
AUDIT_CHECKPOINT_EVERY = max(1, env.int("ATBALSTS_AUDIT_CHECKPOINT_EVERY", default=100))
# Events are appended to this many hash chains, each to whichever one is free, so concurrent
# audited reads do not queue behind one chain head (ADR 0022; 1 = a single chain). PostgreSQL only:
# SQLite has a single writer and uses one chain.
AUDIT_CHAINS = min(256, max(1, env.int("ATBALSTS_AUDIT_CHAINS", default=8)))
# `audit verify --incremental` checks this many older events again at random (ADR 0020g).
AUDIT_VERIFY_SAMPLE = min(1_000_000, max(0, env.int("ATBALSTS_AUDIT_VERIFY_SAMPLE", default=1000)))
if not DEBUG:
    missing = [
        name
        for name, value in (
            ("ATBALSTS_SECRET_KEY", SECRET_KEY),
            ("ATBALSTS_FIELD_KEYS", FIELD_ENCRYPTION_KEYS),
            ("ATBALSTS_SEARCH_KEYS", SEARCH_HASH_KEYS),
            ("ATBALSTS_AUDIT_KEYS", AUDIT_KEYS),
            ("ATBALSTS_AUDIT_CHECKPOINT_DIR", AUDIT_CHECKPOINT_DIR),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"Production settings need: {', '.join(missing)}")
    if SECRET_KEY == _DEV_SECRET_KEY or _DEV_FIELD_KEY in FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("Development keys are refused when ATBALSTS_DEBUG is off.")
    if _DEV_LINKAGE_KEY == LINKAGE_KEY:
        raise ImproperlyConfigured("Development keys are refused when ATBALSTS_DEBUG is off.")
    if LINKAGE_KEY and len(LINKAGE_KEY) < 32:
        raise ImproperlyConfigured("ATBALSTS_LINKAGE_KEY needs at least 32 characters.")
    if _DEV_AUDIT_KEY in AUDIT_KEYS:
        raise ImproperlyConfigured("Development keys are refused when ATBALSTS_DEBUG is off.")
    if any(len(k) < 32 for k in AUDIT_KEYS):
        raise ImproperlyConfigured("Each key in ATBALSTS_AUDIT_KEYS needs at least 32 characters.")

ALLOWED_HOSTS = env.list("ATBALSTS_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("ATBALSTS_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    # Before allauth, so that the app's own account and allauth templates (the staff frame,
    # no sign-up link) override allauth's unstyled defaults.
    "atbalsts.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background work on one machine: django-tasks with its database backend (stack.md).
    "django_tasks",
    "django_tasks_db",
    # Workers' leases and the once-only ledger on top of it (ADR 0023).
    "atbalsts.jobs",
    # Atbalsts, in the order of the support process (atbalsts.web is above, before allauth).
    "atbalsts.policy",
    "atbalsts.accounts",
    "atbalsts.audit",
    # The de-identified statistical record (ADR 0017), written by the stages below it.
    "atbalsts.statistics",
    "atbalsts.people",
    "atbalsts.identification",
    "atbalsts.decisions",
    "atbalsts.rehabilitation",
    "atbalsts.plans",
    "atbalsts.municipal",
    "atbalsts.referrals",
    "atbalsts.tasks",
    "atbalsts.reports",
    "atbalsts.portal",
    # International referral between partner hotlines (issue 12 §3, ADR 0020c).
    "atbalsts.federation",
    # The hotline operators' contact log (issue 12 §1); reads the portal's web reports.
    "atbalsts.hotline",
    "atbalsts.demo",
    # The public portal's content, edited in Wagtail at /cms/ (ADR 0009). After the portal so that
    # the portal's own translations win over Wagtail's for a shared msgid.
    "atbalsts.content",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The audit events a request records outside a transaction (reads) are appended together
    # before its response leaves (ADR 0022).
    "atbalsts.audit.middleware.BatchedAuditMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "atbalsts.accounts.middleware.RenewSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # no-store for signed-in users and a Permissions-Policy for all; early in the list so that it
    # sees the response last, after every view and middleware below has shaped it.
    "atbalsts.lib.headers.SecurityHeadersMiddleware",
    # Deny by default: every view needs a login unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "atbalsts.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # /cms/ (Wagtail admin): editors with MFA only (404 for anyone else), and its narrow CSP
    # relaxation. After CSPMiddleware so that it marks the response before the header is written.
    "atbalsts.content.middleware.CMSGateMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]
if env.str("ATBALSTS_REPLICA_DATABASE_URL", default=""):
    # Read-your-writes across the redirect after a form (atbalsts.lib.dbrouter).
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "atbalsts.lib.dbrouter.PinAfterWriteMiddleware")

ROOT_URLCONF = "atbalsts.urls"
WSGI_APPLICATION = "atbalsts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "atbalsts.web.context_processors.atbalsts",
            ],
        },
    },
]

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'atbalsts.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Keep a connection across requests instead of opening one per request, which cost about a
    # fifth of the throughput (issue 14); checked before reuse so a restarted server is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = min(3600, max(0, env.int("ATBALSTS_DB_CONN_MAX_AGE", default=60)))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Readers never wait for a writer (WAL), and a transaction takes the write lock when it
    # begins rather than failing half-way with "database is locked" when two requests write at
    # once; a writer waits up to 20 s for another to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# Several hosts (ADR 0021, deploy/README.md); nothing changes unless these are set.
# A streaming replica for the statistics' and reports' reads; case work stays on the primary.
_REPLICA_URL = env.str("ATBALSTS_REPLICA_DATABASE_URL", default="")
if _REPLICA_URL:
    DATABASES["replica"] = deployment.replica_database(_REPLICA_URL, DATABASES["default"])
    DATABASE_ROUTERS = ["atbalsts.lib.dbrouter.PrimaryReplicaRouter"]
    # After a form is sent, that browser reads from the primary for this many seconds.
    ATBALSTS_REPLICA_PIN_SECONDS = min(300, max(1, env.int("ATBALSTS_REPLICA_PIN_SECONDS", default=15)))
# PgBouncer in transaction mode in front of PostgreSQL. The replica follows the primary unless
# told otherwise: reached directly, it keeps server-side cursors for the long statistics exports.
_PGBOUNCER = deployment.flag("ATBALSTS_PGBOUNCER", env.str("ATBALSTS_PGBOUNCER", default="0"))
_REPLICA_PGBOUNCER = deployment.flag(
    "ATBALSTS_REPLICA_PGBOUNCER",
    env.str("ATBALSTS_REPLICA_PGBOUNCER", default="1" if _PGBOUNCER and _REPLICA_URL else "0"),
)
if _PGBOUNCER:
    deployment.for_pgbouncer(DATABASES["default"])
if _REPLICA_PGBOUNCER:
    if "replica" not in DATABASES:
        raise ImproperlyConfigured("ATBALSTS_REPLICA_PGBOUNCER needs ATBALSTS_REPLICA_DATABASE_URL.")
    deployment.for_pgbouncer(DATABASES["replica"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: accounts are created by administrators; nobody signs up.
ACCOUNT_ADAPTER = "atbalsts.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Atbalsts"
MFA_RECOVERY_CODE_COUNT = 10
# TOTP secrets and recovery-code seeds are encrypted with the field keys (ADR 0016).
MFA_ADAPTER = "atbalsts.accounts.adapter.MFAAdapter"

# django-axes: lock an account+address after repeated failures, stored in the database.
AXES_FAILURE_LIMIT = env.int("ATBALSTS_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth passes `username` or `email`, never `login`: one callable names the account the same way
# whichever was typed and in whatever case, so the count holds across all three (ADR 0016).
AXES_USERNAME_CALLABLE = "atbalsts.accounts.lockout.lockout_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("ATBALSTS_PROXY_COUNT", default=0)

# Sessions: 30 minutes idle, gone when the browser closes. A signed-in session is renewed at most
# once a minute (atbalsts.accounts.middleware.RenewSessionMiddleware), not written on every
# request: a page load that changes nothing writes nothing, so SQLite is not locked by it.
SESSION_COOKIE_AGE = env.int("ATBALSTS_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER_SECONDS = 60
# ...and never longer than this after signing in, however busy (atbalsts.accounts.middleware).
SESSION_ABSOLUTE_SECONDS = env.int("ATBALSTS_SESSION_MAX_SECONDS", default=12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("ATBALSTS_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("ATBALSTS_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content Security Policy: only our own origin, and no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "lv"
# The public portal speaks all four; the staff interface offers Latvian and English.
LANGUAGES = [("lv", _("Latvian")), ("en", _("English")), ("ru", _("Russian")), ("uk", _("Ukrainian"))]
STAFF_LANGUAGES = ["lv", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["atbalsts.formats"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("ATBALSTS_STATIC_ROOT", default=BASE_DIR / "var" / "static")
if DEBUG:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
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
MEDIA_ROOT = env.path("ATBALSTS_MEDIA_ROOT", default=BASE_DIR / "var" / "media")

EMAIL_BACKEND = env.str("ATBALSTS_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("ATBALSTS_FROM_EMAIL", default="atbalsts@localhost")
# The address staff reach the system at; links in e-mails (the daily digest) start with it.
ATBALSTS_BASE_URL = env.str("ATBALSTS_BASE_URL", default="http://localhost:8000")

# Modules with ``reminders(actor, today)`` (see atbalsts.lib.reminders), collected by the task list
# and the daily digest.
ATBALSTS_REMINDER_SOURCES = [
    "atbalsts.decisions.reminders",
    "atbalsts.rehabilitation.reminders",
    "atbalsts.plans.reminders",
    "atbalsts.municipal.reminders",
    "atbalsts.referrals.reminders",
    "atbalsts.hotline.reminders",
]

# Events another organisation must act on become tasks on its people's lists (atbalsts.lib.notify;
# who is told: atbalsts.policy.notifications). Imported by dotted path, like the reminder sources.
ATBALSTS_NOTICE_SINK = "atbalsts.tasks.notices"
ATBALSTS_NOTICE_RESOLVERS = {
    "consent_given": ["atbalsts.municipal.notices"],
    "consent_withdrawn": ["atbalsts.municipal.notices"],
}

# Rows on one page of the case-work lists paged by position (SIVA's inbox, queue and archive,
# the municipal cases; atbalsts.lib.keyset): a page costs the same however long the list.
ATBALSTS_CASEWORK_PAGE_SIZE = min(200, max(10, env.int("ATBALSTS_CASEWORK_PAGE_SIZE", default=50)))

# Background work (django-tasks): queued in the database and run by `manage.py task_worker`; every
# queue also has a management command for a timer, so nothing depends on the worker running.
TASKS = {"default": {"BACKEND": env.str("ATBALSTS_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# A worker renews its lease every third of this; one not renewed for this long is taken for dead and
# its running task is given back (ADR 0023). A task is run at most this many times in all.
ATBALSTS_WORKER_LEASE_SECONDS = min(600, max(5, env.int("ATBALSTS_WORKER_LEASE_SECONDS", default=30)))
ATBALSTS_WORKER_MAX_ATTEMPTS = min(10, max(1, env.int("ATBALSTS_WORKER_MAX_ATTEMPTS", default=3)))

# --- International referral between partner hotlines (atbalsts.federation, ADR 0020c) --------
# This instance's name in the federation, the key pair it signs and decrypts with (a JSON object
# {"sign": <Ed25519 private JWK>, "encrypt": <X25519 private JWK>}; `manage.py federation_keys
# --generate` writes one), and the address partners post packages to. Development falls back to a
# well-known key pair; production refuses it.
_DEV_FEDERATION_KEY = (
    '{"sign": {"kty": "OKP", "crv": "Ed25519", "x": "3sF4hq13UqOTJrNAtNNIPXxbBTO-7scTqyBN09dBRTY",'
    ' "d": "ZGV2LW9ubHktZmVkZXJhdGlvbi1zaWduaW5nLWtleSE"},'
    ' "encrypt": {"kty": "OKP", "crv": "X25519", "x": "s4d44ONBW5STxZQJZ4b4bEkJj2y0J6-fYFlobla9Og8",'
    ' "d": "ZGV2LW9ubHktZmVkZXJhdGlvbi1lbmNyeXB0LWtleSE"}}'
)
FEDERATION_ID = env.str("ATBALSTS_FEDERATION_ID", default="lv-atbalsts" if DEBUG else "")
FEDERATION_KEY = _secret("ATBALSTS_FEDERATION_KEY", default=_DEV_FEDERATION_KEY if DEBUG else "") or ""
if not DEBUG and FEDERATION_KEY == _DEV_FEDERATION_KEY:
    raise ImproperlyConfigured("Development keys are refused when ATBALSTS_DEBUG is off.")
# The retry schedule is policy data (atbalsts/policy/federation.py); an operator may shorten or
# lengthen the delays for one installation, e.g. "60,300,1800" seconds.
FEDERATION_RETRY_DELAYS = env.str("ATBALSTS_FEDERATION_RETRY_DELAYS", default="")
# Seconds to wait for a partner's instance to answer one delivery.
FEDERATION_TIMEOUT_SECONDS = min(max(env.int("ATBALSTS_FEDERATION_TIMEOUT_SECONDS", default=10), 1), 120)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Deny by default: an endpoint that forgets to declare its permission serves nobody.
    "DEFAULT_PERMISSION_CLASSES": ["atbalsts.accounts.permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON with a bound on nesting (atbalsts.lib.api), then DRF's form parsers.
    "DEFAULT_PARSER_CLASSES": [
        "atbalsts.lib.api.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Atbalsts API",
    "DESCRIPTION": "Identification and support of victims of human trafficking in Latvia.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["atbalsts.accounts.permissions.IsVerifiedStaff"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "atbalsts.lib.api.document_error_responses",
    ],
    # Choice sets that share a field name across apps get a name of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "HotlineChannelEnum": "atbalsts.hotline.models.Channel",
        "HotlineLoggedChannelEnum": "atbalsts.hotline.api.LOGGED_CHANNELS",
        "CountOnlyKindEnum": "atbalsts.hotline.models.CountOnlyKind",
        "ContactOutcomeEnum": "atbalsts.hotline.models.Outcome",
        "ReferralOutcomeEnum": "atbalsts.referrals.models.Outcome",
        "ReferralStatusEnum": "atbalsts.referrals.models.Status",
        "ReferralDeclineReasonEnum": "atbalsts.referrals.models.DeclineReason",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("ATBALSTS_LOG_LEVEL", default="WARNING")},
}

# --- Wagtail: the public portal's content (atbalsts.content, ADR 0009) -----------------------
WAGTAIL_SITE_NAME = "Atbalsts"
WAGTAILADMIN_BASE_URL = ATBALSTS_BASE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if code in STAFF_LANGUAGES]
# Editors sign in through allauth (password + TOTP) like everybody else; Wagtail's own login and
# password reset would bypass the second factor (its /cms/login/ is redirected in atbalsts.urls).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Nothing from another host, not even in the admin: no Gravatar, no update check, no news banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "direct"
# Public pages (portal and content) are kept for a short time in the cache, keyed by address;
# publishing a page empties it (atbalsts.content.cache). Redis: ATBALSTS_CACHE_URL=redis://host:6379/1
# (needs the ``redis`` package).
ATBALSTS_PUBLIC_CACHE_SECONDS = env.int("ATBALSTS_PUBLIC_CACHE_SECONDS", default=60)
# Where the portal's quick exit takes a visitor with JavaScript (through /<lang>/leave/, a
# redirect): a neutral page on another site, replacing the portal's page in the history. Only an
# https address; empty keeps the portal's own neutral page (/<lang>/x/), which is also where the
# link goes without JavaScript.
ATBALSTS_PORTAL_EXIT_URL = env.str("ATBALSTS_PORTAL_EXIT_URL", default="https://www.google.com/")
if ATBALSTS_PORTAL_EXIT_URL and not ATBALSTS_PORTAL_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("ATBALSTS_PORTAL_EXIT_URL must be an https:// address (or empty).")
# The default cache holds the sign-in rate limits too, so in production it must be shared by every
# server process: the database cache (`manage.py createcachetable`) unless a Redis URL is given.
CACHES = {
    "default": env.cache_url(
        "ATBALSTS_CACHE_URL", default="locmemcache://atbalsts" if DEBUG else "dbcache://atbalsts_cache"
    )
}
# Several hosts (ADR 0021): one Redis for the cache (public pages, sign-in and portal rate limits)
# and, in the next numbered database, the sessions, so no session row is written per sign-in. The
# idle limit is kept: a session's key expires SESSION_COOKIE_AGE after its last renewal.
_REDIS_URL = env.str("ATBALSTS_REDIS_URL", default="")
if _REDIS_URL:
    if env.str("ATBALSTS_CACHE_URL", default=""):
        raise ImproperlyConfigured("Set either ATBALSTS_REDIS_URL or ATBALSTS_CACHE_URL, not both.")
    CACHES = deployment.redis_caches(_REDIS_URL)
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
# Private content pages send people to the one sign-in; no shared-password pages (that form and
# its cookie are not mounted).
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# The Wagtail admin's own JSON endpoints (/cms/api/...) are internal to it: not in our OpenAPI schema.
SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"] = ["atbalsts.content.schema.exclude_cms"]
