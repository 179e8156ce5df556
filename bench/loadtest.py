"""`make loadtest`: readers, voters and two editors at once against gunicorn, then every write checked.

Serves a scratch database exactly as `make run` does (gunicorn.conf.py, kb.wsgi, kb.settings): a
temporary SQLite file, or, when DATABASE_URL names a PostgreSQL database, one of its own on the same
server, named after it with `_loadtest` added (created afresh, dropped afterwards). Seeds a few
dozen posts and two editor accounts, then for DURATION seconds runs

- 32 readers fetching post, home, category and search pages;
- about 20 votes a second, each from its own address (sent as X-Forwarded-For with one trusted
  proxy, so the per-address feedback limit is that of a real site), with a comment after every "No";
- two editors, each logged in through the admin, opening a post's change form and posting it back
  with its CSRF token and opened_revision field; every third save both open the same post and save
  it together, so one of them meets the edit-conflict page, and half the time saves again over it;
  now and then an editor restores an earlier revision from a post's history instead.

Then it stops gunicorn and looks every acknowledged write up in the database: votes by the id in
their signed ballot cookie, comments and saves by a unique marker in their text (a save in the post's
kept revisions), restores by the revisions they made. It prints requests and statuses per kind, 5xx
responses, errors in gunicorn's log, and acknowledged vs stored writes; the exit status is 1 unless
the target is met (no 5xx, no "database is locked", every acknowledged write stored, no refused save
stored).
"""

import argparse
import http.client
import itertools
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_KEY = "loadtest-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
POSTS = 40
EDITORS = ("load-editor-ana", "load-editor-ben")
CONFLICT_TEXT = "Someone else saved this post since you opened it"


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=float(os.environ.get("DURATION", "60")))
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--votes-per-second", type=float, default=20)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", "0") or 0))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server and database name; the load test works in NAME_loadtest beside it",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch files and database")
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Seeding and checking run in this process with the site's own settings.


def scratch_database(database_url, scratch):
    """A SQLite file in `scratch`, or a fresh PostgreSQL database beside the one `database_url` names."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{scratch}/db.sqlite3", None
    import psycopg

    parts = urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'kb'}_loadtest"
    with psycopg.connect(database_url, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(database_url, name):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_environment(scratch, port, database_url):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "KB_CACHE_DIR": str(scratch / "cache"),
        "MEDIA_ROOT": str(scratch / "media"),
        # The load generator plays the reverse proxy that tells the site each reader's address.
        "KB_TRUSTED_PROXIES": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    for name in ("DJANGO_DEBUG", "REDIS_URL", "KB_FEEDBACK_PER_HOUR"):
        environment.pop(name, None)
    return environment


def seed(passwords):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from posts.models import Author, Category, Post

    with transaction.atomic():
        categories = [
            Category.objects.create(name=f"Load topic {n}", slug=f"load-topic-{n}") for n in range(4)
        ]
        authors = []
        for username in EDITORS:
            user = get_user_model().objects.create_superuser(username, "", passwords[username])
            authors.append(Author.objects.create(name=username, slug=f"load-{username}", user=user))
        for n in range(POSTS):
            Post.objects.create(
                title=f"How do we answer load question {n}?",
                slug=f"load-{n}",
                category=categories[n % len(categories)],
                author=authors[n % 2],
                body=base_body(n),
                status=Post.Status.PUBLISHED,
            )


def base_body(n):
    paragraph = (
        f"Question {n} comes up often. The short answer: measure first, then change one thing at a "
        "time, and write down what you saw. "
    )
    return (
        f"## The answer to {n}\n\n{paragraph * 4}\n\n- one step\n- another step\n\n"
        f"```python\ndef answer():\n    return {n}\n```\n"
    )


def check_writes(acknowledged, refused_markers):
    """How many acknowledged writes of each kind are in the database, and refused saves stored."""
    from reversion.models import Revision, Version

    from feedback.models import Vote
    from posts.models import Post

    stored = Counter()
    stored["vote"] = Vote.objects.filter(pk__in=acknowledged["vote"]).count()
    comments = set(Vote.objects.filter(comment__startswith="loadtest-").values_list("comment", flat=True))
    stored["comment"] = sum(marker in comments for marker in acknowledged["comment"])
    revisions = Version.objects.get_for_model(Post).values_list("serialized_data", flat=True)
    saved_text = "\n".join([*revisions, *Post.objects.values_list("body", flat=True)])
    found = set(re.findall(r"loadtest-save-[0-9a-f]{32}", saved_text))
    stored["save"] = sum(marker in found for marker in acknowledged["save"])
    stored["restore"] = Revision.objects.filter(comment__startswith="Restored the revision").count()
    return stored, sum(marker in found for marker in refused_markers)


def database_description():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        return f"SQLite {sqlite3.sqlite_version} (journal {mode})"


# The HTTP side: one keep-alive connection per simulated browser, cookies kept by hand.


class Browser:
    def __init__(self, port, address=None):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}
        self.address = address

    def request(self, method, path, fields=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed meanwhile; a browser retries too.
                self.connection.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, response.getheader("Location", ""), content.decode("utf-8", "replace")

    def close(self):
        self.connection.close()


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields = []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.fields.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_fields(html, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.fields


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = defaultdict(Counter)
        self.latencies = defaultdict(list)
        self.acknowledged = defaultdict(list)
        self.refused_markers = []
        self.failures = Counter()

    def record(self, kind, status, seconds):
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)

    def timed(self, kind, browser, method, path, fields=None):
        start = time.perf_counter()
        try:
            status, location, content = browser.request(method, path, fields)
        except (OSError, http.client.HTTPException) as error:
            self.record(kind, f"error: {type(error).__name__}", time.perf_counter() - start)
            return None, "", ""
        self.record(kind, status, time.perf_counter() - start)
        return status, location, content


def reader(port, deadline, results, seed_number):
    rng = random.Random(seed_number)
    browser = Browser(port)
    pages = [
        *(f"/posts/load-{n}/" for n in range(POSTS)),
        *(["/"] * 6),
        *(f"/category/load-topic-{n}/" for n in range(4)),
        *(f"/search/?q=answer+{n}" for n in range(4)),
    ]
    while time.monotonic() < deadline:
        path = rng.choice(pages)
        kind = "read: search" if path.startswith("/search/") else "read"
        results.timed(kind, browser, "GET", path)
    browser.close()


def ballot_vote_id(cookie_value):
    """The vote id the site put in the signed ballot cookie: the site's acknowledgement."""
    from django.core import signing

    from feedback.ballot import COOKIE_SALT

    ballot = signing.loads(cookie_value, salt=COOKIE_SALT, key=SECRET_KEY)
    return next(iter(ballot.values()))[0]


