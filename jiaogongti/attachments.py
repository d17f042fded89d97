"""Files users attach to records (a plan's documents, an activity's photos): untrusted input.

What a file is comes from its bytes, never from its name or the browser's content type. Only
photos, PDF and office documents are kept; a photo is decoded and written again by Pillow
(which drops whatever rode along: scripts, polyglot tails, the EXIF with the phone's GPS),
so what is stored is a plain image. Everything else is served only as a download
(`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP): a browser never renders
an upload as a page of the portal. Files live under JGT_PRIVATE_ROOT, outside the static
and web roots, and reach a user only through a view that checks who may see them.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 9  # per record: a WeChat post's worth of photos
MAX_IMAGE_PIXELS = 40_000_000  # a 48-megapixel phone photo is refused; a bomb far more so
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an office document is a zip: its inflated size
IMAGE_LONG_SIDE = 2560  # photos are stored no larger than this: enough to read a slide on
NAME_MAX_LENGTH = 100

OFFICE_PARTS = {"word/": ("docx", "Word 文档"), "xl/": ("xlsx", "Excel 表格"), "ppt/": ("pptx", "PowerPoint 演示文稿")}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt of old Office and WPS
ACCEPTED_TEXT = "照片（JPG、PNG）、PDF 或 Office/WPS 文档（Word、Excel、PowerPoint）"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Attachments' storage: under JGT_PRIVATE_ROOT, with no URL of its own."""

    def __init__(self):
        super().__init__(location=settings.JGT_PRIVATE_ROOT / "attachments", base_url=None)

    def url(self, name):
        raise ValueError("Attachments are served by the view that checks who may see them.")


private_storage = PrivateStorage()


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: the bytes to store and what they are."""

    content: bytes
    extension: str
    content_type: str
    kind: str  # what users read: 照片, PDF 文档, ...
    original_name: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def as_file(self) -> ContentFile:
        # A name of our own: the user's name never reaches the file system.
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def attachment_checked(upload) -> CheckedFile:
    """The upload as it will be kept, or a ValidationError saying in Chinese what is wrong."""
    name = _display_name(upload.name)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            f"「{name}」有 {upload.size / 1024 / 1024:.1f} MB，附件不能超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。"
        )
    content = b"".join(upload.chunks())
    if not content:
        raise ValidationError(f"「{name}」是空文件。")
    head = content[:16]
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return _image_checked(content, name)
    if head.startswith(b"%PDF-"):
        return CheckedFile(content, "pdf", "application/pdf", "PDF 文档", name)
    if head.startswith(OLE_MAGIC):
        return CheckedFile(content, "bin", "application/octet-stream", "Office 文档", name)
    if head.startswith(b"PK\x03\x04"):
        return _office_checked(content, name)
    raise ValidationError(f"「{name}」不是可以上传的文件类型。请上传{ACCEPTED_TEXT}。")


def _image_checked(content: bytes, name: str) -> CheckedFile:
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(f"「{name}」的像素太多（{image.width}×{image.height}），请缩小后再上传。")
            image.load()
            is_png = image.format == "PNG"  # a screenshot stays sharp; a photo becomes a JPEG
            # The orientation the phone wrote, applied, since the EXIF that held it is dropped.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
            out = io.BytesIO()
            if is_png:
                image.save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError, ValueError) as error:
        raise ValidationError(f"「{name}」看起来是图片，但无法读取（文件可能已损坏）。") from error
    if is_png:
        return CheckedFile(out.getvalue(), "png", "image/png", "照片", name)
    return CheckedFile(out.getvalue(), "jpg", "image/jpeg", "照片", name)


def _office_checked(content: bytes, name: str) -> CheckedFile:
    """A zip is kept only when it is an Office Open XML document of a size that unpacks sanely."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
    except zipfile.BadZipFile as error:
        raise ValidationError(f"「{name}」无法读取（文件可能已损坏）。") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(f"「{name}」解压后过大，不能上传。")
    if "[Content_Types].xml" in names:
        for folder, (extension, kind) in OFFICE_PARTS.items():
            if any(entry.startswith(folder) for entry in names):
                return CheckedFile(content, extension, "application/octet-stream", kind, name)
    raise ValidationError(f"「{name}」是压缩包，不能上传。请上传{ACCEPTED_TEXT}。")


def _display_name(name: str) -> str:
    """The user's file name as shown and offered on download: its last part, printable, short."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "附件"
    return base[-NAME_MAX_LENGTH:]


def attachment_response(stored, *, content_type: str, download_name: str) -> FileResponse:
    """Serve a kept file: a photo inline as the image it is, anything else as a download;
    never something a browser would run."""
    inline = content_type in ("image/jpeg", "image/png")
    response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=not inline, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once (Django's documented pattern), each checked by its content;
    cleaned to a list of CheckedFile. Every refused file is named, none is kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "附件")
        kwargs.setdefault(
            "help_text",
            f"可选多个：{ACCEPTED_TEXT}，每个不超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，最多 {MAX_ATTACHMENTS} 个",
        )
        accept = ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(f"一次最多上传 {MAX_ATTACHMENTS} 个附件。")
        checked, problems = [], []
        for upload in uploads:
            try:
                checked.append(attachment_checked(super().clean(upload, initial)))
            except ValidationError as refused:
                problems.extend(refused.messages)
        if problems:
            raise ValidationError(problems)
        return checked


class StoredFile(models.Model):
    """What every kept upload records beside its file: the name the user gave it, what it
    is, its size, who put it there and when. A subclass adds its `file` (its folder) and
    what it belongs to."""

    original_name = models.CharField("文件名", max_length=NAME_MAX_LENGTH)
    kind = models.CharField("类型", max_length=30)
    content_type = models.CharField("内容类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def keep(self, checked: CheckedFile, user) -> None:
        """Store the checked upload's bytes under a name of our own, and the row."""
        self.original_name, self.kind, self.content_type = checked.original_name, checked.kind, checked.content_type
        self.size, self.uploaded_by = len(checked.content), user
        stored = checked.as_file()
        self.file.save(stored.name, stored, save=False)
        self.save()
