# The Python services of Paddock: web (daphne, ASGI: HTTP and websockets), worker and beat share this image.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/ ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else mkdir -p dist; fi

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_SYSTEM_PYTHON=1
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY requirements/ requirements/
RUN uv pip install --system --no-cache -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY backend/ backend/
COPY scoring/ scoring/
COPY importers/ importers/
RUN uv pip install --system --no-cache --no-deps -e .
COPY --from=frontend /app/frontend/dist frontend/dist
RUN SECRET_KEY=build-only python backend/manage.py collectstatic --no-input
RUN useradd --create-home paddock && mkdir -p var && chown paddock var
USER paddock
EXPOSE 8000
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", "backend.config.asgi:application"]
