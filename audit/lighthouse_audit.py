"""Lighthouse scores for the home page and a post page, served as in production; see `make audit`.

Builds a scratch SQLite database with the demo content, collects the static files, serves the site
with gunicorn (DEBUG off, WhiteNoise serving compressed static files), runs Lighthouse three times on
each page with Debian's Chromium and writes the median scores to docs/audit.md. Lighthouse's
performance score comes from a simulated slow phone network and CPU, and varies on a busy machine,
hence the median of three runs.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LIGHTHOUSE = BASE_DIR / "audit" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORT = BASE_DIR / "docs" / "audit.md"
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 3
PORT = os.environ.get("AUDIT_PORT", "8790")


def prepare_site(workdir):
    """A fresh database with the demo content, and the static files as production serves them."""
    os.environ.update(
        DATABASE_URL=f"sqlite:///{workdir / 'audit.sqlite3'}",
        DJANGO_SETTINGS_MODULE="kb.settings",
        DJANGO_DEBUG="",
        MEDIA_ROOT=str(workdir / "media"),
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    from posts.models import Post

    call_command("migrate", verbosity=0)
    call_command("loaddemo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    post = Post.objects.published().filter(kind=Post.Kind.ARTICLE).first()
    return {"Home page": "/", "Post page": post.get_absolute_url()}


def start_gunicorn(workdir):
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": PORT, "WEB_CONCURRENCY": "2"}
    env["GUNICORN_ACCESS_LOG"] = str(workdir / "access.log")
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]
    server = subprocess.Popen([*command, "kb.wsgi"], cwd=BASE_DIR, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {PORT}")


def warm_up(url):
    """A few requests first, so every worker has its database connection and compiled templates."""
    for _ in range(5):
        urllib.request.urlopen(url, timeout=10).read()


def run_lighthouse(url, output, attempts=3):
    """One Lighthouse report; a run whose trace recording failed (Lighthouse's own advice for its
    NO_NAVSTART and similar errors is to run again) is retried, up to `attempts` in all."""
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]  # fmt: skip
    for attempt in range(1, attempts + 1):
        if subprocess.run(command).returncode == 0:
            return json.loads(Path(output).read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts})")  # noqa: T201
    raise SystemExit(f"Lighthouse failed {attempts} times on {url}")


def summarise(reports):
    """Median score per category, each run's scores, and what kept a median run below 100."""
    scores = {c: [round(r["categories"][c]["score"] * 100) for r in reports] for c in CATEGORIES}
    medians = {c: statistics.median(values) for c, values in scores.items()}
    middle = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[len(reports) // 2]
    failing = sorted(
        f"{audit['title']}: {audit.get('displayValue', audit['score'])}"
        for category in middle["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (audit := middle["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    )
    weight = middle["audits"]["total-byte-weight"]["numericValue"]
    return {"medians": medians, "scores": scores, "failing": failing, "bytes": weight, "report": middle}


def write_report(pages, results, versions, load):
    lines = [
        "# Lighthouse audit",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make audit` "
        f"(`audit/lighthouse_audit.py`): Lighthouse {versions['lighthouse']}, {versions['chromium']}, "
        "default mobile settings (simulated slow 4G and 4× CPU slowdown). The site runs under gunicorn "
        "with `DJANGO_DEBUG` off and the demo content, as in production. Each score is the median "
        f"of {RUNS} runs; the runs follow in brackets. The machine has {os.cpu_count()} cores; its load "
        f"average was {load[0]:.1f} at the start and {load[1]:.1f} at the end, and the performance "
        "score's blocking time grows with it.",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- |",
    ]
    for page, result in results.items():
        cells = [
            f"**{result['medians'][c]:g}** ({', '.join(map(str, result['scores'][c]))})" for c in CATEGORIES
        ]
        lines.append(f"| {page} `{pages[page]}` | {' | '.join(cells)} |")
    lines += ["", "Transfer size of each page with everything it loads (median run):", ""]
    lines += [f"- {page}: {result['bytes'] / 1024:.1f} KB" for page, result in results.items()]
    for page, result in results.items():
        if result["failing"]:
            lines += ["", f"Audits below full marks, {page} (median run):", ""]
            lines += [f"- {title}" for title in result["failing"]]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")


def main():
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kb-audit-") as tmp:
        workdir = Path(tmp)
        pages = prepare_site(workdir)
        server = start_gunicorn(workdir)
        try:
            results = {}
            for page, path in pages.items():
                url = f"http://127.0.0.1:{PORT}{path}"
                warm_up(url)
                reports = [run_lighthouse(url, workdir / f"run-{n}.json") for n in range(RUNS)]
                results[page] = summarise(reports)
        finally:
            server.terminate()
            server.wait(timeout=30)
    versions = {
        "lighthouse": next(iter(results.values()))["report"]["lighthouseVersion"],
        "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    write_report(pages, results, versions, (load_at_start, os.getloadavg()[0]))
    print(REPORT.read_text())  # noqa: T201


if __name__ == "__main__":
    main()
