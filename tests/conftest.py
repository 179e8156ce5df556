import pytest
from django.core.cache import caches
from django.test import Client

from tests.support.factories import make_superuser


@pytest.fixture
def staff_client(db):
    """A browser logged in as staff; the account is a superuser, so no permission is in the way."""
    client = Client()
    client.force_login(make_superuser())
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
