"""`make bench-markdown`: how long pathological Markdown takes to render, with the time limit in force.

Run: `python -m bench.markdown_cost` (each case three times; medians are printed). With
KB_MARKDOWN_TIME_LIMIT=1000 in the environment it shows the unbounded cost instead (slow).
tests/test_markdown_time_limit.py checks the behaviour these cases need (refusal past the limit);
this measures the time, which tests never do.
"""

import os
import statistics
import sys
import time

import django

from posts.demo import demo_posts
from posts.markdown import RenderTooSlow, render_markdown

N = 100_000
DEMO = "\n\n".join(fields["body"] for fields in demo_posts())
CASES = {
    "unclosed [": "[" * N,
    "unclosed ![": "![" * (N // 2),
    "link chain [a](b)": "[a](b)" * (N // 6),
    "reference links [a][b]": "[a][b]" * (N // 6),
    "emphasis *a_": "*a_" * (N // 3),
    "underscores _a": "_a" * (N // 2),
    "footnote refs [^a]": "[^a]" * (N // 4),
    "identical headings": "# a\n" * (N // 4),
    "wide table": ("|a" * 500 + "|\n" + "|-" * 500 + "|\n") * 50,
    "blockquote nesting >": ">" * N,
    "raw HTML <ul> nested 25,000 deep": "<ul>" * (N // 4),
    "raw HTML <em><div> nested": "<em><div>" * (N // 9),
    "raw HTML <ul> nested 500 deep": "<ul>" * 500,
    "realistic: demo posts repeated": (DEMO * 20)[:N],
}


def timed(text):
    start = time.perf_counter()
    try:
        render_markdown(text)
        outcome = "rendered"
    except RenderTooSlow:
        outcome = "refused"
    return time.perf_counter() - start, outcome


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings_test")
    django.setup()
    slowest = 0.0
    for name, text in CASES.items():
        runs = [timed(text) for _ in range(3)]
        slowest = max(slowest, *(seconds for seconds, _ in runs))
        median = statistics.median(seconds for seconds, _ in runs)
        sys.stdout.write(f"{median * 1000:8.0f} ms  {runs[0][1]:8}  {name} ({len(text):,} chars)\n")
    sys.stdout.write(f"slowest single run: {slowest * 1000:.0f} ms\n")


if __name__ == "__main__":
    main()