def voter(port, deadline, results, schedule, addresses):
    while True:
        when = next(schedule)
        if when >= deadline:
            return
        time.sleep(max(0.0, when - time.monotonic()))
        address = next(addresses)
        browser = Browser(port, address=address)
        slug = f"load-{random.randrange(POSTS)}"
        helpful = random.random() < 0.5
        status, _, _ = results.timed(
            "vote", browser, "POST", f"/posts/{slug}/vote/", {"helpful": "yes" if helpful else "no"}
        )
        if status == 303 and "kb_feedback" in browser.cookies:
            with results.lock:
                results.acknowledged["vote"].append(ballot_vote_id(browser.cookies["kb_feedback"]))
            if not helpful:
                # As a browser does: follow the redirect to the thanks page, whose form asks what
                # was missing, and send it with its CSRF token.
                status, _, html = results.timed("feedback page", browser, "GET", f"/posts/{slug}/feedback/")
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html or "")
                if status != 200 or not token:
                    browser.close()
                    continue
                marker = f"loadtest-comment-{uuid.uuid4().hex}"
                fields = {"csrfmiddlewaretoken": token.group(1), "comment": marker}
                status, _, _ = results.timed("comment", browser, "POST", f"/posts/{slug}/feedback/", fields)
                if status == 303:
                    with results.lock:
                        results.acknowledged["comment"].append(marker)
        browser.close()


