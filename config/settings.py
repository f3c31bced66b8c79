"""Stemme settings.

Everything lives here; production differs only through environment variables (the HackSoft and
Healthchecks way). The variables are listed in docs/operations.md.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("STEMME_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("STEMME_DEBUG", default=False)

SECRET_KEY = env_str("STEMME_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "STEMME_SECRET_KEY must be set when STEMME_DEBUG is off (see docs/operations.md)."
        )
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("STEMME_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("STEMME_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    # Staff authentication (issue 6): second factor (TOTP, recovery codes), login lockout.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # Background tasks (Django's tasks API, backported): the database backend by default.
    "django_tasks",
    "django_tasks_db",
    "stemme.core",
    "stemme.accounts",
    "stemme.audit",
    "stemme.children",
    "stemme.cases",
    "stemme.access",
    "stemme.deadlines",
    "stemme.participation",
    "stemme.meetings",
    "stemme.letters",
    "stemme.continuity",
    "stemme.journal",
    "stemme.documents",
    "stemme.dashboards",
    "stemme.portal",
    "stemme.interchange",
    "stemme.privacy",
    "stemme.drafts",
    "stemme.operations",
    "stemme.notifications",
    "stemme.survey",
    "stemme.oversight",
    "stemme.demo",
]

MIDDLEWARE = [
    # First: one JSON line per request (request id, route, status, duration), over everything.
    "stemme.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stemme.core.middleware.ResponseHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stemme.core.middleware.FixedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-otp's, with the authenticator read with the session (accounts.sessions).
    "stemme.accounts.middleware.StaffOTPMiddleware",
    "stemme.accounts.middleware.SessionLifetimeMiddleware",
    "stemme.accounts.middleware.MFARequiredMiddleware",
    "stemme.drafts.middleware.DraftDiscardMiddleware",  # a saved form's draft is deleted
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so its lockout page still passes through every header middleware above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stemme.core.context_processors.navigation",
            ],
        },
    },
]

# Select boxes written in Python, byte for byte as Django's widget templates write them (faster).
FORM_RENDERER = "stemme.core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default (WAL, immediate transactions so concurrent writers queue instead
# of failing half-way); DATABASE_URL switches to PostgreSQL for production. Pages that only read
# run without a transaction (stemme.access.views.staff_with_child_access), so in WAL mode they
# never take SQLite's single write lock; their access-log rows are short writes of their own.
# A writer that finds the lock taken waits and retries for at most STEMME_SQLITE_BUSY_SECONDS
# (SQLite's busy handler), then fails with "database is locked" rather than hanging.
SQLITE_BUSY_SECONDS = env_int("STEMME_SQLITE_BUSY_SECONDS", 20)
if not 0 < SQLITE_BUSY_SECONDS <= 60:
    raise ImproperlyConfigured("STEMME_SQLITE_BUSY_SECONDS must be between 1 and 60.")
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_SECONDS,
    # recursive_triggers: a REPLACE that deletes a row to make room fires the delete triggers,
    # so the audit tables' append-only triggers refuse REPLACE and INSERT OR REPLACE too.
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000};PRAGMA recursive_triggers=ON;"
    ),
}


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(
        url, conn_max_age=env_int("STEMME_DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    # Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) would
    # outlive the server connection it was opened on (docs/deploy.md, "Connection pooling"),
    # and so would a prepared statement.
    elif env_bool("STEMME_DB_PGBOUNCER", default=False):
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    # The values sent apart from the SQL, and a query the connection has run twice prepared:
    # a page's queries are the same text each time, and planning the access rules' sub-queries
    # took PostgreSQL longer than running them (docs/performance.md).
    elif env_bool("STEMME_DB_PREPARE", default=True):
        config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
    return config


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "stemme.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The list above is Django's 20,000 most common passwords from breach corpora, checked
    # offline; this adds Danish words and the user's and municipality's names with digits.
    {"NAME": "stemme.accounts.passwords.DanishPasswordValidator"},
    # "aaaaaaaaaaaa", "abababababab", "abcdefghijkl", "123456789012".
    {"NAME": "stemme.accounts.passwords.RepetitionPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+IP pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's backend, with the user's municipality read in the same query.
    "stemme.accounts.backends.StaffBackend",
    # Sessions from before StaffBackend name this one; kept so nobody is logged out by a deploy.
    "django.contrib.auth.backends.ModelBackend",
]

# Second factor (django-otp): every staff page needs a session verified with a code from an
# authenticator app (TOTP) or a one-time recovery code (stemme.accounts.middleware). Each wrong
# code doubles the wait before the next try (django-otp's throttling: 1, 2, 4 … seconds).
OTP_TOTP_ISSUER = "Stemme"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Lockout (django-axes): ten wrong passwords for one username from one IP address lock that
# pair for 30 minutes. Per username and IP together, so nobody can lock a colleague out from
# another machine. Every failed attempt is kept (AccessFailureLog), a success clears the count.
AXES_FAILURE_LIMIT = env_int("STEMME_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("STEMME_LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours, as a float
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when it said it would
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "stemme.accounts.views.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "stemme.accounts.lockout.client_ip"
# Per account, from any address (stemme.accounts.services.account_lock): 30 wrong passwords for a
# username within an hour lock it for 30 minutes for every browser without its device cookie
# (set at each full login). The user's own browser still logs in; failures during the lock do
# not extend it.
STEMME_ACCOUNT_FAILURE_LIMIT = env_int("STEMME_ACCOUNT_FAILURE_LIMIT", 30)
STEMME_ACCOUNT_FAILURE_WINDOW_MINUTES = env_int("STEMME_ACCOUNT_FAILURE_WINDOW_MINUTES", 60)
STEMME_ACCOUNT_LOCKOUT_MINUTES = env_int("STEMME_ACCOUNT_LOCKOUT_MINUTES", 30)
STEMME_DEVICE_COOKIE_DAYS = env_int("STEMME_DEVICE_COOKIE_DAYS", 180)
# A one-time enrolment code from an administrator is needed to set up an authenticator app
# (stemme.accounts.services.enrolment); it expires after this many hours.
STEMME_ENROLMENT_CODE_HOURS = env_int("STEMME_ENROLMENT_CODE_HOURS", 72)
# Behind N reverse proxies that each append to X-Forwarded-For, the client's address is the
# N-th entry from the right; 0 (the default) trusts only the connection's own address.
STEMME_TRUSTED_PROXIES = env_int("STEMME_TRUSTED_PROXIES", 0)

# Sessions end after 30 idle minutes and, however active, 8 hours after the login
# (stemme.accounts.middleware.SessionLifetimeMiddleware).
STEMME_SESSION_IDLE_SECONDS = env_int("STEMME_SESSION_IDLE_MINUTES", 30) * 60
STEMME_SESSION_ABSOLUTE_SECONDS = env_int("STEMME_SESSION_ABSOLUTE_HOURS", 8) * 60 * 60

# --- Language and time ---------------------------------------------------------------------
# Danish is fixed: the browser's Accept-Language is ignored (headless browsers ask for English);
# English only by explicit choice (the language cookie set by the switcher).
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "stemme_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# One long and one short date style everywhere: "6. dec. 2026" and "06.12.2026" (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STEMME_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploaded files ------------------------------------------------------------------------
# Staff photos for the letter that introduces a new caseworker to a child. Served only to
# logged-in staff through accounts:photo, never as public files: there is no MEDIA_URL route.
MEDIA_ROOT = DATA_DIR / "media"
# Documents on a case (stemme/documents): outside the web root, random names, no URL; served
# only by the download view after the access check. An S3-compatible storage may replace the
# backend (docs/operations.md); the file system one reads STEMME_DOCUMENTS_ROOT on every use.
STEMME_DOCUMENTS_ROOT = Path(env_str("STEMME_DOCUMENTS_ROOT", str(DATA_DIR / "documents")))
STORAGES["documents"] = {"BACKEND": "stemme.documents.storage.DocumentStorage"}
STEMME_DOCUMENT_MAX_BYTES = env_int("STEMME_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
STEMME_DOCUMENT_MAX_PIXELS = env_int("STEMME_DOCUMENT_MAX_PIXELS", 50_000_000)
# Virus scanning of documents (stemme/documents/scanning.py): "none", or a dotted path such as
# "stemme.documents.scanning.ClamdScanner" (clamd at STEMME_CLAMD_ADDRESS: "unix:/path" or
# "tcp:host:port"). With a scanner, a document can be downloaded only once it is scanned clean.
STEMME_DOCUMENT_SCANNER = env_str("STEMME_DOCUMENT_SCANNER", "none")
STEMME_CLAMD_ADDRESS = env_str("STEMME_CLAMD_ADDRESS", "unix:/run/clamav/clamd.ctl")

# --- Security ------------------------------------------------------------------------------
# Django's database sessions in a table that names the session's user and authenticator, so
# one query reads the three on every staff request (stemme/accounts/sessions.py).
SESSION_ENGINE = "stemme.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = STEMME_SESSION_ABSOLUTE_SECONDS  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("STEMME_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and the process supervisor probe the health endpoints over plain HTTP on the
# private network; a redirect to HTTPS would read as "down". They carry no data.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content-Security-Policy and other headers (issue 6) ----------------------------------
# Strict CSP (django-csp): scripts and styles only from our own origin or carrying this
# request's nonce; no inline code without it, no eval. Templates put
# nonce="{{ request.csp_nonce }}" on every <script> and <style>; base.html's htmx-config meta
# keeps htmx from injecting its indicator <style> and from evaluating code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Features Stemme never uses, switched off for the page and anything it might embed
# (stemme.core.middleware.ResponseHeadersMiddleware sends it). Only features Chromium knows:
# an unknown one (e.g. the retired interest-cohort) makes the browser log an error per page.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ],
    [],
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS preload commits the municipality's whole domain, subdomains included, to HTTPS in every
# browser and is slow to undo: the municipality opts in (STEMME_HSTS_PRELOAD=1), so the check
# that asks for it (security.W021) is silenced while it is off.
SECURE_HSTS_PRELOAD = env_bool("STEMME_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# STEMME_SECURE_SSL_REDIRECT=0 says the reverse proxy redirects HTTP to HTTPS itself (or, for a
# local try of `make serve`, that there is no TLS): a decision, so its warning (W008) is silenced.
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# --- Background tasks ----------------------------------------------------------------------
# Django's tasks API (django-tasks). The embedded default keeps the queue in the database
# (django-tasks-db), so a small installation needs no broker; a larger one sets
# STEMME_TASKS_BACKEND=rq and STEMME_REDIS_URL. Either way the worker is `manage.py worker`
# (stemme/operations; docs/operations.md, "Background tasks").
STEMME_TASKS_BACKEND = env_str("STEMME_TASKS_BACKEND", "database")
STEMME_REDIS_URL = env_str("STEMME_REDIS_URL", "redis://127.0.0.1:6379/0")
# django_rq is installed whichever backend is chosen, so its tables exist and switching the
# backend needs no migration (a production check refuses to start with unapplied ones).
RQ_QUEUES = {"default": {"URL": STEMME_REDIS_URL, "DEFAULT_TIMEOUT": 600}}
INSTALLED_APPS.append("django_rq")
if STEMME_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif STEMME_TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured('STEMME_TASKS_BACKEND must be "database" or "rq".')
# A failed task runs again after 30 s, 1 min, 2 min … (doubling, at most an hour) until it has
# been tried this many times; then it lands in the dead-letter list (stemme/operations/tasks.py).
STEMME_TASK_MAX_ATTEMPTS = env_int("STEMME_TASK_MAX_ATTEMPTS", 5)
STEMME_TASK_BACKOFF_SECONDS = env_int("STEMME_TASK_BACKOFF_SECONDS", 30)
# The worker writes a heartbeat this often; /health/ready fails when no worker has written one
# within STEMME_WORKER_STALE_SECONDS, or when the oldest task waiting to run has waited longer
# than STEMME_QUEUE_LAG_MAX_SECONDS.
STEMME_WORKER_HEARTBEAT_SECONDS = env_int("STEMME_WORKER_HEARTBEAT_SECONDS", 5)
STEMME_WORKER_STALE_SECONDS = env_int("STEMME_WORKER_STALE_SECONDS", 30)
STEMME_QUEUE_LAG_MAX_SECONDS = env_int("STEMME_QUEUE_LAG_MAX_SECONDS", 300)
# /health/ready shows its checks one by one only to a request whose X-Health-Token header is
# this value (monitoring); everyone else gets {"status": "ok"} or {"status": "error"}.
STEMME_HEALTH_TOKEN = env_str("STEMME_HEALTH_TOKEN", "")
# The audit log's shipping (export_audit_log --state FILE): with the state file named here,
# /health/ready fails when the oldest event not yet shipped is older than the limit.
STEMME_AUDIT_SHIPPING_STATE = env_str("STEMME_AUDIT_SHIPPING_STATE", "")
STEMME_AUDIT_SHIPPING_LAG_MAX_SECONDS = env_int("STEMME_AUDIT_SHIPPING_LAG_MAX_SECONDS", 86400)

# --- Logging -------------------------------------------------------------------------------
# STEMME_LOG_FORMAT=json: one JSON object per line (python-json-logger), for a log collector;
# "plain": readable lines for the demo. JSON unless DEBUG. Every line carries the request id
# (stemme.core.middleware.RequestIdFilter); the request log is the logger "stemme.request",
# one line per request (stemme.core.middleware.RequestLogMiddleware), so gunicorn's access log
# is off (config/gunicorn.conf.py). Django's own 4xx lines ("Not Found: <path>") are left out
# (the request line has the status) and its errors name the URL pattern instead of the path.
LOG_FORMAT = env_str("STEMME_LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("STEMME_LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "stemme.core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
            # Django hands its request object to some log calls; its repr holds the path.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("STEMME_LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of every PDF at INFO.
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Stemme --------------------------------------------------------------------------------
STEMME_PAGE_SIZE = 50
# The youth survey: no figure from fewer answers than this (docs/survey.md). Never below 3.
STEMME_SURVEY_MIN_CELL = max(3, env_int("STEMME_SURVEY_MIN_CELL", 5))
# Leadership figures: a child with this many reports of concern in 12 months and no afdækning
# or investigation is an alert (stemme/oversight/catalogue.py, "repeated-concern").
STEMME_REPEATED_CONCERN_REPORTS = max(2, env_int("STEMME_REPEATED_CONCERN_REPORTS", 3))
# The committee pack is public: no count below this (except 0) and no share of fewer cases.
STEMME_COMMITTEE_MIN_CELL = max(3, env_int("STEMME_COMMITTEE_MIN_CELL", 5))
# The domain in a meeting's calendar UID ("moede-<uuid>@<domain>", stemme/meetings/selectors/
# ics.py): set once per municipality and never changed, or calendars duplicate the meetings.
STEMME_CALENDAR_DOMAIN = env_str("STEMME_CALENDAR_DOMAIN", "stemme.invalid")
# The CPR register lookup (stemme/children/cpr_lookup.py): a dotted path to an adapter class.
# The default connects no register; the person form then has no "fetch from CPR" button.
STEMME_CPR_LOOKUP = env_str("STEMME_CPR_LOOKUP", "stemme.children.cpr_lookup.NoLookup")
# A child's alarm (stemme/portal/services/alarms.py) is always shown in the app. Further
# channels are dotted paths of callables channel(message_id, recipient_ids), called after the
# commit: e-mail and SMS through stemme.notifications (content-free texts, the users' choices).
STEMME_ALARM_CHANNELS: list[str] = ["stemme.notifications.services.alarm_channel"]

# --- Notifications (stemme/notifications; docs/operations.md, "Notifications") -------------
# E-mail through Django's mail framework: SMTP in production, the console in the demo
# (STEMME_DEBUG). The texts carry no personal data, only a link to Stemme.
EMAIL_BACKEND = env_str(
    "STEMME_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("STEMME_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("STEMME_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("STEMME_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("STEMME_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("STEMME_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("STEMME_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Stemme <stemme@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the links in e-mails and SMS start with (the reverse proxy's public name).
STEMME_BASE_URL = env_str("STEMME_BASE_URL", "http://127.0.0.1:8000")
# SMS: a dotted path to an adapter class (stemme/notifications/sms.py). The default connects no
# gateway, so SMS is not offered; stemme.notifications.sms.FakeSMS records messages (tests).
STEMME_SMS_ADAPTER = env_str("STEMME_SMS_ADAPTER", "stemme.notifications.sms.NoSMS")

# --- Retention (stemme/privacy/retention.py; docs/security.md, "Retention") ---------------
# No verified retention period for children's cases after 1970 was found, and a municipality
# may not destroy archive material without Rigsarkivet's approval (arkivbekendtgørelsen § 5):
# by default nothing is ever due for deletion. A municipality with an approved schedule sets it
# per kommunekode as JSON, e.g. {"101": {"closed_case_years": 5, "approval": "j.nr. 2026-42"}}.
STEMME_RETENTION = env_str("STEMME_RETENTION", "")
# The HMAC key of the audit-log export (export_audit_log --key-file): a file the export job and
# the receiving log system can read, not the web application's user.
STEMME_AUDIT_KEY_FILE = env_str("STEMME_AUDIT_KEY_FILE", "")
