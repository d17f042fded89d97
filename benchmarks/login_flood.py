"""Benchmark: a flood of failed logins against a real server, and what it does to everyone else.

Starts gunicorn (production settings, real password hashing) on a loopback port, then for
FLOOD_SECONDS sends failed logins with unknown usernames from FLOOD_THREADS threads while
one more thread fetches a static file every 0.2 s. Prints, for today's throttling and for
the reference (the former setting: per username and IP only, so unknown names were never
throttled), how many failed logins the server hashed a password for, how many it refused
as locked, its CPU seconds, and the static file's latency.

    .venv/bin/python benchmarks/login_flood.py
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOD_SECONDS = int(os.environ.get("JGT_FLOOD_SECONDS", "20"))
FLOOD_THREADS = int(os.environ.get("JGT_FLOOD_THREADS", "20"))
STATIC = "/static/admin/css/base.css"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU of the process and its children (gunicorn's workers)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(proc.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def one_login(base: str, counts: dict, lock: threading.Lock, stop: threading.Event) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    attempt = 0
    while not stop.is_set():
        attempt += 1
        try:
            page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": f"nobody{threading.get_ident()}-{attempt}",
                    "password": "wrong-password",
                }
            ).encode()
            request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})
            opener.open(request, timeout=30).read()
            outcome = "hashed"
        except urllib.error.HTTPError as error:
            outcome = "locked" if error.code == 429 else f"http {error.code}"
        except OSError:
            outcome = "error"
        with lock:
            counts[outcome] = counts.get(outcome, 0) + 1


def static_latency(base: str, stop: threading.Event, samples: list) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            urllib.request.urlopen(base + STATIC, timeout=60).read()
            samples.append(time.perf_counter() - started)
        except OSError:
            samples.append(float("inf"))
        time.sleep(0.2)


def flood(label: str, settings_module: str, work: Path) -> None:
    port = free_port()
    env = server_environment(label, settings_module, work)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jiaogongti.wsgi", "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        idle = idle_latencies(base)
        counts, samples, cpu = flood_logins(base, server.pid)
    finally:
        server.terminate()
        server.wait(30)
    done = [s for s in samples if s != float("inf")]
    print(
        f"{label:<34}{counts.get('hashed', 0) / FLOOD_SECONDS:>9.1f}{counts.get('locked', 0) / FLOOD_SECONDS:>9.1f}"
        f"{cpu:>8.1f}{statistics.median(idle) * 1000:>10.0f}{statistics.median(done) * 1000 if done else float('nan'):>10.0f}"
        f"{max(done) * 1000 if done else float('nan'):>10.0f}   {dict(sorted(counts.items()))}"
    )


def server_environment(label: str, settings_module: str, work: Path) -> dict:
    """A production-like server (DEBUG off) on plain HTTP, its database and data its own."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"sqlite:///{work / label}.sqlite3",
        "DEBUG": "0",
        "SECRET_KEY": "flood-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "JGT_DATA_DIR": str(work / label),
        "PYTHONPATH": str(ROOT),
    }


def idle_latencies(base: str) -> list[float]:
    """Seconds for a static file, once the server answers, before any flood."""
    for _ in range(100):
        try:
            urllib.request.urlopen(base + STATIC, timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    idle = []
    for _ in range(10):
        started = time.perf_counter()
        urllib.request.urlopen(base + STATIC).read()
        idle.append(time.perf_counter() - started)
    return idle


def flood_logins(base: str, server_pid: int) -> tuple[dict, list[float], float]:
    """FLOOD_THREADS posting logins for FLOOD_SECONDS while one thread times a static file:
    the outcomes counted, the static file's latencies, the server's CPU seconds."""
    counts, lock, stop, samples = {}, threading.Lock(), threading.Event(), []
    cpu_before = cpu_seconds(server_pid)
    threads = [threading.Thread(target=one_login, args=(base, counts, lock, stop)) for _ in range(FLOOD_THREADS)]
    threads.append(threading.Thread(target=static_latency, args=(base, stop, samples)))
    for thread in threads:
        thread.start()
    time.sleep(FLOOD_SECONDS)
    stop.set()
    for thread in threads:
        thread.join(120)
    return counts, samples, cpu_seconds(server_pid) - cpu_before


def main():
    work = Path(tempfile.mkdtemp(prefix="jgt_flood_"))
    print(
        f"{FLOOD_THREADS} threads of failed logins (unknown usernames, one address) for {FLOOD_SECONDS} s; "
        f"gunicorn 2 workers × 4 threads on {os.cpu_count()} cores"
    )
    print(f"{'throttling':<34}{'hashed/s':>9}{'locked/s':>9}{'CPU s':>8}{'idle ms':>10}{'static ms':>10}{'max ms':>10}")
    flood("reference: per (username, IP)", "benchmarks.settings_reference_throttle", work)
    flood("now: per IP and per (username, IP)", "jiaogongti.settings", work)


if __name__ == "__main__":
    main()
