"""A small HTTP load generator for machines without wrk: processes of threads, one connection each.

It reports what wrk reports (requests/s, p50 and p99 latency); it is slower than wrk, so with it
the numbers are a floor, and the ratios to the ceiling are what to read.
"""

import http.client
import multiprocessing
import statistics
import threading
import time
from urllib.parse import urlsplit


def _worker(url, connections, duration, queue):
    parts = urlsplit(url)
    latencies, errors = [], 0
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def loop():
        nonlocal errors
        mine, failed = [], 0
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", parts.path or "/")
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, errors))


def measure(url, connections=32, duration=10, processes=2):
    """{"rps", "p50_ms", "p99_ms", "errors"} for `duration` seconds of load on `url`."""
    queue = multiprocessing.Queue()
    per_process = max(1, connections // processes)
    workers = [
        multiprocessing.Process(target=_worker, args=(url, per_process, duration, queue))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    latencies, errors = [], 0
    for _ in workers:
        got, failed = queue.get()
        latencies.extend(got)
        errors += failed
    for worker in workers:
        worker.join()
    latencies.sort()
    cut = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": len(latencies) / duration,
        "p50_ms": cut[49] * 1000,
        "p99_ms": cut[98] * 1000,
        "errors": errors,
    }
