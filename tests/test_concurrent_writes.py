"""Writes wait for each other instead of failing, on SQLite and PostgreSQL alike.

The engine tests run the site's own settings in a child process against a database of their own (a
file, not the suite's in-memory database, which cannot hold a lock between connections), with real
concurrent connections. `make loadtest` measures the same under load through gunicorn.
"""

import json
import os
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from reversion.models import Version

from search.models import SearchDocument
from tests.support.factories import make_post, make_superuser
from tests.support.system_services import require

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")

# Two connections write the same row at once. The second does what the admin's save does: it reads
# inside its transaction, then writes. On SQLite that is the pattern that failed at once with
# "database is locked" when the first writer committed in between.
TWO_WRITERS = textwrap.dedent(
    """
    import json, threading
    import django
    django.setup()
    from django.db import DatabaseError, connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE probe (id integer PRIMARY KEY, saves integer NOT NULL)")
        cursor.execute("INSERT INTO probe VALUES (1, 0)")
    connection.close()
    first_wrote, second_read, outcome = threading.Event(), threading.Event(), {}

    def save(name, before_write=None, after_write=None):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT saves FROM probe WHERE id = 1")
                    if before_write:
                        before_write()
                    cursor.execute("UPDATE probe SET saves = saves + 1 WHERE id = 1")
                    if after_write:
                        after_write()
            outcome[name] = "saved"
        except DatabaseError as error:
            outcome[name] = f"failed: {error}"
        finally:
            connection.close()

    def first():
        # Holds its write until the second has read (or, when writes queue, a moment has passed).
        save("first", after_write=lambda: (first_wrote.set(), second_read.wait(1)))

    def second():
        first_wrote.wait(10)
        save("second", before_write=second_read.set)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT saves FROM probe WHERE id = 1")
        outcome["stored saves"] = cursor.fetchone()[0]
    print(json.dumps(outcome))
    """
)

DESCRIBE_DATABASE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.db import connection

    described = {"options": settings.DATABASES["default"].get("OPTIONS", {})}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pragma in ("journal_mode", "synchronous", "busy_timeout"):
                cursor.execute(f"PRAGMA {pragma}")
                described[pragma] = cursor.fetchone()[0]
    print(json.dumps(described))
    """
)


def run_site_code(code, database_url, tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_SECRET_KEY": "concurrency-test-secret-key-0123456789-abcdefghij",
        "DATABASE_URL": database_url,
        "KB_CACHE_DIR": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def scratch_postgres():
    require(POSTGRES_URL, "KB_TEST_POSTGRES_URL is not set: no PostgreSQL for two connections")
    import psycopg

    name = f"kb_concurrent_writes_{os.getpid()}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlparse(POSTGRES_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_sqlite_runs_in_wal_mode_and_every_transaction_waits_to_write(tmp_path):
    described = run_site_code(DESCRIBE_DATABASE, f"sqlite:///{tmp_path}/db.sqlite3", tmp_path)
    assert described["options"]["transaction_mode"] == "IMMEDIATE"
    assert described["journal_mode"] == "wal"
    assert described["synchronous"] == 1  # NORMAL
    assert described["busy_timeout"] == 20_000  # milliseconds


def test_postgresql_gets_none_of_the_sqlite_options(tmp_path):
    # Only the settings are read: no connection is made to this address.
    code = DESCRIBE_DATABASE.replace("if connection.vendor", "if False and connection.vendor")
    described = run_site_code(code, "postgres://kb:kb@127.0.0.1:5432/not_connected", tmp_path)
    assert not {"transaction_mode", "init_command", "timeout"} & set(described["options"])


def test_on_sqlite_a_second_writer_waits_for_the_first_and_both_are_stored(tmp_path):
    outcome = run_site_code(TWO_WRITERS, f"sqlite:///{tmp_path}/db.sqlite3", tmp_path)
    assert outcome == {"first": "saved", "second": "saved", "stored saves": 2}


def test_on_postgresql_a_second_writer_waits_for_the_first_and_both_are_stored(tmp_path, scratch_postgres):
    outcome = run_site_code(TWO_WRITERS, scratch_postgres, tmp_path)
    assert outcome == {"first": "saved", "second": "saved", "stored saves": 2}


@pytest.mark.django_db
def test_a_refused_save_shows_the_conflict_and_stores_nothing():
    post = make_post(title="Shared", body="Shared starting text.\n")
    ana, ben = Client(), Client()
    ana.force_login(make_superuser(username="ana"))
    ben.force_login(make_superuser(username="ben"))
    opened = {
        "kind": post.kind, "title": post.title, "slug": post.slug, "body": post.body,
        "category": post.category_id, "author": post.author_id, "excerpt": "", "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "opened_revision": post.revision,
    }  # fmt: skip
    change = f"/admin/posts/post/{post.pk}/change/"
    assert ana.post(change, {**opened, "body": "Ana's words.\n"}).status_code == 302
    versions, log_entries = Version.objects.count(), LogEntry.objects.count()

    refused = ben.post(change, {**opened, "title": "Ben's title", "body": "Ben's words.\n"})

    assert refused.status_code == 200
    assert "Someone else saved this post since you opened it" in refused.content.decode()
    post.refresh_from_db()
    assert (post.title, post.body.strip(), post.revision) == ("Shared", "Ana's words.", 2)
    assert Version.objects.count() == versions
    assert LogEntry.objects.count() == log_entries
    assert SearchDocument.objects.get(post=post).title == "Shared"
