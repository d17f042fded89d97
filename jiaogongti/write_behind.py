"""An import's writes, one chunk behind its reads, in the same transaction.

An import spends about as long in Python (reading, checking and matching a chunk's rows)
as the database spends writing them (the rows, their indexes and the overlap constraint,
the history records, the foreign-key checks), and waited for each in turn. `WriteBehind`
hands a checked chunk's write to a thread of its own, on the import's own connection, so
the database writes chunk k while the next chunk is read and checked: two cores at work
instead of one in turn.

What keeps it exact:
- One write at a time, in the order given: chunk k is written whole before chunk k+1's
  write starts, so what is written, and in which order, is what a plain loop would do.
- A chunk's reads wait for the write in flight when they name any of the same keys (an
  import's teachers): what one chunk's write changes, the next chunk that names those
  teachers reads after it. Chunks whose teachers differ touch no row in common.
- One statement at a time on the connection: psycopg2 lets two threads' statements take
  turns, but not a statement and a COPY's stream, so every statement here (through
  Django's execute wrappers) and every COPY (`statement_turn`) takes the connection's turn.
- The write runs in the caller's context (the acting user, the change reason, the job's
  progress) and on the caller's connection: its statements are the import's, in its
  transaction, and roll back with it.
- The first error wins: a failed write is what the import reports, even if a read of the
  next chunk failed after it on the connection it left aborted. Nothing returns, commits
  or rolls back while a write is still in flight.
- The database checks the foreign keys of each statement as it ends (SET CONSTRAINTS ALL
  IMMEDIATE, until the writes are done): the same checks as at commit, but done by the
  writing thread while the next chunk is read, instead of all at the commit.

Measured with `benchmarks/imports.py` (README, "Imports").
"""

import contextvars
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, nullcontext

from django.db import DEFAULT_DB_ALIAS, connections

SWITCH_INTERVAL = 0.0005


class WriteBehind:
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self._connection = connections[using]
        self._using = using
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future | None = None
        self._pending_keys: frozenset = frozenset()
        self._turn = threading.Lock()
        self._wrapped = ExitStack()

    def __enter__(self):
        connection = self._connection
        if not connection.in_atomic_block:
            raise RuntimeError("Writes behind the reads belong to the import's transaction: open one first.")
        connection.inc_thread_sharing()
        connection.write_behind_turn = self._turn
        self._wrapped.enter_context(connection.execute_wrapper(self._in_turn))
        self._executor = ThreadPoolExecutor(max_workers=1, initializer=self._share_connection)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._set_constraints("IMMEDIATE")
        return self

    def __exit__(self, exc_type, exc, traceback):
        try:
            failure = self._settle()
        finally:
            self._executor.shutdown(wait=True)
            sys.setswitchinterval(self._switch_interval)
            self._wrapped.close()
            del self._connection.write_behind_turn
            self._connection.dec_thread_sharing()
        if failure is not None:
            raise failure from exc
        if exc is None:
            self._set_constraints("DEFERRED")
        return False

    def wait_for(self, keys) -> None:
        """Before reading rows of `keys`: wait for the write in flight if it touches any."""
        if self._pending is not None and not self._pending_keys.isdisjoint(keys):
            self.wait()

    def wait(self) -> None:
        """Until the write in flight is done; its error is raised here."""
        failure = self._settle()
        if failure is not None:
            raise failure

    def submit(self, keys, write, *args) -> None:
        """Write behind: `write(*args)` once the write before it is done. `keys` are what it
        writes (the chunk's teachers), for `wait_for`."""
        self.wait()
        context = contextvars.copy_context()
        self._pending_keys = frozenset(keys)
        self._pending = self._executor.submit(context.run, write, *args)

    def _settle(self) -> BaseException | None:
        pending, self._pending, self._pending_keys = self._pending, None, frozenset()
        return pending.exception() if pending is not None else None

    def _in_turn(self, execute, sql, params, many, context):
        with self._turn:
            return execute(sql, params, many, context)

    def _share_connection(self) -> None:
        # As Django's own LiveServerThread shares a test's connection: the thread's
        # `connection` is the import's, with its open transaction.
        connections[self._using] = self._connection

    def _set_constraints(self, mode: str) -> None:
        if self._connection.vendor == "postgresql":
            with self._connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def statement_turn(connection):
    """Held around a statement Django's execute wrappers do not see (a COPY), so that no
    other thread's statement runs on `connection` inside it."""
    return getattr(connection, "write_behind_turn", None) or nullcontext()
