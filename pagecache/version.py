"""The content version: one token that every cached page and piece of a page is stored under.

Any change to what pages show replaces the token, so everything cached before it stops matching at
once, in every worker and on every machine that shares the "shared" cache. A request reads the
version once, when it starts (`reading`), and every piece of its page uses that same version.
"""

import contextvars
import uuid
from contextlib import contextmanager

from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "content-version"
_request_version = contextvars.ContextVar("content_version", default=None)


def content_version():
    """The current content version, created on first use (and after the shared cache lost it)."""
    version = _request_version.get()
    if version is not None:
        return version
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        # A new random token, so pages cached under any earlier version can never match it again.
        shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = shared.get(VERSION_KEY)
    return version


@contextmanager
def reading(version):
    """Within the block, `content_version()` answers `version` without asking the shared cache."""
    token = _request_version.set(version)
    try:
        yield
    finally:
        _request_version.reset(token)


def bump_content_version():
    caches["shared"].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_content_version_on_commit(using=None):
    transaction.on_commit(bump_content_version, using=using)
