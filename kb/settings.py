"""Settings for the knowledge base.

Everything that differs between machines comes from environment variables with safe defaults;
nothing here is edited per deployment. See README.md for the list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

from kb.url_prefixes import URLPrefixes

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key():
    """The key from the environment, else from the git-ignored file `make run` writes."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    key_file = Path(os.environ.get("KB_SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
    if not key and key_file.exists():
        key = key_file.read_text().strip()
    if key:
        return key
    if DEBUG:
        return "django-insecure-local-development-only"
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it, or run `make run`, which writes one to .secret_key."
    )


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

SITE_NAME = os.environ.get("KB_SITE_NAME", "Knowledge Base")
SITE_TAGLINE = os.environ.get("KB_SITE_TAGLINE", "Straight answers about how we plan, build and run software")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "reversion",
    "axes",
    "csp",
    "pagecache",
    "images",
    "posts",
    "addresses",
    "feedback",
    "wordpress",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kb.middleware.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # After the header middleware, so its refusals carry the same headers as any other response.
    "kb.middleware.refuse_hostile_requests",
    # Before sessions and auth: a warm page is answered without touching either. Pages are cached
    # as the gzip middleware below sent them (keyed by whether the browser takes gzip), so a hit
    # costs no compression. After the header middleware, so pages served from the cache get the
    # same security headers as fresh ones.
    "pagecache.middleware.PageCacheMiddleware",
    # Pages go out gzipped (static files already are, by WhiteNoise). Django's gzip adds random
    # padding against BREACH-style guessing of secrets in compressed pages.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "addresses.middleware.OldAddressMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

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
                "posts.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that reads and then writes (the admin's save,
    # with its edit-conflict check) fails at once with "database is locked" when another write came
    # first, whatever the timeout; so every transaction starts as a writer (IMMEDIATE), waiting its
    # turn for up to the busy timeout. WAL lets readers go on while someone writes; with WAL,
    # synchronous=NORMAL never corrupts the file, and only a power cut can lose the last commits.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("KB_SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses logins for a username and address with too many recent failures, before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # The rest only read hashes made before Argon2 was first; a login upgrades them.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# "default" holds pages and small fragments; "shared" holds the content version, which every worker
# must see at once. With Redis both live there; without it pages stay in each worker's memory and the
# version in a small file all workers on this machine read.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # A Redis that stops or hangs reads as a cache miss, not as an error (pagecache/backends.py).
    _redis = {"BACKEND": "pagecache.backends.ResilientRedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": {**_redis, "KEY_PREFIX": "kb"}, "shared": {**_redis, "KEY_PREFIX": "kb-shared"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("KB_CACHE_DIR") or str(BASE_DIR / ".cache"),
        },
    }
# The page cache for anonymous readers; 0 turns it off (benchmarks compare both).
PAGE_CACHE = env_bool("KB_PAGE_CACHE", True)
# Longest a page or fragment is kept; saves and scheduled publications end it sooner.
PAGE_CACHE_SECONDS = int(os.environ.get("KB_PAGE_CACHE_SECONDS", "600"))
# How long browsers may reuse a public page before asking again.
PAGE_MAX_AGE = int(os.environ.get("KB_PAGE_MAX_AGE", "60"))
# How long the shared cache's copy of the content version (whose truth is in the database) is
# trusted: the longest a cache restored from an old snapshot can serve old pages.
CONTENT_VERSION_COPY_SECONDS = int(os.environ.get("KB_CONTENT_VERSION_COPY_SECONDS", "10"))
# Parts of the site (URL names from kb/urls.py) never served from or stored in the page cache.
# Search answers any text a reader types: caching each would let anyone fill the cache, and the
# search index already answers fast. Static files are answered by WhiteNoise before the cache.
# The query parameters pages read; any other (bar analytics' tracking ones) bypasses the page cache.
PAGE_CACHE_QUERY_PARAMETERS = {"page"}
PAGE_CACHE_EXCLUDE = URLPrefixes("admin", "editor", "media", "healthz", "search")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("KB_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# The editor's preview runs the very function that renders what readers see.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "posts.markdown.render_markdown"
MARKDOWNX_URLS_PATH = reverse_lazy("editor:preview")
MARKDOWNX_UPLOAD_URLS_PATH = reverse_lazy("editor:upload")
# Longest a post's Markdown may take to format, on save or in the preview, before it is refused.
KB_MARKDOWN_TIME_LIMIT = float(os.environ.get("KB_MARKDOWN_TIME_LIMIT", "2"))
KB_UPLOAD_MAX_BYTES = int(os.environ.get("KB_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
KB_UPLOAD_MAX_PIXELS = 25_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

# "Was this helpful?" votes and comments one address may send per hour.
KB_FEEDBACK_PER_HOUR = int(os.environ.get("KB_FEEDBACK_PER_HOUR", "30"))

# Security headers that hold on plain HTTP too.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF cookie stays readable by scripts: the Markdown editor sends it with each preview request.
CSRF_COOKIE_SAMESITE = "Lax"
# A session ends after 8 hours without a request: every request pushes the expiry forward.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Content-Security-Policy (django-csp 4). Public pages run only the site's own scripts, never inline
# ones; JSON-LD blocks (<script type="application/ld+json">) are data, not scripts, and need nothing.
# Images may come from other HTTPS sites because posts may embed them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Django's admin and the Markdown editor write inline style attributes; scripts stay 'self' even there.
KB_CSP_ADMIN_PATHS = URLPrefixes("admin", "editor")
KB_CSP_ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}
# No page of this site uses these browser features; nothing embedded may use them either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Login throttling (django-axes): after 5 failures for one username from one address, that pair is
# refused for 15 minutes; a successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The reader's address, behind the trusted proxies below: one function for login throttling and the
# feedback limit alike.
KB_CLIENT_IP_CALLABLE = "kb.client_ip.client_ip"
AXES_CLIENT_IP_CALLABLE = KB_CLIENT_IP_CALLABLE
# How many reverse proxies sit in front and append to X-Forwarded-For; 0 means none, so the header,
# which any client can send, is ignored and the connection's address is used.
KB_TRUSTED_PROXIES = int(os.environ.get("KB_TRUSTED_PROXIES", "0"))

# Settings that only make sense when the site is served over HTTPS (behind a proxy that says so).
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preload only takes effect once the domain is submitted to the browsers' list.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
