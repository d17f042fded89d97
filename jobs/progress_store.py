"""A job's live progress, heartbeat and cancel flag, kept in the cache shared by the web
server and the worker (a file cache on one machine, Redis on several: settings.CACHES)."""

import time

from django.core.cache import cache

KEEP = 24 * 3600  # seconds: long after any job has ended


def _key(job_id: int, what: str) -> str:
    return f"jgt-job:{job_id}:{what}"


def publish(job_id: int, counts: dict) -> None:
    cache.set(_key(job_id, "counts"), counts, KEEP)


def counts(job_id: int) -> dict:
    return cache.get(_key(job_id, "counts")) or {}


def beat(job_id: int) -> None:
    cache.set(_key(job_id, "beat"), time.time(), KEEP)


def seconds_since_beat(job_id: int) -> float | None:
    last = cache.get(_key(job_id, "beat"))
    return None if last is None else time.time() - last


def forget(job_id: int) -> None:
    cache.delete_many([_key(job_id, what) for what in ("counts", "beat", "cancel")])


def request_cancel(job_id: int) -> None:
    cache.set(_key(job_id, "cancel"), True, KEEP)


def cancel_requested(job_id: int) -> bool:
    return bool(cache.get(_key(job_id, "cancel")))
