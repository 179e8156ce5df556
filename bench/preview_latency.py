"""Latency of the editor's live preview for a 15 KB post, through gunicorn as `make run` serves it.

Run: .venv/bin/python bench/preview_latency.py [--requests 200] [--rounds 4] [--port 8201]
         [--setup LABEL:WORKER_CLASS:CHECKOUT ...]

It prepares a scratch SQLite database (migrate, an admin account, collectstatic: what `make run`
does), starts gunicorn with the project's gunicorn.conf.py and kb.wsgi, logs in through the admin's
login form, then POSTs the same 15 KB Markdown text to /editor/preview/ as the editor's JavaScript
does (form field `content`, CSRF header), after a few untimed warm-up requests, one request at a
time. It prints the median and 99th percentile of the wall-clock time per request, and the load
average. Nothing outside a temporary folder is written except the git-ignored staticfiles/.

Each --setup is one server to measure: WORKER_CLASS is a gunicorn worker class or `default`
(gunicorn.conf.py's), CHECKOUT a directory with another version of the project (default: this
one), e.g. `--setup before:default:/tmp/old --setup after:default:.`. The setups take turns on the
one port, each serving requests/rounds requests per round, so that a machine whose load changes
treats them alike.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
USERNAME = "preview-bench"
PASSWORD = "preview-bench-password-7c1f"
WARM_UP = 10


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def post_of_15_kb():
    """The demo posts, a fenced code block and an aligned table, repeated to 15,000 characters."""
    demo = "\n\n".join(path.read_text() for path in sorted((ROOT / "posts" / "demo").glob("*.md")))
    extras = (
        "\n\n## Example configuration\n\n```python\ndef handler(request):\n"
        '    """Answer with the post."""\n    return render(request, "post.html", {"n": 1})\n```\n\n'
        "| Plan | Price | Notes |\n|:--|--:|:-:|\n| Basic | 10 | monthly |\n| Team | 45 | yearly |\n\n"
    )
    unit = demo + extras
    text = unit * (15_000 // len(unit) + 1)
    cut = text.rfind("\n\n", 0, 15_000)
    return text[:cut] + "\n"


def environment(scratch, port, worker_class):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_SECRET_KEY": "preview-benchmark-only-secret-key-0123456789-abcdefghijk",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "KB_CACHE_DIR": str(scratch / "cache"),
        "MEDIA_ROOT": str(scratch / "media"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "GUNICORN_ACCESS_LOG": "",
        "DJANGO_SUPERUSER_USERNAME": USERNAME,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    for name in ("DJANGO_DEBUG", "REDIS_URL", "GUNICORN_WORKER_CLASS"):
        env.pop(name, None)
    if worker_class != "default":
        env["GUNICORN_WORKER_CLASS"] = worker_class
    return env


def prepare(env, checkout):
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["ensureadmin"]):
        subprocess.run(
            [PYTHON, "manage.py", *command, "--verbosity", "0"] if command[0] != "ensureadmin"
            else [PYTHON, "manage.py", *command],
            cwd=checkout, env=env, check=True, capture_output=True,
        )  # fmt: skip


def start_gunicorn(env, log, checkout):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "kb.wsgi"],
        cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{env['PORT']}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited; see its log") from None
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


class Editor:
    """A logged-in staff browser session: the admin's cookies and CSRF token."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        login_page = self.opener.open(f"{base}/admin/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
        request = urllib.request.Request(
            f"{base}/admin/login/", urllib.parse.urlencode(form).encode(), headers={"Referer": f"{base}/"}
        )
        landed = self.opener.open(request).geturl()
        if landed.rstrip("/").endswith("/login"):
            raise SystemExit("could not log in to the admin")

    def csrf(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def preview(self, content):
        request = urllib.request.Request(
            f"{self.base}/editor/preview/",
            urllib.parse.urlencode({"content": content}).encode(),
            headers={"X-CSRFToken": self.csrf(), "Referer": f"{self.base}/admin/"},
        )
        start = time.perf_counter()
        with self.opener.open(request) as response:
            body = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200 or b"<h2" not in body:
            raise SystemExit(f"unexpected preview answer {response.status}: {body[:200]!r}")
        return elapsed


def measure(base, content, requests):
    editor = Editor(base)
    for _ in range(WARM_UP):
        editor.preview(content)
    return [editor.preview(content) for _ in range(requests)]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def parse_setup(text):
    label, worker_class, checkout = (text.split(":", 2) + ["default", str(ROOT)])[:3]
    return label, worker_class or "default", Path(checkout or ROOT).resolve()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per setup")
    parser.add_argument("--rounds", type=int, default=4, help="turns each setup takes")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8201")))
    parser.add_argument("--setup", action="append", type=parse_setup, help="LABEL:WORKER_CLASS:CHECKOUT")
    args = parser.parse_args()
    setups = args.setup or [parse_setup("this checkout")]
    content = post_of_15_kb()
    timings = [[] for _ in setups]
    with tempfile.TemporaryDirectory(prefix="kb-preview-bench-") as folder:
        environments = []
        for number, (_label, worker_class, checkout) in enumerate(setups):
            scratch = Path(folder) / str(number)
            scratch.mkdir()
            environments.append(environment(scratch, args.port, worker_class))
            prepare(environments[-1], checkout)
        load = os.getloadavg()
        for _ in range(args.rounds):
            for number, (_label, _worker_class, checkout) in enumerate(setups):
                with open(Path(folder) / str(number) / "gunicorn.log", "ab") as log:
                    process, base = start_gunicorn(environments[number], log, checkout)
                    try:
                        timings[number] += measure(base, content, args.requests // args.rounds)
                    finally:
                        process.terminate()
                        process.wait(timeout=30)
        load_after = os.getloadavg()
    say(f"preview of {len(content):,} characters; {len(timings[0])} requests per setup, one at a time")
    say(f"load average {load[0]:.1f} at start, {load_after[0]:.1f} at end")
    for (label, worker_class, checkout), times in zip(setups, timings, strict=True):
        median, p99 = statistics.median(times) * 1000, percentile(times, 0.99) * 1000
        say(f"{label:>12} {worker_class:>8} workers  p50 {median:6.1f} ms  p99 {p99:6.1f} ms  ({checkout})")


if __name__ == "__main__":
    main()
