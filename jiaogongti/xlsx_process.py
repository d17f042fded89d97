"""Reading a big workbook's rows in a process of their own, beside the import.

Reading a sheet is Python work for every cell (lxml builds each element, `xlsx.py` reads
it), and so is an import's checking of every row. In one process they take turns on one
core: a thread does not help, as lxml's pull parser holds the GIL, and reading ahead in a
thread was measured slower (`importing.load_rows`). Here the sheet is read by a child
process, this module run as a program, on the machine's other core, and its rows come
to the import through a pipe as pickled batches. The pipe holds a batch or two, so
neither side's memory grows with the file, and the import process never loads lxml or
openpyxl at all. Measured on the benchmark's workbooks: README, "Imports at province size".

The child runs the same reader with the same limits; it is given the limits, not Django's
settings, so it starts in a third of a second. What it refuses reaches the import as
`Refused` with the reader's Chinese message. A child that dies without finishing is no
fault of the file's: that is `ReaderDied`, an unexpected error of the job's.
"""

import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Rows a message carries: big enough that pickling costs little per row, small enough
# that the pipe between the processes holds only a few thousand rows.
BATCH_ROWS = 500


class Refused(Exception):
    """The reader refused the workbook, in the child or in the import's own process
    (`tabular`); the message is for the user, in Chinese."""


class ReaderDied(RuntimeError):
    """The child ended without finishing the workbook (killed, or a bug of ours)."""


def rows_in_child(path: Path, max_columns: int, max_unpacked: int) -> Iterator[tuple[int, list[str]]]:
    """`xlsx.text_rows` of the workbook at `path`, read by a child process. Stopping early
    (the consumer closes the generator) stops the child."""
    # (The child starts in the project's folder: a path relative to the caller's is made whole.)
    command = [sys.executable, "-m", "jiaogongti.xlsx_process", str(Path(path).resolve()), str(max_columns), str(max_unpacked)]
    child = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        while True:
            try:
                kind, content = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError):  # nothing more, or a batch cut off as it died
                raise ReaderDied(f"reading the workbook in a child process: it ended with status {child.wait()}") from None
            if kind == "rows":
                yield from content
            elif kind == "refused":
                raise Refused(content)
            else:  # "done"
                return
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _send(out, kind: str, content=None) -> None:
    pickle.dump((kind, content), out, protocol=pickle.HIGHEST_PROTOCOL)


def main(path: str, max_columns: str, max_unpacked: str) -> None:
    # openpyxl, which `xlsx` asks which number formats are dates, loads numpy if it is
    # there, for the numpy numbers a workbook it writes may hold. A reader never meets one,
    # and numpy is 19 of this process's 53 MB (measured: 34 MB without).
    sys.modules.setdefault("numpy", None)
    from jiaogongti import xlsx

    out = sys.stdout.buffer
    try:
        with open(path, "rb") as stream:
            rows = xlsx.text_rows(xlsx.open_workbook(stream, int(max_unpacked)), int(max_columns))
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH_ROWS:
                    _send(out, "rows", batch)
                    batch = []
            _send(out, "rows", batch)
    except xlsx.Unreadable as unreadable:
        _send(out, "refused", str(unreadable))
    else:
        _send(out, "done")
    out.flush()


if __name__ == "__main__":
    main(*sys.argv[1:])
