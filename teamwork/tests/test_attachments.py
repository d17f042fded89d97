"""Attachments as untrusted input (issue: the communities' own work, 4): checked by their
bytes, photos re-encoded, kept outside the web root, served only to those who may see the
community (everyone else: 404), never as a page."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import make_community, make_school
from jiaogongti.attachments import MAX_ATTACHMENT_BYTES, OLE_MAGIC, attachment_checked, download_name, private_storage
from schools.accounts import account_upsert
from teamwork.models import Activity, ActivityCategory, Attachment

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


def photo_bytes(format="JPEG", size=(64, 48), exif_gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {2: (27, 47, 0)}  # GPSInfo: the school's whereabouts
        image.save(out, format, exif=exif)
    else:
        image.save(out, format)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2022, 3, 15, 8, 0, 0)), text)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_rule_a_photo_is_stored_re_encoded_without_its_exif():
    checked = attachment_checked(upload("活动照片.jpg", photo_bytes(exif_gps=True), "image/jpeg"))
    assert (checked.content_type, checked.extension, checked.kind) == ("image/jpeg", "jpg", "照片")
    kept = Image.open(io.BytesIO(checked.content))
    assert kept.format == "JPEG" and kept.size == (64, 48)
    assert not kept.getexif()  # no GPS, no maker: the phone's EXIF is gone
    assert b"PhoneMaker" not in checked.content


def test_rule_a_large_photo_is_kept_no_larger_than_the_long_side():
    checked = attachment_checked(upload("大图.png", photo_bytes("PNG", size=(4000, 1000))))
    assert Image.open(io.BytesIO(checked.content)).size == (2560, 640) and checked.content_type == "image/png"


def test_rule_the_type_comes_from_the_content_not_the_name():
    page = b"<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError, match="不是可以上传的文件类型"):
        attachment_checked(upload("照片.jpg", page, "image/jpeg"))
    pdf = attachment_checked(upload("方案.PDF", b"%PDF-1.7\n%...", "application/msword"))
    assert (pdf.content_type, pdf.extension) == ("application/pdf", "pdf")
    assert attachment_checked(upload("规划.docx", docx_bytes())).extension == "docx"
    old_word = attachment_checked(upload("通知.wps", OLE_MAGIC + b"\x00" * 504))
    assert (old_word.extension, old_word.kind) == ("wps", "WPS 文字（旧版）")


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("通知.bat", b"%PDF-1.7\n", ".pdf"),
        ("计划.hta", OLE_MAGIC + b"<script>run()</script>", ".doc 或 .xls"),
        ("x.html", b"%PDF-1.4\n<html>", ".pdf"),
        ("方案.docx", b"%PDF-1.7\n", ".pdf"),
        ("规划", "docx", ".docx"),
    ],
)
def test_rule_a_files_name_must_say_what_its_content_is(name, content, expected):
    content = docx_bytes() if content == "docx" else content
    with pytest.raises(ValidationError, match=f"文件名应以 {expected}"):
        attachment_checked(upload(name, content))


def test_rule_a_photo_is_kept_and_offered_under_the_extension_of_what_it_now_is():
    photo = attachment_checked(upload("x.html", photo_bytes()))
    assert (photo.original_name, photo.extension) == ("x.jpg", "jpg")
    # Records kept before names were checked are offered under a safe name all the same.
    assert download_name("通知.bat", "attachments/1/ab12.pdf") == "通知.pdf"
    assert download_name("计划.hta", "attachments/1/ab12.bin") == "计划.bin"
    assert download_name("旧.xls", "attachments/1/ab12.bin") == "旧.xls"


def test_rule_an_image_header_with_something_else_behind_is_refused():
    with pytest.raises(ValidationError, match="无法读取"):
        attachment_checked(upload("假照片.jpg", b"\xff\xd8\xff\xe0" + b"<script>x</script>" * 10))


def test_rule_archives_oversize_and_empty_files_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError, match="是压缩包"):
        attachment_checked(upload("材料.zip", archive.getvalue()))
    with pytest.raises(ValidationError, match="附件不能超过 10 MB"):
        attachment_checked(upload("录像.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES))
    with pytest.raises(ValidationError, match="是空文件"):
        attachment_checked(upload("空.pdf", b""))


def test_rule_the_users_file_name_is_shown_but_never_reaches_the_disk():
    checked = attachment_checked(upload("../../etc/教研\x00记录.pdf", b"%PDF-1.4"))
    assert checked.original_name == "教研记录.pdf"
    assert checked.as_file().name.endswith(".pdf") and "教研" not in checked.as_file().name


@pytest.fixture
def community_with_activity(activity_categories, settings):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    community = make_community(core, [member], year=2021, type="co_built").community
    accounts = {
        "core_head": account_upsert(username="core", password=PASSWORD, role="school_head", school_name=core.name),
        "member_head": account_upsert(username="member", password=PASSWORD, role="school_head", school_name=member.name),
    }
    return community, core, member, {name: a.user for name, a in accounts.items()}


def record_with_files(client, community, files, topic="送教下乡"):
    data = {
        "date": timezone.localdate().isoformat(),
        "category": ActivityCategory.objects.get(name="送教").pk,
        "mode": "on_site",
        "teacher_count": "6",
        "pupil_count": "40",
        "topic": topic,
        "attachments": files,
    }
    return client.post(reverse("portal:activity_new", args=[community.pk]), data, follow=True)


def test_a_head_records_an_activity_with_photos_kept_outside_the_web_root(client, community_with_activity, settings):
    community, core, member, users = community_with_activity
    client.force_login(users["member_head"])
    response = record_with_files(client, community, [upload("合影.jpg", photo_bytes()), upload("教案.pdf", b"%PDF-1.4 x")])
    assert "活动已记录" in response.content.decode()
    photo, plan = Attachment.objects.order_by("id")
    assert photo.activity == Activity.objects.get() and photo.community == community
    path = private_storage.path(photo.file.name)
    assert path.startswith(str(settings.JGT_PRIVATE_ROOT)) and not path.startswith(str(settings.STATIC_ROOT))
    assert "合影" not in path
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert reverse("portal:attachment", args=[photo.pk]) in page and "教案.pdf" in page


def test_a_refused_file_keeps_nothing_of_the_activity(client, community_with_activity):
    community, core, member, users = community_with_activity
    client.force_login(users["member_head"])
    response = record_with_files(client, community, [upload("合影.jpg", photo_bytes()), upload("x.jpg", b"MZ\x90\x00exe")])
    assert "「x.jpg」不是可以上传的文件类型" in response.content.decode()
    assert not Activity.objects.exists() and not Attachment.objects.exists()


def test_a_photo_is_served_as_an_image_and_a_document_only_as_a_download(client, community_with_activity):
    community, core, member, users = community_with_activity
    client.force_login(users["member_head"])
    record_with_files(client, community, [upload("合影.jpg", photo_bytes()), upload("教案.docx", docx_bytes())])
    photo, document = Attachment.objects.order_by("id")
    shown = client.get(reverse("portal:attachment", args=[photo.pk]))
    assert shown["Content-Type"] == "image/jpeg" and shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"] and not shown.get("Content-Disposition", "").startswith("attachment")
    downloaded = client.get(reverse("portal:attachment", args=[document.pk]))
    assert downloaded["Content-Type"] == "application/octet-stream"
    assert (
        downloaded["Content-Disposition"].startswith("attachment")
        and "filename*=utf-8''%E6%95%99%E6%A1%88.docx" in downloaded["Content-Disposition"]
    )
    assert b"".join(downloaded.streaming_content) == docx_bytes()


# Who may see an attachment of a community: those who may see the community, and nobody else.
VISIBILITY = [
    ("core_head", 200),  # the core school's head
    ("member_head", 200),  # a member's head
    ("district_of_member", 200),  # the 学区 staff of a member school's 学区
    ("bureau", 200),
    ("other_head", 404),  # a school head of another community
    ("other_district", 404),  # 学区 staff of a 学区 with none of its schools
    ("anonymous", 302),  # to the login page
]


@pytest.mark.parametrize("who, status", VISIBILITY)
def test_permission_matrix_for_attachments(client, community_with_activity, who, status):
    community, core, member, users = community_with_activity
    client.force_login(users["member_head"])
    record_with_files(client, community, [upload("合影.jpg", photo_bytes())])
    attachment = Attachment.objects.get()
    client.logout()
    other = make_school("瑞安市飞云中学", district="飞云")
    make_community(make_school("瑞安市安阳实验中学", district="直属"), [other], year=2021)
    accounts = {
        "other_head": lambda: account_upsert(username="o", password=PASSWORD, role="school_head", school_name=other.name),
        "district_of_member": lambda: account_upsert(username="d", password=PASSWORD, role="district", district_name="塘下"),
        "other_district": lambda: account_upsert(username="f", password=PASSWORD, role="district", district_name="飞云"),
        "bureau": lambda: account_upsert(username="b", password=PASSWORD, role="bureau"),
    }
    if who in users:
        client.force_login(users[who])
    elif who in accounts:
        client.force_login(accounts[who]().user)
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == status
    # Deleting follows seeing: outside, the attachment does not exist either.
    if status == 404:
        assert client.post(reverse("portal:attachment_delete", args=[attachment.pk])).status_code == 404
        assert Attachment.objects.exists()


def test_the_uploader_or_core_head_may_delete_and_the_file_goes_with_it(
    client, community_with_activity, django_capture_on_commit_callbacks
):
    community, core, member, users = community_with_activity
    client.force_login(users["member_head"])
    record_with_files(client, community, [upload("合影.jpg", photo_bytes())])
    attachment = Attachment.objects.get()
    path = private_storage.path(attachment.file.name)
    client.force_login(users["core_head"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(path)


def test_the_core_head_attaches_documents_to_the_plan(client, community_with_activity):
    community, core, member, users = community_with_activity
    client.force_login(users["core_head"])
    url = reverse("portal:plan_edit", args=[community.pk, 2021])
    client.post(url, {"goals": "三年发展规划", "attachments": [upload("三年规划.pdf", b"%PDF-1.4 plan")]})
    attachment = Attachment.objects.get()
    assert attachment.plan.goals == "三年发展规划" and attachment.activity is None
    client.force_login(users["member_head"])
    page = client.get(reverse("portal:community", args=[community.pk]), {"year": 2021}).content.decode()
    assert "三年规划.pdf" in page and reverse("portal:attachment_delete", args=[attachment.pk]) not in page


def test_a_plan_with_too_many_attachments_is_told_not_an_error_page(client, community_with_activity):
    community, core, member, users = community_with_activity
    client.force_login(users["core_head"])
    url = reverse("portal:plan_edit", args=[community.pk, 2021])
    client.post(url, {"goals": "规划", "attachments": [upload(f"{n}.pdf", b"%PDF-1.4") for n in range(8)]})
    response = client.post(url, {"goals": "规划", "attachments": [upload(f"x{n}.pdf", b"%PDF-1.4") for n in range(2)]})
    assert response.status_code == 200 and "每条记录最多 9 个附件（已有 8 个）" in response.content.decode()
    assert Attachment.objects.count() == 8


def test_rule_office_documents_with_macros_are_refused():
    with pytest.raises(ValidationError, match="含有宏"):
        attachment_checked(upload("计划.doc", OLE_MAGIC + b"\x00" * 100 + "_VBA_PROJECT".encode("utf-16-le")))
    macro_docx = io.BytesIO()
    with zipfile.ZipFile(macro_docx, "w") as archive:
        for part in ("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"):
            archive.writestr(part, "x")
    with pytest.raises(ValidationError, match="含有宏"):
        attachment_checked(upload("计划.docx", macro_docx.getvalue()))
