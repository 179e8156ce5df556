"""Two gunicorn instances sharing one PostgreSQL and one Redis, as on two machines.

A post saved through one instance's admin must be served fresh by the other at once, although the
other had the old page cached.
"""

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.support.system_services import require

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("KB_TEST_REDIS_URL", "")
ADMIN = ("two-instances-admin", "a-long-test-password-2")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scratch_database():
    """A database of its own, outside the test transaction, so both instances see every commit."""
    require(POSTGRES_URL, "KB_TEST_POSTGRES_URL is not set: no PostgreSQL to share between instances")
    import psycopg

    name = f"kb_two_instances_{os.getpid()}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlparse(POSTGRES_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site_environment(scratch_database):
    require(REDIS_URL, "KB_TEST_REDIS_URL is not set: no Redis to share between instances")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_SECRET_KEY": "two-instances-test-secret-key-0123456789-abcdefghij",
        "DATABASE_URL": scratch_database,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SUPERUSER_USERNAME": ADMIN[0],
        "DJANGO_SUPERUSER_PASSWORD": ADMIN[1],
        "GUNICORN_ACCESS_LOG": "",
        "WEB_CONCURRENCY": "2",
    }
    environment.pop("DJANGO_DEBUG", None)
    for command in (["migrate"], ["loaddemo"], ["ensureadmin"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    return environment


@pytest.fixture
def two_instances(site_environment, tmp_path):
    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "kb.wsgi"],
                    cwd=ROOT,
                    env={**site_environment, "PORT": str(port), "HOST": "127.0.0.1"},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_until_healthy(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def wait_until_healthy(url):
    """Polls until the server answers; the deadline only stops a server that never starts."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not become healthy")


def read(opener_or_url, url=None, data=None):
    if url is None:
        opener, url = urllib.request.build_opener(), opener_or_url
    else:
        opener = opener_or_url
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with opener.open(url, data=body, timeout=30) as response:
        return response.read().decode()


def hidden_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def field_value(page, name):
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


def selected_option(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected', select).group(1)


def textarea(page, name):
    return html.unescape(re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1))


def test_a_post_saved_through_one_instance_is_served_fresh_by_the_other(two_instances):
    first, second = two_instances
    home = read(second + "/")
    post_path = re.search(r'<h3><a href="(/posts/[^"]+/)">', home).group(1)
    old_title = html.unescape(re.search(r"<h1>(.*?)</h1>", read(second + post_path)).group(1))
    read(second + post_path)  # now warm in the shared cache

    editor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = read(editor, first + "/admin/login/")
    credentials = {"username": ADMIN[0], "password": ADMIN[1], "csrfmiddlewaretoken": hidden_token(login)}
    read(editor, first + "/admin/login/?next=/admin/", credentials)
    changelist = read(editor, first + "/admin/posts/post/?q=" + urllib.parse.quote(old_title))
    change_url = re.search(r'href="(/admin/posts/post/\d+/change/)[^"]*"', changelist).group(1)
    form = read(editor, first + change_url)
    new_title = old_title + " (revised)"
    read(editor, first + change_url, {
        "csrfmiddlewaretoken": hidden_token(form),
        "kind": selected_option(form, "kind"),
        "title": new_title,
        "slug": field_value(form, "slug"),
        "body": textarea(form, "body"),
        "category": selected_option(form, "category"),
        "author": selected_option(form, "author"),
        "excerpt": textarea(form, "excerpt"),
        "status": selected_option(form, "status"),
        "published_at_0": field_value(form, "published_at_0"),
        "published_at_1": field_value(form, "published_at_1"),
        "_save": "Save",
    })  # fmt: skip

    assert html.escape(new_title) in read(second + post_path)
    assert html.escape(new_title) in read(second + "/")
