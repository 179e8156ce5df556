import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.system_services import require

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("KB_TEST_REDIS_URL", "")

pytestmark = pytest.mark.django_db


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_redis(settings, url):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    settings.REDIS_URL = url
    settings.CACHES = {"default": redis, "shared": redis}


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_health_is_ok_with_a_working_redis(client, settings):
    require(REDIS_URL, "KB_TEST_REDIS_URL is not set: no Redis server to test against")
    use_redis(settings, REDIS_URL)
    assert client.get("/healthz").status_code == 200


def test_health_reports_an_unreachable_cache(client, settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode().startswith("cache unavailable")


def test_health_reports_an_unreachable_database():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); print(r.status_code, r.content.decode())"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_SECRET_KEY": "health-test-secret-key-0123456789-abcdefghijklmnop",
        "DATABASE_URL": f"postgres://kb:kb@127.0.0.1:{closed_port()}/kb",
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.startswith("503 database unavailable (OperationalError)"), result.stderr
