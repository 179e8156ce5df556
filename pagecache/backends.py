"""Redis as a cache that is allowed to fail.

A cache is an optimisation: when Redis stops, hangs or refuses, the site must go on answering from
the database, a little slower. Every operation of this backend has short timeouts, and a failure
reads as a miss (a write is dropped); after a failure the worker stops asking Redis for a few
seconds (a circuit breaker), so a dead or hung server costs one timeout per few seconds, not one per
request, and the log gets one line when Redis goes away and one when it is back.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connecting to and answering from a healthy Redis on a local network takes well under a millisecond.
TIMEOUT_SECONDS = 0.1
# How long a worker leaves Redis alone after a failure before trying again.
PAUSE_SECONDS = 5.0

# Per server, shared by every thread of the worker (Django makes one cache object per thread).
_paused_until = {}
_lock = threading.Lock()


def _resilient(method_name, on_failure):
    """The RedisCache method, answering `on_failure(*args)` when Redis fails or is paused."""
    method = getattr(RedisCache, method_name)

    def call(self, *args, **kwargs):
        if time.monotonic() < _paused_until.get(self._server_key, 0):
            return on_failure(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self._pause(error)
            return on_failure(*args, **kwargs)
        self._resume()
        return result

    call.__name__ = method_name
    call.__doc__ = method.__doc__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._server_key = repr(self._servers)

    def _pause(self, error):
        with _lock:
            was_healthy = _paused_until.get(self._server_key, 0) == 0
            _paused_until[self._server_key] = time.monotonic() + PAUSE_SECONDS
        if was_healthy:
            logger.warning(
                "Cache server unavailable (%s: %s); serving without it, retrying every %g s.",
                type(error).__name__, error, PAUSE_SECONDS,
            )  # fmt: skip

    def _resume(self):
        if _paused_until.get(self._server_key, 0):
            with _lock:
                _paused_until[self._server_key] = 0
            logger.warning("Cache server available again.")

    get = _resilient("get", _default)
    get_many = _resilient("get_many", lambda *args, **kwargs: {})
    has_key = _resilient("has_key", lambda *args, **kwargs: False)
    add = _resilient("add", lambda *args, **kwargs: False)
    set = _resilient("set", _nothing)
    set_many = _resilient("set_many", lambda *args, **kwargs: [])
    touch = _resilient("touch", lambda *args, **kwargs: False)
    delete = _resilient("delete", lambda *args, **kwargs: False)
    delete_many = _resilient("delete_many", _nothing)
    clear = _resilient("clear", lambda *args, **kwargs: False)

    def incr(self, key, delta=1, version=None):
        """Counting needs the server: without it the count is unknown, which callers must decide on."""
        return super().incr(key, delta, version)

    def is_paused(self):
        return time.monotonic() < _paused_until.get(self._server_key, 0)
