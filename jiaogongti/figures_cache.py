"""Figures worked out once per state of the records.

A province's dashboard reads every exchange of a 学年 and scores every community: over
half a second, for figures that change only when a record does. So each committed write
draws a new *records version* (a random token in the cache the web server and the worker
share), and figures are kept under the version they were read at. A page whose records
have not changed since is served from what was kept; the first page after any change
works its figures out again. Nothing is kept for a time: a figure is never older than
the last committed write.

Writes are seen where every statement passes, Django's execute wrapper on each
connection: an INSERT, UPDATE or DELETE (or any statement that is not a plain read) into
a table other than the few that hold no figures (sessions, form tokens, job progress).
The version is drawn *after* the write is committed (`on_commit`; at once in autocommit),
so a page that reads the new version reads the new records too; a page that read the old
version while the write was landing keeps what it read under the old one, never to be
served again. Writes that bypass Django (a restore, psql by hand) call `records_changed()`
or clear the cache.
"""

import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

VERSION_KEY = "records-version"
# Kept figures are dropped after a day even if nothing changed: "today" is part of some
# (lessons due by today), and the key says which day, so old days' entries are dead weight.
KEEP_SECONDS = 24 * 3600

# Statements that never change a record. Anything else counts as a write, on the safe side.
_READ_ONLY = re.compile(r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|EXPLAIN|SET|SHOW)\b", re.IGNORECASE)
_TARGET = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Tables no figure reads: a login, a form's token or a job's progress changes no figure.
_NO_FIGURES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "auth_user",  # a login's last_login
        "jiaogongti_submission",
        "jobs_job",
        "django_tasks_database_dbtaskresult",  # the queue: the scheduler's every enqueue
        "inbox_message",
    }
)


def records_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:  # never drawn, or the cache was cleared: a fresh one, nothing kept under it
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def records_changed() -> None:
    """Draw a new version: every figure kept so far will be worked out again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def remembered(key: str, work_out):
    """`work_out()`, kept under `key` for the present state of the records."""
    if not settings.JGT_KEEP_FIGURES:
        return work_out()
    kept_key = f"figures:{key}:{records_version()}"
    figures = cache.get(kept_key)
    if figures is None:
        figures = work_out()
        cache.set(kept_key, figures, KEEP_SECONDS)
    return figures


def _writes_figures(sql) -> bool:
    if not isinstance(sql, str) or _READ_ONLY.match(sql):
        return False
    target = _TARGET.match(sql)
    return not (target and target.group(1) in _NO_FIGURES)


def _watch_writes(connection):
    def execute(run, sql, params, many, context):
        result = run(sql, params, many, context)
        if _writes_figures(sql):
            written(connection)
        return result

    return execute


def written(connection) -> None:
    """A write on `connection` (seen by the execute wrapper, or announced by code that
    writes past Django's cursor: a COPY): the figures change at its commit."""
    if not connection.in_atomic_block:
        records_changed()
        return
    # Once per transaction: Django drops a rolled-back savepoint's callbacks from this list,
    # so a write after such a rollback registers again.
    if not any(callback is records_changed for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(records_changed, using=connection.alias)


def watch_connection(sender, connection, **kwargs) -> None:
    if not any(getattr(wrapper, "watches_writes", False) for wrapper in connection.execute_wrappers):
        wrapper = _watch_writes(connection)
        wrapper.watches_writes = True
        connection.execute_wrappers.append(wrapper)


def watch_all_connections() -> None:
    connection_created.connect(watch_connection, dispatch_uid="figures_cache.watch_connection")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
