"""Heaven's one settings module: every deployment difference comes from the environment.

Development defaults are safe (SQLite beside the code, DEBUG on, a throwaway key);
production must say DEBUG=false and give a SECRET_KEY, or the site refuses to start.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.functional import lazy

from heaven.email_settings import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off; refusing to start without one."
        )
    SECRET_KEY = "heaven-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "heaven.app_names.TagsConfig",  # taggit
    "reversion",
    "csp",
    "heaven.app_names.LoginLockoutsConfig",  # axes
    "heaven",
    "django_prose_editor",
    "people",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET and 304 for a matching conditional request, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole anonymous pages from the cache (heaven/page_cache.py), before the
    # session, CSRF and auth layers so a hit skips them; requests with a session
    # never use it. The headers those layers and CSP add are stored with the page.
    "heaven.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the page cache, so a cached page keeps the policy (and nonce) it was
    # rendered with.
    "csp.middleware.CSPMiddleware",
    # Old WordPress permalinks answer 301 with the imported review's address.
    "reviews.middleware.RedirectFallbackMiddleware",
    # Locks out repeated failed logins; django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "heaven.urls"

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
                "reviews.menus.menus",
                "reviews.site_settings.site",
            ],
        },
    },
]

WSGI_APPLICATION = "heaven.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections (Django's own pool needs psycopg 3), checked
        # before reuse so a restarted database costs one retry, not an error.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
# A database that stalls must fail a request in seconds, not hold a worker until
# gunicorn kills it: a bound on connecting and on each statement.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 5))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", 10))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            # Milliseconds; 0 turns it off (a long migration may need that).
            "options": f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server has concurrent writers: WAL lets readers go on during a write,
    # IMMEDIATE takes the write lock up front (no "database is locked" on upgrade
    # from a read lock), and the timeout makes a second writer wait instead of fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", 20)),
    }
    # A file (WAL needs one), one per test run: two runs at once on one checkout
    # must not share, and empty, each other's database.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f"test-db-{os.getpid()}.sqlite3"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", 0.25))
# After a Redis call times out, each process leaves Redis alone this long, then
# tries one call (heaven/resilient_cache.py).
REDIS_BREAKER_SECONDS = float(os.environ.get("REDIS_BREAKER_SECONDS", 5))
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, but an unreachable Redis is logged and treated
            # as a miss instead of failing the request (heaven/resilient_cache.py).
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "heaven",
            # Redis answers in a millisecond; a call that waits longer is a Redis
            # that hangs, and the breaker then skips it for a while.
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    # One per process: fine for development and tests; several workers or
    # servers need REDIS_URL so that an edit reaches all of them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages, review pages and the times of their rows (heaven.cache_tags).
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# How long a whole anonymous page stays cached at most; any edit, and the next
# scheduled publication, make it unreachable sooner (heaven/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 3600))
# Pages never cached whole: the admin, and search (any query string would fill
# the cache with pages asked for once).
PAGE_CACHE_SKIP_PREFIXES = ("/admin/", "/search/", "/healthz")

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django itself answer MEDIA_URL (development, browser tests); in production the
# proxy or the storage backend serves uploaded and generated images.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# The editor's own extensions, each a JavaScript module it loads when a field's
# configuration (heaven/editor.py) names it. Our sanitizers do the cleaning, so
# the allow-list processor is only there for the editor's bookkeeping.
_lazy_static = lazy(static, str)  # the storage decides the name (hashed in production)
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [_lazy_static("desk/library_figure.js")],
        "extensions": {"LibraryFigure": "heaven.editor.library_figure_allowlist"},
    }
]

STORAGES = {
    "default": {"BACKEND": "heaven.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SITE_NAME = os.environ.get("SITE_NAME", "Heaven")

TAGGIT_CASE_INSENSITIVE = True
# Commas separate tags, which keep the writer's spelling (heaven/tag_input.py).
TAGGIT_TAGS_FROM_STRING = "heaven.tag_input.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "heaven.tag_input.string_from_tags"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # The proxy in front terminates TLS and says so in X-Forwarded-Proto; it must
    # overwrite whatever a client sent in that header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The health check answers plain HTTP from the proxy or orchestrator.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Browsers only heed HSTS over HTTPS, and Django sends it only there, so a
# development server on plain HTTP never pins itself.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4). Scripts only from this site, or inline
# with the per-response nonce (`request.csp_nonce`); JSON-LD blocks are data, not
# scripts, and need none. Inline style attributes stay allowed (the admin uses them).
# The only players a page may frame: trailers (`reviews/trailers.py`), loaded when
# the reader clicks play.
TRAILER_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": TRAILER_FRAME_SOURCES,
    }
}

# Admin logins (heaven/login_throttle.py): after AXES_FAILURE_LIMIT failures for
# one username from one address, that pair is locked out for AXES_COOLOFF_HOURS;
# after AXES_ADDRESS_FAILURE_LIMIT failures from one address, over any usernames,
# that address is.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", 20))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "heaven.login_throttle.AddressThrottlingHandler"
AXES_RESET_ON_SUCCESS = True
# A try during a lockout is refused with 429 whatever the lock (the address
# throttle included), and not counted, so the lockout ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind PROXY_COUNT proxies that each append the address they heard from to
# X-Forwarded-For, the client is the PROXY_COUNTth entry from the right
# (django-ipware counts the proxies after the client in the header: one fewer).
# A header with more entries than that (a client adding its own) is not trusted,
# and the request counts as the proxy's. With no proxies, REMOTE_ADDR.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)

# Password resets from the admin's login page send email (heaven/email_settings.py).
globals().update(email_settings(os.environ, debug=DEBUG))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL",
    f"{os.environ.get('SITE_NAME', 'Heaven')} <webmaster@localhost>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in emails sent outside a request (the
# workflow's notifications, reviews/notifications.py).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "heaven.logs.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # A request for a host that is not ours: one line naming the host.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}

# The region whose where-to-watch options a reader sees until they pick one:
# an ISO 3166 alpha-2 code, or empty for worldwide options only.
WATCH_DEFAULT_REGION = os.environ.get("WATCH_DEFAULT_REGION", "").upper()

# Uploaded images larger than these are refused with a form error (heaven/uploads.py).
MAX_IMAGE_BYTES = int(os.environ.get("MAX_IMAGE_BYTES", 15 * 1024 * 1024))
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 40_000_000))
