"""The portal's one settings module, read from the environment.

Nothing set: local mode (DEBUG on, SQLite under var/, Celery eager, in-process cache).
``DATABASE_URL`` selects PostgreSQL, ``REDIS_URL`` makes Redis the Celery broker and the cache.
With ``DEBUG`` off the production secrets have no default: start-up stops and names what is
missing. ``.env.example`` lists every variable.
"""

from importlib.util import find_spec
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)

PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "FIELD_ENCRYPTION_SALT",
    "PII_HMAC_KEY",
)
if not DEBUG:
    missing = [name for name in PRODUCTION_REQUIRED if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "DEBUG is off (production), but these environment variables are not set: "
            + ", ".join(missing)
            + ". See .env.example."
        )

SECRET_KEY = env.str("SECRET_KEY", default="local-only-insecure-key-never-used-in-production")
# The loopback names stay allowed so that healthchecks inside the container reach /healthz.
ALLOWED_HOSTS = [
    *env.list("ALLOWED_HOSTS", default=["[::1]", "testserver"]),
    "127.0.0.1",
    "localhost",
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the portal's site: the 工作台 and models grouped by task
    "unionportal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "import_export",
    "django_ckeditor_5",
    "simple_history",
    "csp",
    "unionportal.admin_apps.PortalAxesConfig",  # django-axes, named in Chinese
    # ours, bottom of the dependency graph first
    "unionportal",
    "unionportal.spreadsheets",
    "organizations",
    "reports",
    "honors",
    "assistance",
    "competitions",
    "stations",
    "rights",
    "welfare",
    "appeals",
    "news",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "unionportal.http.refuse_nul_bytes",  # ?q=%00 would reach PostgreSQL, which refuses it
    # ?mode=care sets the 关怀版 cookie (a redirect), and the address's language is active before
    # the page cache resolves the address (unionportal.reading).
    "unionportal.reading.ReadingModeMiddleware",
    # Before sessions, auth and CSRF: a cached public page costs one cache read (unionportal.cache).
    "unionportal.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionportal.reading.LanguageByAddressMiddleware",  # Django's, without Vary: Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = env.str("ROOT_URLCONF", default="unionportal.urls")  # bench/ adds a baseline
WSGI_APPLICATION = "unionportal.wsgi.application"

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
                "unionportal.reading.reading",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL names another (PostgreSQL in production).
if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
# A connection kept between requests is checked before reuse: after a database restart the portal
# reconnects by itself.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default=None)
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # A database that is down or hung fails a request within seconds (answered 503 by
    # unionportal.outages) instead of holding a worker until gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
            "options": "-c statement_timeout=%d"
            % (env.int("DATABASE_STATEMENT_TIMEOUT", default=30) * 1000),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Django's cache and the Celery broker when REDIS_URL is set (or CACHE_URL and
# CELERY_BROKER_URL, each defaulting to REDIS_URL); otherwise in-process. In production they are
# two Redis servers (docker-compose.yml): the cache capped with an LRU policy, the broker never
# evicting and persisted. Every client has short socket timeouts: a Redis that is down or hung
# costs a page a fraction of a second (unionportal.cache then leaves it alone for a while).
# The cache backend is django-redis, used as it comes: it makes its Redis client once per process,
# where Django's built-in RedisCache builds a new redis.Redis for every call (about 0.1 ms of CPU
# each with redis-py 8, one to two per rendered page: bench/RESULTS.md). Its errors reach
# unionportal.cache as redis-py's own (IGNORE_EXCEPTIONS stays off).
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="unionportal"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "unionportal",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# How long a public page may stay unread in the page cache (unionportal.cache); 0 keeps none
# (the HTTP benchmark measures pages rendered that way).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=10 * 60)
# How many shared parts of pages each process keeps a copy of for the current content version
# (unionportal.cache._ProcessCopies); 0 keeps none (the HTTP benchmark compares both).
PUBLIC_PARTS_PROCESS_COPIES = env.int("PUBLIC_PARTS_PROCESS_COPIES", default=2000)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL) or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 2,
}
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Periodic tasks, in code. Times are Asia/Shanghai.
CELERY_BEAT_SCHEDULE = {
    "publish-due-articles": {"task": "news.tasks.publish_due_articles", "schedule": 60.0},
    "flush-view-counts": {"task": "news.tasks.flush_view_counts", "schedule": 300.0},
    # bulk imports send no signals: their records reach the search within ten minutes
    "sync-search-index": {"task": "news.tasks.sync_search_index", "schedule": 600.0},
    "recompute-recent-years": {
        "task": "reports.tasks.recompute_recent_years",
        "schedule": crontab(hour=2, minute=30),
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The site's catalogues; then the annual report's figure names (reports/translations, README).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "reports" / "translations"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet as the pinned django-leaflet package ships it (for the service-site map; no CDN).
    # Not an installed app: its admin needs GeoDjango, which the portal does not use.
    ("leaflet", Path(find_spec("leaflet").origin).parent / "static" / "leaflet"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The portal serves its own uploads (the compose setup has no separate web server); turn this
# off when a front server (nginx …) serves MEDIA_ROOT at MEDIA_URL.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Personal data (assistance): ID and phone numbers are encrypted at rest with keys derived from
# SECRET_KEY and FIELD_ENCRYPTION_SALT (django-fernet-encrypted-fields reads SALT_KEY; a list lets
# old salts keep decrypting), and looked up through an HMAC keyed by PII_HMAC_KEY.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT", default=["local-only-field-encryption-salt"])
PII_HMAC_KEY = env.str("PII_HMAC_KEY", default="local-only-pii-hmac-key")

# Spreadsheet imports: every import runs in one transaction and is rolled back whole
# when any row fails; exports escape formulas (see unionportal.spreadsheets). An upload waits
# for its confirmation encrypted, for at most IMPORT_EXPORT_UPLOAD_MAX_AGE seconds; a file of
# more than IMPORT_EXPORT_ASYNC_ROWS rows is imported by a Celery task.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "unionportal.spreadsheets.storage.EncryptedUploadStorage"
IMPORT_EXPORT_UPLOAD_MAX_AGE = env.int("IMPORT_EXPORT_UPLOAD_MAX_AGE", default=6 * 60 * 60)
IMPORT_EXPORT_ASYNC_ROWS = env.int("IMPORT_EXPORT_ASYNC_ROWS", default=3000)
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Rich text: CKEditor 5 (django-ckeditor-5). See README for why not django-ckeditor (CKEditor 4).
CKEDITOR_5_FILE_STORAGE = "news.uploads.EditorImageStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 5  # MB
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
            ],
        },
        "table": {
            "contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    }
}

# Security: safe defaults everywhere; production hardening when DEBUG is off.
# Content-Security-Policy (django-csp): scripts only from our origin or with the request's nonce,
# never inline or eval; styles allow inline because CKEditor 5 injects its own at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Admin login lockout (django-axes): 5 failures from one address for one user name lock them
# out for 30 minutes. Behind the reverse proxy, the client address comes from X-Forwarded-For,
# trusting as many proxies as TRUSTED_PROXY_COUNT says (1 in production: the TLS proxy).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Staff sessions end after 30 minutes idle (the public site sets no session).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# E-mail (the tracking code of a worker's request, sent by a Celery task after the commit).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")

# The site's name as shown in the admin; the public footer is edited in the admin (news).
PORTAL_NAME = _("市总工会")
