"""docker-compose.yml parses and names only settings that exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "backend" / "config" / "settings.py").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_parses_with_the_production_services() -> None:
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert any("mail" in name for name in services)


def test_it_names_only_environment_variables_the_settings_read() -> None:
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS))
    for name in ("web", "worker", "beat"):
        env = _compose()["services"][name]["environment"]
        unknown = set(env) - read
        assert not unknown, f"{name} sets {unknown}, which settings.py never reads"


def test_it_documents_every_setting_in_the_env_example() -> None:
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS)) - {"PYTEST_XDIST_WORKER"}
    documented = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, flags=re.MULTILINE))
    assert read - documented == set()


def test_it_runs_the_python_services_from_the_dockerfile() -> None:
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["build"] == "."
    assert "backend.config" in services["worker"]["command"]


def test_the_web_service_serves_asgi_for_websockets() -> None:
    command = _compose()["services"]["web"]["command"]
    assert "daphne" in command
    assert "backend.config.asgi:application" in command


def test_every_queue_a_task_is_routed_to_has_a_worker() -> None:
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    routed.add(settings.CELERY_TASK_DEFAULT_QUEUE)
    consumed: set[str] = set()
    for service in _compose()["services"].values():
        command = str(service.get("command", ""))
        if " worker" in command:
            match = re.search(r"-Q\s+(\S+)", command)
            assert match, f"a worker without -Q consumes only the default queue: {command}"
            consumed |= set(match[1].split(","))
    assert routed <= consumed
    makefile = (ROOT / "Makefile").read_text()
    worker = re.search(r"celery -A backend\.config worker -Q (\S+)", makefile)
    assert worker is not None
    assert routed <= set(worker[1].split(","))
