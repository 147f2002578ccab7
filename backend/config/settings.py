"""Paddock settings: one module, driven by environment variables (see .env.example).

Without any variable set, Paddock runs on the embedded defaults: a SQLite file, eager
Celery (tasks run in-process), a local-memory cache and console email. Setting
DATABASE_URL and REDIS_URL switches to PostgreSQL, a Redis cache and a Redis broker.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from backend.common.conf import from_environment

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)

# DJANGO_ENV=production: refuse to start on insecure defaults and require a second factor
# for the admin (see .env.example, "Production"). Tests, CI and `make run` leave it unset.
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
IS_PRODUCTION = DJANGO_ENV == "production"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A development-only key; production must set SECRET_KEY (check --deploy: paddock.E001).
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-local-only-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
if IS_PRODUCTION:
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY set to a random string of 50+ "
            "characters (it is the development default or too short)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses DJANGO_DEBUG=1.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Daphne first: `runserver` then serves the ASGI application, websockets included.
    "daphne",
    # django.contrib.admin with Paddock's site (staff + second factor: ADMIN_REQUIRE_MFA)
    "backend.common.apps.PaddockAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "allauth.mfa",
    "backend.common",
    "backend.accounts",
    "backend.racing",
    "backend.game",
    "backend.leagues",
    "backend.notifications",
    "backend.community",
    "backend.handoff",
    "backend.demo",
    "backend.ops",
    "backend.live",
    "channels",
    "backend.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "backend.common.security.ContentSecurityPolicyMiddleware",
    # backend/common/middleware.py: one JSON error body under /api/, whatever produced it;
    # NUL bytes and oversized bodies refused before any view; login lockouts as 429.
    "backend.common.middleware.ApiErrorBodyMiddleware",
    "backend.common.middleware.RequestGuardMiddleware",
    "backend.common.security.RetryAfterMiddleware",
    "backend.common.middleware.LoginLockoutMiddleware",
    "backend.common.query.UnknownQueryParameterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"
# HTTP through Django and websockets (/ws/live/) through Channels: backend/config/asgi.py.
ASGI_APPLICATION = "backend.config.asgi.application"

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
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (psycopg 3) through DATABASE_URL. ---
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{REPO_DIR / 'var' / 'paddock.sqlite3'}"
    )
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    test_name = env.str("TEST_DATABASE_NAME", default="")
    if test_name:
        DATABASES["default"]["TEST"] = {"NAME": test_name}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock when it begins: two at once queue behind
    # it (busy timeout) instead of both reading, then failing with "database is locked"
    # when the second tries to write (SQLite has no SELECT ... FOR UPDATE).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker when REDIS_URL is set; local memory and eager otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis errors are logged and served as misses (backend/common/cache.py).
            "BACKEND": "backend.common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            # Parallel test workers share one Redis: each keeps to its own prefix.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="paddock")
            + env.str("PYTEST_XDIST_WORKER", default=""),
            "TIMEOUT": 300,
        }
    }
else:
    # Without Redis (`make run`): files under var/cache, which every process of the machine
    # shares, so a settlement run from the command line retires the tables the web server
    # cached (a memory cache would keep them per process). Test workers keep apart.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(
                REPO_DIR / "var" / "cache" / env.str("PYTEST_XDIST_WORKER", default="web")
            ),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# The live layer's channel layer: Redis pub/sub when REDIS_URL is set (every server process
# shares groups; one subscriber connection per process, however many sockets), the
# in-memory layer of one process otherwise (`make run`).
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [env.str("CHANNEL_LAYER_URL", default=REDIS_URL)],
                "prefix": "paddock-live" + env.str("PYTEST_XDIST_WORKER", default=""),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
# Results are kept only for the tasks that ask (ignore_result=False): the parts of a
# partitioned settlement, which a chord waits for. Kept in Redis, an hour.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a message a worker took but never acknowledged (it died mid-task) once
# the visibility timeout has passed: longer than the longest task, or it runs twice
# (harmless for our idempotent tasks, but wasteful). Lowered only by the worker-fault tests.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
CELERY_TIMEZONE = "UTC"
# Settlement has its own queue, so a fan-out of thousands of emails never delays scoring:
# run a worker on it (`-Q settlement`, or `-Q celery,settlement` for one worker doing both).
SETTLEMENT_QUEUE = env.str("CELERY_SETTLEMENT_QUEUE", default="settlement")
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "backend.game.tasks.settle_round": {"queue": SETTLEMENT_QUEUE},
    "backend.game.tasks.sweep_settlements": {"queue": SETTLEMENT_QUEUE},
    "backend.game.tasks.settle_round_part": {"queue": SETTLEMENT_QUEUE},
    "backend.game.tasks.finish_settlement": {"queue": SETTLEMENT_QUEUE},
}
# PADDOCK_TIME_SCALE: the game's clocks run this many times faster than real time (1 in
# production). The season replay (docs/replay.md) compresses weeks into minutes with it:
# beat intervals here and the lead times the apps wait on (backend.common.conf
# .scaled_seconds) are divided by it, none below a second.
PADDOCK_TIME_SCALE = env.float("PADDOCK_TIME_SCALE", default=1.0)
if PADDOCK_TIME_SCALE <= 0:
    raise ImproperlyConfigured("PADDOCK_TIME_SCALE must be a positive number.")


def _every(seconds: float) -> float:
    """A beat interval in real seconds under PADDOCK_TIME_SCALE."""
    return seconds if PADDOCK_TIME_SCALE == 1 else max(1.0, seconds / PADDOCK_TIME_SCALE)


CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
# Settlement never waits: rounds whose final result is not settled after
# GAME_SETTLEMENT_SWEEP_AFTER_SECONDS (a worker died with the message) are queued again.
# Not the visibility timeout: that one must outlast the longest task (emails included).
CELERY_BEAT_SCHEDULE["game-settlement-sweep"] = {
    "task": "backend.game.tasks.sweep_settlements",
    "schedule": _every(env.float("SETTLEMENT_SWEEP_SECONDS", default=30.0)),
}
# First picks reach missions in batches (backend/game/announcements.py): a pick's request
# only adds itself to a Redis set that this task empties.
CELERY_BEAT_SCHEDULE["game-announce-picks"] = {
    "task": "backend.game.tasks.announce_picks_made",
    "schedule": _every(env.float("PICK_ANNOUNCE_SECONDS", default=5.0)),
}
# Racing: fetch the results of featured races past post time until they are official.
CELERY_BEAT_SCHEDULE["racing-poll-results"] = {
    "task": "backend.racing.tasks.poll_results",
    "schedule": _every(300.0),
}
# Game rounds: open the scheduled ones, mark the passed ones locked (the lock itself is
# enforced by the database clock at every pick, whatever this bookkeeping says).
CELERY_BEAT_SCHEDULE["game-advance-rounds"] = {
    "task": "backend.game.tasks.advance_rounds",
    "schedule": _every(60.0),
}
# Community: every open round has its discussion thread, also when it was opened in bulk.
CELERY_BEAT_SCHEDULE["community-round-threads"] = {
    "task": "backend.community.tasks.round_threads_sync",
    "schedule": _every(300.0),
}
# Community: questions past their first-answer target are flagged and advisers emailed
# (once per question).
CELERY_BEAT_SCHEDULE["community-unanswered-overdue"] = {
    "task": "backend.community.tasks.unanswered_overdue_scan",
    "schedule": 600.0,
}
# Community events: followers get one reminder before an event starts.
CELERY_BEAT_SCHEDULE["community-event-reminders"] = {
    "task": "backend.community.tasks.event_reminders_scan",
    "schedule": 300.0,
}
# Emails: announce rounds that just opened, remind players without a pick before the lock
# (idempotent: EmailDelivery keeps each email to one per player); results follow settlement.
CELERY_BEAT_SCHEDULE["notifications-rounds"] = {
    "task": "backend.notifications.tasks.rounds_scan",
    "schedule": _every(300.0),
}
# Live help: questions nobody took in time become forum questions (the asker is told).
CELERY_BEAT_SCHEDULE["live-help-expire"] = {
    "task": "backend.live.tasks.help_expire_scan",
    "schedule": _every(30.0),
}
# The community digest of the day (at most one a day per player); hourly only to catch up.
CELERY_BEAT_SCHEDULE["notifications-community-digest"] = {
    "task": "backend.notifications.tasks.community_digest_scan",
    "schedule": _every(3600.0),
}

# --- Web Push (backend/notifications/push.py): off unless both VAPID keys are set. ---
# `python backend/manage.py push_vapid_keys` prints a new pair for .env.
PUSH_VAPID_PUBLIC_KEY = env.str("PUSH_VAPID_PUBLIC_KEY", default="")
PUSH_VAPID_PRIVATE_KEY = env.str("PUSH_VAPID_PRIVATE_KEY", default="")
PUSH_VAPID_SUBJECT = env.str("PUSH_VAPID_SUBJECT", default="mailto:operator@paddock.local")

# --- Email: console by default; SMTP (any provider) through EMAIL_URL. ---
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
# Where backend.common.mailfiles (local runs) writes each email.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(REPO_DIR / "var" / "emails"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Paddock <no-reply@paddock.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts: email login through django-allauth's headless API. ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
# The display name, asked at sign-up (accounts/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "backend.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Paddock] "
ACCOUNT_ADAPTER = "backend.notifications.adapters.AccountEmailAdapter"
HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser", "app")
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{SITE_URL}/account/verify-email/{{key}}",
    "account_reset_password_from_key": f"{SITE_URL}/account/password/reset/{{key}}",
    "account_signup": f"{SITE_URL}/account/signup",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Sign-up, login and password reset are rate-limited by allauth in the shared cache (Redis
# with REDIS_URL); over the limit the headless API answers 429 (Retry-After added by
# backend.common.security.RetryAfterMiddleware). Spelled out so operators see the numbers.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
RETRY_AFTER_DEFAULT_SECONDS = 60
# Reverse proxies in front of Paddock, each appending to X-Forwarded-For: every rate limit
# finds the client address through backend.common.http.client_ip (0: the header is ignored).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The admin needs a second factor (allauth.mfa TOTP) when on: backend/common/admin_site.py.
ADMIN_REQUIRE_MFA = env.bool("ADMIN_REQUIRE_MFA", default=IS_PRODUCTION)
LOGIN_URL = "/admin/login/"

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.common.authentication.SessionAuthentication",
        "backend.common.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every API request is counted (scopes `anon` and `user` below), one Redis round trip
    # each (backend/common/throttling.py); views with a limit of their own add it beside.
    "DEFAULT_THROTTLE_CLASSES": [
        "backend.common.throttling.AnonWindowThrottle",
        "backend.common.throttling.UserWindowThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "backend.common.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "backend.common.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "backend.common.errors.exception_handler",
    # The API reads JSON only (415 otherwise): depth and NUL characters bounded
    # (backend/common/parsers.py), and one body shape for clients and the schema.
    "DEFAULT_PARSER_CLASSES": ["backend.common.parsers.SafeJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # OPTIONS describes any view without a serializer (backend/common/metadata.py).
    "DEFAULT_METADATA_CLASS": "backend.common.metadata.ApiMetadata",
    # Throttles identify clients behind TRUSTED_PROXY_COUNT proxies, as client_ip does.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "600/min",
        "user": "1200/min",
        # Wrong invite codes per client (leagues.throttles): guessing codes stays hopeless.
        "league_join": "10/min",
        # Email invitations sent per player.
        "league_invite": "60/hour",
        # Conversion postbacks per partner address (handoff.apis.PostbackApi).
        "handoff_postback": "600/min",
        # Community: questions, replies and edits per member; flags per member.
        "community_post": "10/min",
        "community_flag": "30/hour",
        # Pick writes per player (game.apis.PickThrottle): plenty for changing one's mind.
        "game_pick": "60/min",
        # "Bet it for real" redirects per player, or per address when signed out.
        "handoff_go_bet": "30/min",
        # Downloads of one's own data (accounts.apis.MeExportApi).
        "accounts_export": "10/hour",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paddock API",
    "DESCRIPTION": "The weekly horse-racing prediction game: race cards, picks, rankings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # PATCH bodies are validated by the same serializers as the rest (fields required
    # unless they say otherwise), so the schema documents them as they are.
    "COMPONENT_SPLIT_PATCH": False,
    # Served from our own static files: no CDN is needed to read the docs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 400/401/403/404/429 as {"detail", "code"} on every operation (backend/common/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.common.openapi.add_standard_error_responses",
    ],
    # Choice sets that share a field name across apps get a stable name each.
    "ENUM_NAME_OVERRIDES": {
        "RoundStatusEnum": "backend.game.models.Round.Status",
        "HelpRequestStatusEnum": "backend.live.models.HelpRequest.Status",
        "SeasonStatusEnum": "backend.game.models.Season.Status",
        "PostStatusEnum": "backend.community.models.Status",
        "TopicKindEnum": "backend.community.models.Topic.Kind",
        "ImportKindEnum": "backend.racing.models.ImportRun.Kind",
        "ImportStatusEnum": "backend.racing.models.ImportRun.Status",
        "ImportTriggerEnum": "backend.racing.models.ImportRun.Trigger",
        "RaceCardOutputStatusEnum": "backend.racing.models.Race.Status",
        "SelectionKindEnum": "backend.game.explain.KINDS",
        "ExplainedRunnerStateEnum": "backend.game.explain.RUNNER_STATES",
        "CommunityRoleEnum": "backend.community.selectors.roles.Role",
        "RoleEnum": "backend.leagues.models.Membership.Role",
        "AssignableRoleEnum": "backend.leagues.apis.members.ASSIGNABLE_ROLES",
        "MissionKindEnum": "backend.community.models.Mission.Kind",
        "MissionPeriodEnum": "backend.community.models.Mission.Period",
        "CommunityEventKindEnum": "backend.community.models.CommunityEvent.Kind",
        "LiveMessageKindEnum": "backend.live.apis.moderation.KINDS",
    },
}

# --- I18n ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files: the built web app and the admin, served by WhiteNoise. ---
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(REPO_DIR / "var" / "static"))
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"  # the built web app (make frontend)
STATICFILES_DIRS = [p for p in [FRONTEND_DIST] if p.is_dir()]
# Vite names its assets with a content hash (assets/index-B1x2y3z4.js): cache them for good,
# as WhiteNoise does for the files Django's manifest storage hashed.
WHITENOISE_IMMUTABLE_FILE_TEST = r"(^|/)assets/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$|\.[0-9a-f]{12}\.\w+$"
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
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(REPO_DIR / "var" / "media"))

# --- Security: production values whenever DEBUG is off. ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# A load balancer probes /healthz over plain HTTP (backend/common/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# backend/common/security.py: one strict policy for the web app, the API, the admin and the
# API docs (drf-spectacular's split Swagger view loads its init script from a URL).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
CONTENT_SECURITY_POLICY_RELAXED: dict[str, str] = {}
SESSION_COOKIE_AGE = int(timedelta(days=30).total_seconds())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Paddock ---
# The game's and racing's tunables: defaults in backend/game/conf.py, backend/racing/conf.py.
PADDOCK_GAME = from_environment(
    env,
    TABLE_CACHE_SECONDS=("GAME_TABLE_CACHE_SECONDS", int),
    SETTLEMENT_SWEEP_AFTER_SECONDS=("GAME_SETTLEMENT_SWEEP_AFTER_SECONDS", int),
    SETTLEMENT_PARTITIONS=("GAME_SETTLEMENT_PARTITIONS", int),
)
PADDOCK_RACING = from_environment(
    env,
    PMU_BASE_URL=("PADDOCK_PMU_BASE_URL", str),
    PMU_TIMEOUT=("PADDOCK_PMU_TIMEOUT", float),
    PMU_RETRIES=("PADDOCK_PMU_RETRIES", int),
    SILKS_HOSTS=("PADDOCK_SILKS_HOSTS", str),
)

# Friend leagues: per-player and per-league limits, their defaults in backend/leagues/conf.py.
# None is read from the environment; a key set here (e.g. "MAX_MEMBERS_PER_LEAGUE") overrides it.
PADDOCK_LEAGUES: dict[str, object] = {}

# The live layer (websockets): defaults in backend/live/conf.py, docs/operator.md#live.
PADDOCK_LIVE = from_environment(
    env,
    MESSAGE_MAX_CHARS=("LIVE_MESSAGE_MAX_CHARS", int),
    BUCKET_CAPACITY=("LIVE_BUCKET_CAPACITY", int),
    BUCKET_REFILL_PER_SECOND=("LIVE_BUCKET_REFILL_PER_SECOND", float),
    THROTTLE_STRIKES=("LIVE_THROTTLE_STRIKES", int),
    HELP_WAIT_SECONDS=("LIVE_HELP_WAIT_SECONDS", int),
    HELPER_MIN_LEVEL=("LIVE_HELPER_MIN_LEVEL", str),
    ROOM_DEBRIEF_HOURS=("LIVE_ROOM_DEBRIEF_HOURS", int),
    POSTS_PER_MINUTE=("LIVE_POSTS_PER_MINUTE", int),
)

# Emails: the defaults are in backend/notifications/conf.py (docs/operator.md explains each);
# the environment may override these.
PADDOCK_NOTIFICATIONS = from_environment(
    env,
    CHUNK_SIZE=("NOTIFICATIONS_CHUNK_SIZE", int),
    UNSUBSCRIBE_MAILTO=("UNSUBSCRIBE_MAILTO", str),
)
