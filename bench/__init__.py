"""Every measurement of the site, kept out of the application and the tests.

- run.py: `make bench`, the site under load with gunicorn, each page as a ratio to a constant view
  (prepare.py seeds and counts queries, settings.py and urls.py add the ceiling view, loadgen.py
  drives load where wrk is missing).
- search.py: `make bench-search`, search latency on generated posts in a scratch database.
- markdown_cost.py: `make bench-markdown`, render time of pathological Markdown.
- seed.py: the generated posts for the first two.
"""
