"""Backups that restore: the drill on the database the suite runs on (SQLite or PostgreSQL):
back up while writes go on, wipe, restore, the same rows, the portal works, new rows get
fresh ids (issue: data the bureau can trust)."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.urls import reverse

from conftest import BrowserClient, make_school
from schools.models import Account
from teachers.models import Teacher

pytestmark = pytest.mark.django_db(transaction=True)
BATCH = 10  # the writer commits teachers ten at a time: a consistent copy holds whole batches


def test_the_backup_and_restore_drill(tmp_path, django_user_model):
    school = make_school("瑞安市塘下镇第二小学")
    head = django_user_model.objects.create_user("head", password="x")
    Account.objects.create(user=head, role=Account.Role.SCHOOL_HEAD, school=school)
    stop, written = threading.Event(), []

    def keep_writing():
        try:
            batch = 0
            while not stop.is_set() and batch < 2_000:
                with transaction.atomic():
                    for i in range(BATCH):
                        Teacher.objects.create(staff_id=f"W{batch:05d}{i}", name="写入中", school=school)
                batch += 1
                written.append(batch)
        finally:
            connections.close_all()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    while len(written) < 20:
        pass
    before = Teacher.objects.count()
    call_command("backup_db", "--output", str(tmp_path / "drill.backup"))
    after = Teacher.objects.count()
    stop.set()
    writer.join()
    assert before < Teacher.objects.count()

    Teacher.objects.all().delete()  # the wipe
    call_command("restore_db", str(tmp_path / "drill.backup"), "--noinput")

    restored = Teacher.objects.count()
    assert before <= restored <= after and restored % BATCH == 0
    newest = Teacher.objects.order_by("-id").first().id
    assert Teacher.objects.create(staff_id="NEW1", name="恢复后", school=school).id > newest
    client = BrowserClient()
    client.force_login(head)
    page = client.get(reverse("portal:teachers", args=[school.pk]))
    assert page.status_code == 200 and "恢复后" in page.content.decode()


def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path):
    wrong = tmp_path / "wrong.backup"
    wrong.write_bytes(b"not a database at all")
    with pytest.raises(CommandError, match="备份文件"):
        call_command("restore_db", str(wrong), "--noinput")


def test_restore_asks_before_it_replaces_anything(tmp_path, monkeypatch):
    make_school("瑞安市塘下镇第二小学")
    call_command("backup_db", "--output", str(tmp_path / "b.backup"))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore_db", str(tmp_path / "b.backup"))
