"""Seed the scratch database and measure what needs no server: URLs, queries per request, page size.

Run by bench/run.py as `python -m bench.prepare COUNT OUTDIR`; prints a JSON summary.
"""

import json
import sys
from pathlib import Path

import django

CANDIDATES = {
    "sitemap": ["/sitemap.xml"],
    "feed": ["/feed/", "/feeds/", "/feed.xml", "/rss/", "/atom.xml", "/feeds/posts/"],
}


def main(count, outdir):
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.seed import seed_pages

    seed_pages(count)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {"home": "/", "post": f"/posts/case-{count // 2}/", "category": "/category/topic-3/"}
    for name, paths in CANDIDATES.items():
        found = [path for path in paths if client.get(path).status_code == 200]
        pages[name] = found[0] if found else None

    def queries(path, cache_on):
        with override_settings(PAGE_CACHE=cache_on):
            client.get(path)  # warm whatever may be cached
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(captured)

    summary = {"pages": pages, "queries": {}, "database": database_description(connection)}
    for name, path in pages.items():
        if path:
            summary["queries"][name] = {"on": queries(path, True), "off": queries(path, False)}
    Path(outdir, "ceiling.html").write_bytes(client.get(pages["post"]).content)
    summary["post_bytes"] = len(client.get(pages["post"]).content)
    sys.stdout.write(json.dumps(summary) + "\n")


def database_description(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
