"""Backups that restore: the drill on the database the suite runs on (SQLite or PostgreSQL):
back up while writes go on, wipe, delete an attachment, restore, the same rows, the
attachment served again, the portal works, new rows get fresh ids (issues: data the bureau
can trust; every backup is whole)."""

import io
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import BrowserClient, make_community, make_school
from jiaogongti.attachments import attachment_checked, private_storage
from jiaogongti.school_year import current_school_year
from schools.models import Account
from teachers.models import Teacher
from teamwork.files import attachments_add
from teamwork.models import Activity, ActivityCategory

pytestmark = pytest.mark.django_db(transaction=True)
BATCH = 10  # the writer commits teachers ten at a time: a consistent copy holds whole batches


def test_the_backup_and_restore_drill(tmp_path, django_user_model, activity_categories):
    school = make_school("瑞安市塘下镇第二小学")
    head = django_user_model.objects.create_user("head", password="x")
    Account.objects.create(user=head, role=Account.Role.SCHOOL_HEAD, school=school)
    photo = _an_activity_photo(school, head)
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
    photo_id = photo.pk
    photo.delete()  # its file goes from the disk with its row
    assert not Path(private_storage.path(photo.file.name)).exists()
    call_command("restore_db", str(tmp_path / "drill.backup"), "--noinput")

    restored = Teacher.objects.count()
    assert before <= restored <= after and restored % BATCH == 0
    newest = Teacher.objects.order_by("-id").first().id
    assert Teacher.objects.create(staff_id="NEW1", name="恢复后", school=school).id > newest
    client = BrowserClient()
    client.force_login(head)
    page = client.get(reverse("portal:teachers", args=[school.pk]))
    assert page.status_code == 200 and "恢复后" in page.content.decode()
    served = client.get(reverse("portal:attachment", args=[photo_id]))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\xff\xd8")


def _an_activity_photo(school, head):
    core = make_school("瑞安市第二实验小学", district="直属")
    community = make_community(core, [school], year=current_school_year()).community
    activity = Activity.objects.create(
        community=community,
        date=timezone.localdate(),
        category=ActivityCategory.objects.first(),
        mode="on_site",
        host_school=school,
        topic="送教",
    )
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(image, "JPEG")
    checked = attachment_checked(SimpleUploadedFile("合影.jpg", image.getvalue()))
    return attachments_add(activity, [checked], head)[0]


def test_a_torn_backup_is_refused_and_nothing_changes(tmp_path, django_user_model, activity_categories):
    school = make_school("瑞安市塘下镇第二小学")
    head = django_user_model.objects.create_user("head", password="x")
    photo = _an_activity_photo(school, head)
    whole = tmp_path / "whole.tar.gz"
    call_command("backup_db", "--output", str(whole))
    torn = tmp_path / "torn.tar.gz"
    torn.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    Teacher.objects.create(staff_id="AFTER", name="备份后", school=school)
    with pytest.raises(CommandError, match="数据库未做任何改动"):
        call_command("restore_db", str(torn), "--noinput")
    assert Teacher.objects.filter(staff_id="AFTER").exists()
    assert Path(private_storage.path(photo.file.name)).exists()


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


@pytest.mark.parametrize("crafted", ["files//tmp/{target}", "files/../{target}", "files/a/../../{target}"])
def test_a_crafted_backup_writes_nothing_outside_its_folder(tmp_path, crafted):
    import json
    import tarfile

    target = tmp_path / "outside.txt"
    name = crafted.format(target=str(target).lstrip("/") if crafted.startswith("files//") else "outside.txt")
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        for member, content in [(name, b"pwned"), ("MANIFEST.json", json.dumps({"format": "jiaogongti-backup"}).encode())]:
            info = tarfile.TarInfo(member)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match="不应出现的内容"):
        call_command("restore_db", str(evil), "--noinput")
    assert not target.exists() and not (Path(private_storage.location).parent / "outside.txt").exists()


def test_a_restore_whose_database_fails_puts_the_files_back(tmp_path, django_user_model, activity_categories, monkeypatch):
    from jobs import backups

    school = make_school("瑞安市塘下镇第二小学")
    head = django_user_model.objects.create_user("head", password="x")
    call_command("backup_db", "--output", str(tmp_path / "empty.tar.gz"))  # before the photo
    photo = _an_activity_photo(school, head)

    def fails(*args):
        raise backups.BackupError("数据库恢复失败（测试），数据库未做任何改动。")

    monkeypatch.setattr(backups, "_restore_database", fails)
    with pytest.raises(CommandError, match="测试"):
        call_command("restore_db", str(tmp_path / "empty.tar.gz"), "--noinput")
    assert Path(private_storage.path(photo.file.name)).exists()
