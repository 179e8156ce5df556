"""gunicorn settings, used by `make run` and in production (`gunicorn --config gunicorn.conf.py kb.wsgi`)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Threaded workers, cores + 1 processes of 4 threads: they keep connections alive (from nginx or a
# load balancer), which sync workers cannot, and served about twice the requests of 3 or 5 sync
# workers on the same machine; see "Serving" in docs/benchmarks.md.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
# Load the application once in the master so workers share its memory pages.
preload_app = True
timeout = 30
graceful_timeout = 20
max_requests = 5000
max_requests_jitter = 500
# Behind nginx, which logs every request, GUNICORN_ACCESS_LOG="" turns this second log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Several instances may run on one machine (tests, benchmarks); nothing here uses the control socket.
control_socket_disable = True