class Editor:
    def __init__(self, port, username, password, own_posts, results):
        self.browser = Browser(port)
        self.username, self.password = username, password
        self.own_posts, self.results = own_posts, results

    def log_in(self):
        status, _, html = self.results.timed("admin login", self.browser, "GET", "/admin/login/?next=/admin/")
        fields = dict(form_fields(html, "login-form"))
        fields.update(username=self.username, password=self.password)
        status, location, _ = self.results.timed(
            "admin login", self.browser, "POST", "/admin/login/?next=/admin/", fields
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in (status {status})")

    def open(self, pk):
        status, _, html = self.results.timed(
            "admin form", self.browser, "GET", f"/admin/posts/post/{pk}/change/"
        )
        return form_fields(html, "post_form") if status == 200 else None

    def save(self, pk, fields, marker):
        """Post the change form with a new marker line; returns "saved", "conflict" or the status."""
        body = next(value for name, value in fields if name == "body")
        body = re.sub(r"\n\nloadtest-save-[0-9a-f]{32}\n?$", "", body.rstrip("\n")) + f"\n\n{marker}\n"
        sent = [(name, body if name == "body" else value) for name, value in fields] + [("_save", "Save")]
        status, _, html = self.results.timed(
            "admin save", self.browser, "POST", f"/admin/posts/post/{pk}/change/", sent
        )
        if status == 302:
            with self.results.lock:
                self.results.acknowledged["save"].append(marker)
            return "saved", None
        if status == 200 and CONFLICT_TEXT in html:
            with self.results.lock:
                self.results.statuses["admin save: conflict page"][200] += 1
                self.results.refused_markers.append(marker)
            return "conflict", form_fields(html, "post_form")
        # Any other answer is a failure; a form error says why.
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html or "", re.S)
        reason = re.sub(r"<[^>]+>|\s+", " ", " ".join(errors)).strip()[:120]
        with self.results.lock:
            self.results.refused_markers.append(marker)
            self.results.failures[f"save answered {status}" + (f": {reason}" if reason else "")] += 1
        return status, None

    def restore(self, pk):
        """Restore the revision before the current one from the post's history, as an editor does."""
        status, _, html = self.results.timed(
            "admin history", self.browser, "GET", f"/admin/posts/post/{pk}/history/"
        )
        versions = re.findall(rf'href="(/admin/posts/post/{pk}/history/\d+/)"', html or "")
        if len(versions) < 2:
            return
        status, _, html = self.results.timed("admin history", self.browser, "GET", versions[1])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html or "")
        if status != 200 or not token:
            return
        fields = {"csrfmiddlewaretoken": token.group(1)}
        status, location, _ = self.results.timed("admin restore", self.browser, "POST", versions[1], fields)
        if status != 302:
            with self.results.lock:
                self.results.failures[f"restore answered {status}"] += 1
            return
        # Success or refusal is told by the message on the page the restore leads to.
        status, _, html = self.results.timed("admin form", self.browser, "GET", location)
        if "Restored the revision" in (html or ""):
            with self.results.lock:
                self.results.acknowledged["restore"].append(pk)

    def run(self, deadline, pair_barrier, shared_pk, think):
        rng = random.Random(self.username)
        try:
            self.log_in()
        except (RuntimeError, OSError) as error:
            with self.results.lock:
                self.results.failures[str(error)] += 1
            pair_barrier.abort()
            return
        for turn in itertools.count():
            if time.monotonic() >= deadline:
                break
            together = turn % 3 == 2
            pk = shared_pk if together else rng.choice(self.own_posts)
            if turn % 5 == 4 and not together:
                self.restore(pk)
                continue
            fields = self.open(pk)
            if fields is None:
                continue
            if together:
                try:
                    pair_barrier.wait(timeout=30)  # both have opened the same revision
                except threading.BrokenBarrierError:
                    break
            outcome, conflict_fields = self.save(pk, fields, f"loadtest-save-{uuid.uuid4().hex}")
            if outcome == "conflict" and rng.random() < 0.5:
                # The editor read the other change and saves theirs over it on purpose.
                self.save(pk, conflict_fields, f"loadtest-save-{uuid.uuid4().hex}")
            time.sleep(think)
        pair_barrier.abort()
        self.browser.close()


# Running gunicorn and reporting.


def start_server(environment, log):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "kb.wsgi"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited at start; see its log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", int(environment["PORT"]), timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer /healthz within 60 s")


def log_findings(log_text):
    return {
        "errors logged (Internal Server Error)": log_text.count("Internal Server Error:"),
        "tracebacks": log_text.count("Traceback (most recent call last)"),
        '"database is locked"': len(re.findall(r"OperationalError: database is locked", log_text)),
        "worker timeouts": log_text.count("WORKER TIMEOUT"),
    }


def first_error(log_text):
    marker = "Internal Server Error:" if "Internal Server Error:" in log_text else "Traceback"
    record = log_text.split(marker)[1]
    lines = record.splitlines()
    kept = [
        line.strip() + " " + lines[n + 1].strip()
        for n, line in enumerate(lines[:-1])
        if line.strip().startswith(f'File "{ROOT}/') and "/.venv/" not in line
    ]
    kept += [line for line in lines if re.match(r"^[\w.]+(Error|Exception): ", line)]
    return "\n".join(dict.fromkeys(kept))


def milliseconds(values, fraction):
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100)[int(fraction * 100) - 1] * 1000:.0f}"


