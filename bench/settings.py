"""The project's settings with the benchmark's URLs (`bench.urls`): used only by the
gunicorn `bench_api` starts, never in production."""

from backend.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
