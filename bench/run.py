"""`make bench`: serve a generated site with gunicorn as in production and measure it under load.

Fills a scratch database (N posts), starts gunicorn with the project's gunicorn.conf.py, drives
load from another process with wrk (installed from Debian when missing and possible) or the
Python load generator, with the page cache on and then off. In each round it also measures a
constant Django view (the ceiling) and reports each page's ratio to it, the median over rounds:
on a shared, noisy machine, ratios measured side by side are what count. Writes the table into
docs/benchmarks.md between markers for this N.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
TARGETS = ["ceiling", "home", "post", "category", "sitemap", "feed"]


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=int(os.environ.get("N", "1000")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "3")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "5")))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="a scratch database to fill (emptied first); default: a temporary SQLite file",
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "0")),
        help="where gunicorn listens on 127.0.0.1 (one server at a time); default: any free port",
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    return parser.parse_args()


def load_tool():
    """wrk if present (or installable from Debian as root), else the Python load generator."""
    if shutil.which("wrk"):
        return "wrk"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk from Debian...")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env, **quiet)
    return "wrk" if shutil.which("wrk") else "python"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(args, scratch):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmn",
        "DATABASE_URL": args.database_url or f"sqlite:///{scratch}/db.sqlite3",
        "KB_CACHE_DIR": str(scratch / "cache"),
        "BENCH_CEILING_FILE": str(scratch / "ceiling.html"),
        "GUNICORN_ACCESS_LOG": "",
        "HOST": "127.0.0.1",
    }
    environment.pop("DJANGO_DEBUG", None)
    environment.pop("REDIS_URL", None)
    if args.redis_url:
        environment["REDIS_URL"] = args.redis_url
    return environment


def prepare(args, scratch, environment):
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=environment, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    say(f"Generating {args.posts:,} posts...")
    output = subprocess.run([PYTHON, "-m", "bench.prepare", str(args.posts), str(scratch)], cwd=ROOT,
                            env=environment, check=True, capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


class Server:
    """gunicorn started exactly as in production: the project's config file and kb.wsgi."""

    def __init__(self, environment, cache_on, log, port=0):
        self.port = port or free_port()
        env = {**environment, "PORT": str(self.port), "KB_PAGE_CACHE": "1" if cache_on else "0"}
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "kb.wsgi"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        self.wait_until_up()

    def wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see the log in the scratch folder")

    def worker_rss_mb(self):
        """Resident memory of each worker (children of the master), in MB."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                lines = status.read_text().splitlines()
                fields = dict(line.split(":\t", 1) for line in lines if ":\t" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sizes

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def parse_wrk(output):
    def milliseconds(value):
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": milliseconds(percentiles["50"]),
        "p99_ms": milliseconds(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def load(tool, url, args):
    if tool == "wrk":
        command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", url]
        return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    from bench import loadgen

    return loadgen.measure(url, connections=args.connections, duration=args.duration)


def run_mode(tool, args, environment, summary, cache_on, log):
    server = Server(environment, cache_on, log, args.port)
    paths = {"ceiling": "/bench/ceiling/", **{k: v for k, v in summary["pages"].items() if v}}
    try:
        for path in paths.values():  # warm every cache and connection before measuring
            for _ in range(20):
                urllib.request.urlopen(server.base + path, timeout=10).read()
        rounds = []
        for number in range(args.rounds):
            say(f"  round {number + 1}/{args.rounds}")
            rounds.append({name: load(tool, server.base + path, args) for name, path in paths.items()})
        memory = server.worker_rss_mb()
    finally:
        server.stop()
    return rounds, memory


def medians(rounds, name):
    pick = [r[name] for r in rounds]
    ratios = [r[name]["rps"] / r["ceiling"]["rps"] for r in rounds]
    return {
        "rps": statistics.median(p["rps"] for p in pick),
        "ratio": statistics.median(ratios),
        "p50_ms": statistics.median(p["p50_ms"] for p in pick),
        "p99_ms": statistics.median(p["p99_ms"] for p in pick),
        "errors": sum(p["errors"] for p in pick),
    }


def machine(tool, summary, args):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    import django

    tool_text = f"wrk -t2 -c{args.connections}" if tool == "wrk" else "bench/loadgen.py"
    return (
        f"{os.cpu_count()} × {cpu}, {memory_kb / 1024 / 1024:.0f} GB RAM, Linux {platform.release()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, {summary['database']}; "
        f"load average {os.getloadavg()[0]:.1f} at the start; load from {tool_text} on the same machine"
    )


def table(results, summary, memory):
    lines = [
        "| page | page cache | req/s (median) | ratio to ceiling | p50 ms | p99 ms | SQL queries / request |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mode in ("on", "off"):
        rounds = results[mode]
        ceiling = medians(rounds, "ceiling")
        lines.append(f"| ceiling (constant view) | {mode} | {ceiling['rps']:,.0f} | 100% | "
                     f"{ceiling['p50_ms']:.1f} | {ceiling['p99_ms']:.1f} | 0 |")  # fmt: skip
        for name in TARGETS[1:]:
            if name not in rounds[0]:
                lines.append(f"| {name} | {mode} | not on this branch | | | | |")
                continue
            m = medians(rounds, name)
            errors = f" ({m['errors']} errors)" if m["errors"] else ""
            lines.append(
                f"| {name} | {mode} | {m['rps']:,.0f}{errors} | {m['ratio']:.0%} | {m['p50_ms']:.1f} | "
                f"{m['p99_ms']:.1f} | {summary['queries'][name][mode]} |"
            )
    lines.append("")
    lines.append(
        "Worker resident memory after the runs: "
        + "; ".join(f"cache {mode}: max {max(sizes):.0f} MB" for mode, sizes in memory.items() if sizes)
    )
    return lines


def targets(results, summary, memory):
    on, off = medians(results["on"], "post"), medians(results["off"], "post")
    pages = [name for name in results["on"][0] if name != "ceiling"]
    warm_p99 = {name: medians(results["on"], name)["p99_ms"] for name in pages}
    worst = max(warm_p99, key=warm_p99.get)
    biggest = max(max(sizes) for sizes in memory.values() if sizes)
    checks = [
        ("post page, cache warm, ≥ 90% of the ceiling", f"{on['ratio']:.0%}", on["ratio"] >= 0.9),
        ("post page, page cache off, ≥ 30% of the ceiling", f"{off['ratio']:.0%}", off["ratio"] >= 0.3),
        ("post page, page cache off, ≤ 4 SQL queries", str(summary["queries"]["post"]["off"]),
         summary["queries"]["post"]["off"] <= 4),
        ("p99 < 50 ms on every page, cache warm", f"worst {warm_p99[worst]:.1f} ms ({worst})",
         warm_p99[worst] < 50),
        ("each worker < 120 MB resident", f"max {biggest:.0f} MB", biggest < 120),
    ]  # fmt: skip
    lines = ["| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    return lines


def write_doc(posts, block):
    start, end = f"<!-- bench:{posts}:start -->", f"<!-- bench:{posts}:end -->"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    content = f"{start}\n{block}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + content + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + f"\n\n## Results at {posts:,} posts\n\n{content}\n"
    DOC.write_text(text)


def main():
    args = arguments()
    tool = load_tool()
    scratch = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    environment = site_environment(args, scratch)
    summary = prepare(args, scratch, environment)
    say(f"Pages: {summary['pages']}; load from {tool}, {args.rounds} rounds of {args.duration} s each")
    results, memory = {}, {}
    with open(scratch / "gunicorn.log", "wb") as log:
        for mode, cache_on in (("on", True), ("off", False)):
            say(f"Page cache {mode}:")
            results[mode], memory[mode] = run_mode(tool, args, environment, summary, cache_on, log)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = f"make bench N={args.posts} ROUNDS={args.rounds} DURATION={args.duration}"
    if args.database_url:
        command = f"BENCH_DATABASE_URL=… {command}"
    lines = [
        f"Measured {when} with `{command}`: {args.posts:,} posts, post page {summary['post_bytes']:,} bytes.",
        f"Machine: {machine(tool, summary, args)}.",
        "",
        *table(results, summary, memory),
        "",
        *targets(results, summary, memory),
        "",
        f"<!-- raw: {json.dumps(results)} -->",
    ]
    block = "\n".join(lines)
    say()
    say(block)
    if not args.no_write:
        write_doc(args.posts, block)
        say(f"\nWritten to {DOC.relative_to(ROOT)}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
