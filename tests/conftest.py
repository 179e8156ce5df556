import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_staff


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(make_staff())
    return client


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files from tests land in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with no cached pages, as the database starts with no rows."""
    for cache in caches.all():
        cache.clear()
