"""The content version: one token that every cached page and piece of a page is stored under.

Any change to what pages show replaces the token, so everything cached before it stops matching at
once, in every worker and on every machine. The token's source of truth is a database row, changed
in the same transaction as the content; the shared cache holds a copy for at most
`VERSION_COPY_SECONDS`, so whatever the cache loses or brings back from an old snapshot, readers are
never served a page older than the last save for longer than that. A request reads the version once,
when it starts (`reading`), and every piece of its page uses that same version.
"""

import contextvars
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "content-version"
ROW = 1
_request_version = contextvars.ContextVar("content_version", default=None)


def copy_seconds():
    # Browsers may keep a page for PAGE_MAX_AGE anyway; the cache's copy is kept no longer than that.
    return max(1, min(settings.CONTENT_VERSION_COPY_SECONDS, settings.PAGE_MAX_AGE))


def content_version():
    """The current content version: the shared cache's copy, else the database's row."""
    version = _request_version.get()
    if version is not None:
        return version
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        version = stored_version()
        shared.add(VERSION_KEY, version, timeout=copy_seconds())
    return version


def stored_version(using=None):
    from .models import ContentVersion

    row = ContentVersion.objects.using(using).filter(pk=ROW).values_list("token", flat=True).first()
    if row is None:
        row, _ = ContentVersion.objects.using(using).get_or_create(pk=ROW, defaults={"token": new_token()})
        row = row.token
    return row


def new_token():
    return uuid.uuid4().hex


@contextmanager
def reading(version):
    """Within the block, `content_version()` answers `version` without asking the shared cache."""
    token = _request_version.set(version)
    try:
        yield
    finally:
        _request_version.reset(token)


def change_content_version(using=None):
    """A new version, written with the change that calls for it (in its transaction).

    The cache's copy becomes a throw-away token at once, then the new version once the transaction
    commits: a page rendered from the old rows in between is stored under the throw-away token, which
    nothing ever matches again.
    """
    from .models import ContentVersion

    token = new_token()
    ContentVersion.objects.using(using).update_or_create(pk=ROW, defaults={"token": token})
    shared = caches["shared"]
    shared.set(VERSION_KEY, new_token(), timeout=copy_seconds())
    transaction.on_commit(lambda: shared.set(VERSION_KEY, token, timeout=copy_seconds()), using=using)


def bump_content_version():
    """A new version now, outside any particular change (benchmarks, tests, a restored backup)."""
    with transaction.atomic():
        change_content_version()
