"""An import's writes, behind its reads, in the same transaction.

An import spends about as long in Python (reading, checking and matching a chunk's rows)
as the database spends writing them (the rows, their indexes and the overlap constraint,
the foreign-key checks, the history records), and waited for each in turn. `WriteBehind`
hands each checked chunk's write to a thread of its own, on the import's own connection,
so the database writes while the next chunks are read and checked: two cores at work
instead of one in turn.

What keeps it exact:
- The writes run one at a time, in the order given: what is written, and in which order,
  is what a plain loop would write. At most `AHEAD` of them wait their turn.
- A chunk's reads wait for the writes in flight that name any of the same keys (an
  import's teachers): what one chunk's write changes, a later chunk that names those
  teachers reads after it is written. Chunks whose teachers differ touch no row in common.
- One statement at a time on the connection: psycopg2 lets two threads' statements take
  turns, but not a statement and a COPY's stream, so every statement (through Django's
  execute wrappers) and every COPY (`statement_turn`) takes the connection's turn, in the
  order asked: the reading thread waits for the statement running, not for a whole write.
- The writes run in the caller's context (the acting user, the change reason, the job's
  progress and its cancel) and on the caller's connection: their statements are the
  import's, in its transaction, and roll back with it.
- The first error wins: once a write fails, the writes queued after it do not run, and the
  failed write's error is what the import raises, even if a read failed after it on the
  connection it left aborted. Nothing returns, commits or rolls back while a write runs.
- The database checks the foreign keys of each statement as it ends (SET CONSTRAINTS ALL
  IMMEDIATE, until the writes are done): the same checks as at the commit, made by the
  writing thread while the reading goes on, instead of all at the commit.
- Threads take turns with the interpreter every half millisecond while it works, not every
  five: each statement the writing thread finishes would otherwise wait up to 5 ms for the
  reading thread's Python before it could send the next.

Measured with `benchmarks/imports.py` (README, "Imports").
"""

import contextvars
import sys
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, nullcontext

from django.db import DEFAULT_DB_ALIAS, connections

AHEAD = 2  # writes queued at most: the writing thread never waits for the reading one
SWITCH_INTERVAL = 0.0005  # seconds


class WriteBehind:
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self._connection = connections[using]
        self._using = using
        self._pending: deque[tuple[Future, frozenset]] = deque()
        self._failed = threading.Event()
        self._turn = _Turn()

    def __enter__(self):
        connection = self._connection
        if not connection.in_atomic_block:
            raise RuntimeError("Writes behind the reads belong to the import's transaction: open one first.")
        with ExitStack() as held:
            connection.inc_thread_sharing()
            held.callback(connection.dec_thread_sharing)
            connection.write_behind_turn = self._turn
            held.callback(delattr, connection, "write_behind_turn")
            held.enter_context(connection.execute_wrapper(self._in_turn))
            held.callback(sys.setswitchinterval, sys.getswitchinterval())
            sys.setswitchinterval(SWITCH_INTERVAL)
            self._executor = ThreadPoolExecutor(max_workers=1, initializer=self._share_connection)
            held.callback(self._executor.shutdown, wait=True)
            self._set_constraints("IMMEDIATE")
            self._held = held.pop_all()
        return self

    def __exit__(self, exc_type, exc, traceback):
        with self._held:
            failure = self._settle(len(self._pending))
        if failure is not None:
            raise failure from exc
        if exc is None:
            self._set_constraints("DEFERRED")
        return False

    def wait_for(self, keys) -> None:
        """Before reading the rows of `keys`: wait for the writes in flight that touch any."""
        touching = [i for i, (_, written) in enumerate(self._pending) if not written.isdisjoint(keys)]
        if touching:
            self._raise(self._settle(touching[-1] + 1))

    def wait(self) -> None:
        """Until every write in flight is done; the first error is raised here."""
        self._raise(self._settle(len(self._pending)))

    def submit(self, keys, write, *args) -> None:
        """Write behind: `write(*args)`, after the writes before it. `keys` are what it
        writes (a chunk's teachers), for `wait_for`."""
        if len(self._pending) >= AHEAD:
            self._raise(self._settle(1))
        context = contextvars.copy_context()
        self._pending.append((self._executor.submit(context.run, self._write, write, args), frozenset(keys)))

    def _write(self, write, args) -> None:
        if self._failed.is_set():
            return  # a write before this one failed: the import ends with its error
        try:
            write(*args)
        except BaseException:
            self._failed.set()
            raise

    def _settle(self, count: int) -> BaseException | None:
        """Wait for the first `count` writes in flight; the first error among them."""
        failure = None
        for _ in range(count):
            future, _ = self._pending.popleft()
            failure = failure or future.exception()
        return failure

    @staticmethod
    def _raise(failure: BaseException | None) -> None:
        if failure is not None:
            raise failure

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


class _Turn:
    """A lock handed over in the order it was asked for. A plain lock goes to whichever
    thread asks first once it is free, which is the thread that just let it go: the
    writing thread, going from one statement to its next, would keep the reading thread
    waiting through a chunk's whole write."""

    def __init__(self):
        self._guard = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._taken = False

    def __enter__(self):
        with self._guard:
            if not self._taken:
                self._taken = True
                return
            handed = threading.Event()
            self._waiting.append(handed)
        handed.wait()

    def __exit__(self, *exc_info):
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # taken still: handed to the next in line
            else:
                self._taken = False


def statement_turn(connection):
    """Held around a statement Django's execute wrappers do not see (a COPY), so that no
    other thread's statement runs on `connection` inside it."""
    return getattr(connection, "write_behind_turn", None) or nullcontext()
