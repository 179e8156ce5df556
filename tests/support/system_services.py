"""Tests that need a system service (PostgreSQL, Redis, Chromium, Java) use `require`.

On a developer's machine a missing service skips the test with the reason printed; in CI
(CI=true) it fails instead, because CI must run every test.
"""

import os

import pytest


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def require(available, reason):
    """Skip (or fail in CI) unless `available` is true."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI must run this test, but: {reason}")
    pytest.skip(reason)
