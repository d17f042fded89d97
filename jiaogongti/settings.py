"""Settings for the 教共体 portal.

Everything that differs between a laptop and a server comes from the environment:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS (see README, "Production").
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG", False)
# `make run`: the demo data is loaded, and every page says so.
JGT_DEMO = env_flag("JGT_DEMO", False)

# Without SECRET_KEY the commands still run (contracts.md: migrate, then the commands,
# need nothing else): they sign nothing that outlives them, so a key of their own does. A
# server refuses to start without one unless DEBUG is on (wsgi.py, asgi.py): a public
# key would let anyone forge sessions.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_GIVEN = bool(SECRET_KEY)
if not SECRET_KEY_GIVEN:
    SECRET_KEY = "django-insecure-jiaogongti-development-key" if DEBUG else secrets.token_urlsafe(50)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "jiaogongti.admin_site.BureauAdminConfig",  # django.contrib.admin, its sections in the bureau's order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jiaogongti",
    "schools",
    "policy",
    "communities",
    "evaluation",
    "teachers",
    "exchanges",
    "reports",
    "portal",
    "inbox",
    "teamwork",
    "timetable",
    "assessment",
    "planner",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Before any view reads a value: a NUL byte, or a number too large for any id, is
    # refused here and never reaches a query.
    "jiaogongti.middleware.RefuseUnusableInput",
    # Wraps a create form's POST with its one-time token (jiaogongti/once.py).
    "jiaogongti.once.SubmitOnce",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (jiaogongti/logins.py): per (username, IP) and per IP, for 15 minutes.
AXES_HANDLER = "jiaogongti.logins.PerAccountAndAddressHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "jiaogongti.logins.client_address"
AXES_RESET_ON_SUCCESS = True
# A locked client's further attempts neither write nor extend the lock: a flood stays cheap.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# django-axes' admin pages are in English only; lockouts end by themselves after the
# cool-off, and `python manage.py axes_reset_username NAME` ends one at once (README).
AXES_ENABLE_ADMIN = False

ROOT_URLCONF = "jiaogongti.urls"

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
                "policy.context.policy_texts",
                "inbox.context_processors.unread_messages",
                "jiaogongti.context_processors.demo_banner",
                "portal.context_processors.school_scope",
            ],
            # The project's own filters (Chinese numbers and money), for every app's templates.
            "libraries": {"humanize_cn": "jiaogongti.templatetags.humanize_cn"},
            # `{% submit_once %}` in every create form (jiaogongti/once.py).
            "builtins": ["jiaogongti.templatetags.once"],
        },
    },
]

WSGI_APPLICATION = "jiaogongti.wsgi.application"

# Database: PostgreSQL (or anything dj-database-url knows) when DATABASE_URL is set,
# otherwise an SQLite file beside manage.py.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "jiaogongti.sqlite3", "CONN_MAX_AGE": 60}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves several web workers at once only with WAL, a busy timeout and
    # transactions that take the write lock up front (no "database is locked" mid-import).
    # SQLite's own page cache is 2 MB unless told otherwise, and a province's report and
    # dashboard read tens of MB of indexes: 32 MB per connection (a negative cache_size is
    # in KiB). Connections are kept a minute between requests, as for PostgreSQL, so the
    # cache outlives a request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;",
        }
    )

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's planner assumes spinning disks (random_page_cost 4) unless the server
    # says otherwise; on SSD or a warm cache, 1.1 is the usual figure. With 4 it read all
    # 300,000 teachers for each 5,000 an exchange import names, instead of their index
    # (benchmarks/imports.py: 40 full scans, 0.8 s of a 23 s import). Set per connection,
    # so a server we do not tune behaves the same (options given in DATABASE_URL are kept).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The portal's own wording for the stock messages its users meet (locale/, compiled .mo
# committed beside its .po: `make messages` after editing it).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# Status and 编制 change only through the exchange services: the history page's 还原
# (revert) would write an old version back past them.
SIMPLE_HISTORY_REVERT_DISABLED = True
# A history record's 变更原因 holds a decision's reason (提前结束、延期), up to REASON_MAX_LENGTH.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History is read record by record (its id), its few versions ordered by date there: an
# index of every table's history by date would only be written, a row for each row an
# import adds.
SIMPLE_HISTORY_DATE_INDEX = False

LOGIN_URL = "/accounts/login/"

# Mail: password reset is offered only when a mail server is configured (else the page
# would say a mail was sent that never leaves).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jiaogongti@localhost")
PASSWORD_RESET_BY_MAIL = bool(EMAIL_HOST)
LOGIN_REDIRECT_URL = "/"

# Files the portal keeps for itself, never served as they are: uploads waiting for their
# import job, workbooks made in the background, the job cache, backups.
JGT_DATA_DIR = Path(os.environ.get("JGT_DATA_DIR", BASE_DIR / "var"))
JGT_PRIVATE_ROOT = JGT_DATA_DIR / "private"

# Background jobs (jobs/): Django's tasks API (django-tasks), by default queued in the
# database and run by `python manage.py db_worker`. A province deployment swaps the
# backend here, e.g. JGT_TASKS_BACKEND=django_tasks_rq.RQBackend (README).
TASKS = {"default": {"BACKEND": os.environ.get("JGT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# What runs by the clock: `python manage.py run_scheduler` puts each task on the queue at
# its time (crontab syntax, in TIME_ZONE), and once when it starts, to catch up on a day the
# machine was off (each task is safe to run twice). The worker then runs it.
JGT_SCHEDULE = [
    ("exchanges.tasks.advance_exchanges_daily", "10 0 * * *"),  # 00:10: exchanges follow the calendar
    ("inbox.tasks.notify_ending_soon_daily", "20 0 * * *"),  # 00:20: who is told of terms ending soon
    ("jobs.tasks.forget_old_submissions_daily", "30 0 * * *"),  # 00:30: create forms' tokens of long ago
]
# Figures the scheduler works out again soon after the records change (every this many
# seconds it looks), so that the first clerk to open the page after a change does not wait.
JGT_KEEP_WARM = ["reports.dashboard.warm_current_dashboard"]
JGT_KEEP_WARM_SECONDS = 10
# A workbook made in the background is kept this many days after it was made, then deleted
# (the job page then offers to make it again): a province's report is tens of MB.
JGT_OUTPUT_KEEP_DAYS = int(os.environ.get("JGT_OUTPUT_KEEP_DAYS", 7))
# A running job's worker beats every 5 s; silent this long, it was killed.
JGT_JOB_STALE_SECONDS = int(os.environ.get("JGT_JOB_STALE_SECONDS", 60))
# Shared by the web server and the worker (job progress): a file cache on one machine,
# Redis (CACHE_URL=redis://...) when there are several.
if os.environ.get("CACHE_URL", "").startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}}
else:
    # A file cache keeps 300 entries unless told, then drops a third at random: a running
    # job's heartbeat must not be among them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": JGT_DATA_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# The admin's sections by daily use: exchanges first (filed every week), then the teachers'
# register, the registry last.
JGT_ADMIN_ORDER = [
    "exchanges",
    "teachers",
    "planner",
    "communities",
    "teamwork",
    "timetable",
    "assessment",
    "evaluation",
    "reports",
    "schools",
    "policy",
    "inbox",
    "jobs",
    "auth",
    "axes",
]

# Figures (the dashboard's) kept per state of the records, in the cache above:
# jiaogongti/figures_cache.py says when they are worked out again.
JGT_KEEP_FIGURES = os.environ.get("JGT_KEEP_FIGURES", "1") == "1"

# Uploaded files: a whole province's roster or score file must fit (contracts.md, "Files").
JGT_MAX_UPLOAD_BYTES = int(os.environ.get("JGT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
JGT_MAX_UNPACKED_BYTES = int(os.environ.get("JGT_MAX_UNPACKED_BYTES", 500 * 1024 * 1024))
JGT_MAX_DATA_ROWS = int(os.environ.get("JGT_MAX_DATA_ROWS", 500_000))
# Django keeps uploads above this size in a temporary file rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Production hardening: on unless DEBUG, each can be relaxed from the environment
# (e.g. an intranet without TLS sets SECURE_SSL_REDIRECT=0 and the cookie flags to 0).
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", not DEBUG)
BEHIND_TLS_PROXY = env_flag("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
