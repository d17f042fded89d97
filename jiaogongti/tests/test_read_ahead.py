"""A file's rows read ahead in a thread (jiaogongti.importing.read_ahead): every row, in
order, once; what the reading raises is raised to the importer after the rows before it;
an import that stops early stops the reading; the job's progress sees every row read."""

import threading

import pytest

from jiaogongti import importing, progress


def test_every_row_arrives_in_order_once(monkeypatch):
    monkeypatch.setattr(importing, "READ_AHEAD_BATCH", 7)  # batches that end mid-file
    assert list(importing.read_ahead(iter(range(100)))) == list(range(100))
    assert list(importing.read_ahead(iter([]))) == []


def test_what_the_reading_raises_comes_after_the_rows_before_it(monkeypatch):
    monkeypatch.setattr(importing, "READ_AHEAD_BATCH", 4)

    def rows():
        yield from range(10)
        raise ValueError("第 11 行无法读取")

    seen = []
    with pytest.raises(ValueError, match="第 11 行"):
        for row in importing.read_ahead(rows()):
            seen.append(row)
    assert seen == list(range(10))


def test_stopping_early_stops_the_reading_and_closes_the_file(monkeypatch):
    monkeypatch.setattr(importing, "READ_AHEAD_BATCHES", 1)
    monkeypatch.setattr(importing, "READ_AHEAD_BATCH", 2)
    closed = threading.Event()

    def rows():
        try:
            yield from range(1_000_000)
        finally:
            closed.set()

    threads = threading.active_count()
    reader = importing.read_ahead(rows())
    assert [next(reader) for _ in range(3)] == [0, 1, 2]
    assert threading.active_count() == threads + 1
    reader.close()  # the importer found a problem and stopped
    assert closed.is_set() and threading.active_count() == threads


def test_the_jobs_progress_counts_the_rows_read_in_the_thread(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("学校\n" + "".join(f"学校{i}\n" for i in range(2_500)), encoding="utf-8")
    published = []
    with progress.reporting(progress.Reporter(published.append, lambda: False)) as reporter:
        assert sum(1 for _ in importing.load_rows(str(path))) == 2_501
    assert reporter.counts[progress.READ] == 2_501 and published[-1][progress.READ] == 2_501