def report(results, findings, stored, refused_stored, args, database, load_before, load_after):
    say()
    say(f"Command: python -m bench.loadtest {' '.join(sys.argv[1:])}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    say(
        f"Database: {database}; {args.duration:g} s; {args.readers} readers; {os.cpu_count()} cores, "
        f"load average {load_before} before, {load_after} after"
    )
    say()
    say("| requests | count | statuses | p50 ms | p99 ms |")
    say("| --- | ---: | --- | ---: | ---: |")
    fivexx = unanswered = 0
    for kind in sorted(results.statuses):
        statuses = results.statuses[kind]
        fivexx += sum(n for status, n in statuses.items() if isinstance(status, int) and status >= 500)
        unanswered += sum(n for status, n in statuses.items() if not isinstance(status, int))
        if kind.endswith("conflict page"):
            continue
        described = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str))
        latencies = results.latencies[kind]
        say(
            f"| {kind} | {sum(statuses.values()):,} | {described} | "
            f"{milliseconds(latencies, 0.5)} | {milliseconds(latencies, 0.99)} |"
        )
    conflicts = results.statuses["admin save: conflict page"][200]
    say()
    say(f"Edit conflicts answered with the conflict page (200): {conflicts}")
    say(f"Responses 5xx: {fivexx}; requests without an answer (connection errors, timeouts): {unanswered}")
    for name, count in findings.items():
        say(f"gunicorn log, {name}: {count}")
    for failure, count in results.failures.items():
        say(f"Failure: {failure} ×{count}")
    say()
    say("| write | acknowledged | stored |")
    say("| --- | ---: | ---: |")
    for kind in ("vote", "comment", "save", "restore"):
        say(f"| {kind} | {len(results.acknowledged[kind]):,} | {stored[kind]:,} |")
    say(f"| refused save (conflict or error) | {len(results.refused_markers):,} | {refused_stored:,} |")
    kinds = ("vote", "comment", "save", "restore")
    lost = sum(max(0, len(results.acknowledged[kind]) - stored[kind]) for kind in kinds)
    locked = findings['"database is locked"']
    met = not any([fivexx, unanswered, locked, lost, refused_stored, len(results.failures)])
    say()
    say("Target met: " + ("yes" if met else "NO"))
    return met


def load_average():
    return f"{os.getloadavg()[0]:.1f}"


def main():
    args = arguments()
    scratch = Path(tempfile.mkdtemp(prefix="kb-loadtest-"))
    port = args.port or free_port()
    database_url, postgres_name = scratch_database(args.database_url, scratch)
    environment = site_environment(scratch, port, database_url)
    os.environ.update(environment)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=environment, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    import django

    django.setup()
    from django.db import connections

    passwords = {username: uuid.uuid4().hex for username in EDITORS}
    seed(passwords)
    from posts.models import Post

    shared_pk = Post.objects.get(slug="load-0").pk
    own = {
        username: list(Post.objects.filter(author__user__username=username).exclude(pk=shared_pk)
                       .values_list("pk", flat=True))
        for username in EDITORS
    }  # fmt: skip
    database = database_description()
    connections.close_all()

    log_path = scratch / "gunicorn.log"
    say(f"Serving {database} with gunicorn on 127.0.0.1:{port}; {args.duration:g} s of load...")
    load_before = load_average()
    with log_path.open("wb") as log:
        server = start_server(environment, log)
        try:
            results = Results()
            start = time.monotonic()
            deadline = start + args.duration
            interval = 1 / args.votes_per_second
            schedule_lock = threading.Lock()
            times = (start + n * interval for n in itertools.count())
            # Distinct reader addresses from a documentation range, one per vote and its comment.
            addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())

            def locked(iterator):
                while True:
                    with schedule_lock:
                        item = next(iterator)
                    yield item

            vote_schedule, vote_addresses = locked(times), locked(addresses)
            pair_barrier = threading.Barrier(len(EDITORS))
            threads = [
                threading.Thread(target=reader, args=(port, deadline, results, n))
                for n in range(args.readers)
            ]
            threads += [
                threading.Thread(target=voter, args=(port, deadline, results, vote_schedule, vote_addresses))
                for _ in range(8)
            ]
            threads += [
                threading.Thread(
                    target=Editor(port, username, passwords[username], own[username], results).run,
                    args=(deadline, pair_barrier, shared_pk, 0.2),
                )
                for username in EDITORS
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=60)
    load_after = load_average()
    stored, refused_stored = check_writes(results.acknowledged, results.refused_markers)
    connections.close_all()
    if postgres_name and not args.keep:
        drop_database(args.database_url, postgres_name)
    findings = log_findings(log_path.read_text(errors="replace"))
    met = report(results, findings, stored, refused_stored, args, database, load_before, load_after)
    if findings["tracebacks"]:
        say("\nThe first error in gunicorn's log, its project frames and exceptions:")
        say(first_error(log_path.read_text(errors="replace")))
    if args.keep or not met:
        say(f"\nScratch folder kept: {scratch} (gunicorn's log: {log_path})")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
