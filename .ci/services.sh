# Sourced by `make test` and .ci/run: point the tests at the real PostgreSQL and Redis
# when they answer on this machine, unless DATABASE_URL / REDIS_URL are already set.
# With CI set, a missing service is an error: the suite never falls back to SQLite there.

pg_host=${PGHOST_PROBE:-127.0.0.1}
if [ -z "${DATABASE_URL:-}" ]; then
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$pg_host" -p 5432; then
    export DATABASE_URL="postgres://postgres@${pg_host}:5432/paddock"
  fi
fi
if [ -z "${REDIS_URL:-}" ]; then
  if command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
    export REDIS_URL="redis://127.0.0.1:6379/1"
  fi
fi
if [ -n "${CI:-}" ]; then
  case "${DATABASE_URL:-}" in
    postgres*) ;;
    *) echo "CI is set but PostgreSQL is not reachable (DATABASE_URL=${DATABASE_URL:-unset})" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  if [ -z "${REDIS_URL:-}" ]; then
    echo "CI is set but Redis is not reachable (REDIS_URL unset)" >&2; return 1 2>/dev/null || exit 1
  fi
fi
echo "tests use: database=${DATABASE_URL:-sqlite (embedded)} redis=${REDIS_URL:-none (local memory, eager Celery)}"
