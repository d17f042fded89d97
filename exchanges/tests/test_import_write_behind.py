"""The exchange import writes each chunk behind the reading of the next
(`jiaogongti.write_behind`): the records, counts, history and 编制 are what a plain loop
makes; a chunk naming a teacher of the chunk being written waits for that write; what
fails in the writing thread is what the import reports, and leaves nothing."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection

from exchanges.exchange_rules import NO_OVERLAP_STORED
from exchanges.importer import exchange_file, import_exchanges
from exchanges.models import Exchange
from jiaogongti import importing
from jiaogongti.importing import ImportFailed
from jobs import progress_store
from jobs.models import Job
from jobs.running import job_run
from teachers.importer import import_teachers
from teachers.models import Teacher
from teachers.tests.test_importers import EXCHANGES, TEACHERS, csv_file

pytestmark = pytest.mark.django_db
MEMBER, CORE = "瑞安市塘下镇第二小学", "瑞安市第二实验小学"
WAIT = 10  # seconds: far longer than any of these steps takes


@pytest.fixture(autouse=True)
def two_rows_a_chunk(monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)


@pytest.fixture
def teachers(tmp_path, schools):
    rows = [[f"T{i:03d}", f"教师{i}", MEMBER, "语文", "中级", "2015-09-01"] for i in range(1, 5)]
    import_teachers(csv_file(tmp_path, TEACHERS, *rows))


def exchange(staff_id, start="2021-09-01", end="2024-08-31", status="已结束", kind="交流轮岗", moved="是"):
    return [staff_id, MEMBER, CORE, kind, start, end, moved, status]


@pytest.fixture
def write_log(monkeypatch):
    """What happens, in order: each chunk's teachers read (locked), each write begun and
    ended. The first write waits until the second chunk's teachers were read, or a few
    seconds when that read waits for it."""
    log, second_read = [], threading.Event()
    read_teachers, write = exchange_file.locked_teachers_by_staff_id, exchange_file._ExchangeImport.write

    def logged_read(staff_ids):
        log.append(("read", sorted(staff_ids)))
        if len([entry for entry in log if entry[0] == "read"]) == 2:
            second_read.set()
        return read_teachers(staff_ids)

    def logged_write(self, new_rows, changed, to_settle):
        log.append(("write", len(new_rows) + len(changed)))
        if len([entry for entry in log if entry[0] == "write"]) == 1:
            second_read.wait(2)
        write(self, new_rows, changed, to_settle)
        log.append(("written", len(new_rows) + len(changed)))

    monkeypatch.setattr(exchange_file, "locked_teachers_by_staff_id", logged_read)
    monkeypatch.setattr(exchange_file._ExchangeImport, "write", logged_write)
    return log


def test_the_next_chunks_teachers_are_read_while_a_chunk_of_others_is_written(tmp_path, teachers, write_log):
    rows = [exchange("T001"), exchange("T002"), exchange("T003"), exchange("T004")]
    assert "新建 4 条" in str(import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv")))
    assert write_log.index(("read", ["T003", "T004"])) < write_log.index(("written", 2))
    assert Exchange.objects.count() == 4 and Exchange.history.count() == 4


def test_a_chunk_naming_a_teacher_of_the_chunk_being_written_waits_for_that_write(tmp_path, teachers, write_log):
    # T001's 2021 exchange is filed as withdrawn in the first chunk and as running (迁编) in
    # the next: one record, which the second chunk finds and changes, and the 编制 goes to
    # the core school, as if the file were read in one go.
    rows = [
        exchange("T001", status="已撤回"),
        exchange("T002"),
        exchange("T001", status="进行中"),
        exchange("T003"),
    ]
    result = import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"))
    assert "新建 3 条、更新 0 条、未变 1 条" in str(result)
    assert write_log.index(("written", 2)) < write_log.index(("read", ["T001", "T003"]))
    teacher = Teacher.objects.get(staff_id="T001")
    assert teacher.exchanges.get().status == "in_progress"
    assert teacher.establishment_school.name == CORE


def four_exchanges_job(tmp_path, created_by=None) -> Job:
    """An exchange import of T001–T004's rows (two chunks), queued as the command queues it."""
    rows = [exchange(f"T00{i}") for i in range(1, 5)]
    return Job.objects.create(
        kind="import",
        title="导入交流记录",
        function="exchanges.importer.import_exchanges",
        filename="e.csv",
        upload=csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"),
        source="command",
        created_by=created_by,
    )


def test_an_import_run_as_a_job_records_who_wrote_each_record_and_counts_what_the_writing_thread_wrote(tmp_path, teachers):
    bureau = User.objects.create_user("bureau")
    job = job_run(four_exchanges_job(tmp_path, created_by=bureau))
    assert job.status == "succeeded" and job.counts["written"] == 4
    assert {record.history_user for record in Exchange.history.all()} == {bureau}


def test_a_cancel_seen_in_the_writing_thread_leaves_nothing(tmp_path, teachers, monkeypatch):
    job = four_exchanges_job(tmp_path)
    monkeypatch.setattr(progress_store, "cancel_requested", lambda job_id: progress_store.counts(job_id).get("written", 0) > 0)
    monkeypatch.setattr("jiaogongti.progress.PUBLISH_EVERY", 0)
    job = job_run(job)
    assert job.status == "cancelled" and "数据库未做任何改动" in job.summary
    assert not Exchange.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the overlap constraint is PostgreSQL's")
def test_an_overlap_the_database_refuses_in_the_writing_thread_is_the_imports_problem(tmp_path, teachers, monkeypatch):
    import_exchanges(csv_file(tmp_path, EXCHANGES, exchange("T004"), name="first.csv"))
    # As if the rule book had let an overlap through: the database's last line holds.
    monkeypatch.setattr(exchange_file._ExchangeImport, "_check_against_stored", lambda *args: None)
    rows = [exchange("T001"), exchange("T002"), exchange("T004", start="2022-09-01", end="2025-08-31")]
    with pytest.raises(ImportFailed) as failed:
        import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"))
    assert NO_OVERLAP_STORED in str(failed.value)
    assert Exchange.objects.count() == 1


def test_an_error_in_the_writing_thread_leaves_nothing_and_is_what_is_raised(tmp_path, teachers, monkeypatch):
    def failing_insert(*args, **kwargs):
        raise IntegrityError("写入时数据库出错")

    monkeypatch.setattr(exchange_file, "insert_prepared", failing_insert)
    rows = [exchange(f"T00{i}") for i in range(1, 5)]
    with pytest.raises(IntegrityError, match="写入时数据库出错"):
        import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"))
    assert not Exchange.objects.exists()
