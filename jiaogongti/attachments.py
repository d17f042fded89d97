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
import threading
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 9  # per record: a WeChat post's worth of photos
MAX_IMAGE_PIXELS = 40_000_000  # a 48-megapixel phone photo is refused; a bomb far more so
# A PNG cannot be decoded at a reduced size: its whole bitmap is held (4 bytes a pixel), so
# its budget is a large screenshot's (4K is 8.3 million), not a camera's.
MAX_PNG_PIXELS = 12_000_000
# One photo decoded at a time in a web process, whatever its threads: four heads posting nine
# photos each at once cost one photo's memory per process, not thirty-six.
_decoding = threading.BoundedSemaphore(1)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an office document is a zip: its inflated size
IMAGE_LONG_SIDE = 2560  # photos are stored no larger than this: enough to read a slide on
NAME_MAX_LENGTH = 100

OFFICE_PARTS = {"word/": ("docx", "Word 文档"), "xl/": ("xlsx", "Excel 表格"), "ppt/": ("pptx", "PowerPoint 演示文稿")}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt of old Office and WPS
# An old-Office file's container says nothing reliable of which program wrote it: its name
# must say one of these, and it is served under that name only.
OLD_OFFICE = {
    "doc": "Word 文档",
    "xls": "Excel 表格",
    "ppt": "PowerPoint 演示文稿",
    "wps": "WPS 文字",
    "et": "WPS 表格",
    "dps": "WPS 演示",
}
# A macro project in an old-Office file is a directory entry named _VBA_PROJECT (UTF-16, never
# compressed); in an Office Open XML file, a part vbaProject.bin. Documents for a plan or a
# project need no macros, and a macro is what would run on the next reader's computer.
OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")
MACROS_REFUSED = "「{name}」含有宏（可自动运行的程序），不能上传。请另存为不含宏的文档（如 .docx、.xlsx 或 PDF）后再上传。"
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
        _named_as(name, ["pdf"], "PDF 文档")
        return CheckedFile(content, "pdf", "application/pdf", "PDF 文档", name)
    if head.startswith(OLE_MAGIC):
        extension = _named_as(name, list(OLD_OFFICE), "旧版 Office/WPS 文档")
        if OLE_MACROS in content:
            raise ValidationError(MACROS_REFUSED.format(name=name))
        return CheckedFile(content, extension, "application/octet-stream", f"{OLD_OFFICE[extension]}（旧版）", name)
    if head.startswith(b"PK\x03\x04"):
        return _office_checked(content, name)
    raise ValidationError(f"「{name}」不是可以上传的文件类型。请上传{ACCEPTED_TEXT}。")


def _image_checked(content: bytes, name: str) -> CheckedFile:
    try:
        with _decoding, Image.open(io.BytesIO(content)) as image:
            is_png = image.format == "PNG"  # a screenshot stays sharp; a photo becomes a JPEG
            budget = MAX_PNG_PIXELS if is_png else MAX_IMAGE_PIXELS
            if image.width * image.height > budget:
                raise ValidationError(f"「{name}」的像素太多（{image.width}×{image.height}），请缩小后再上传。")
            if not is_png:
                # JPEG decodes at 1/2, 1/4 or 1/8 of its size where that still covers what is
                # kept: a 40-megapixel photo takes a quarter of the memory, or less.
                image.draft("RGB", (IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
            image.load()
            # The orientation the phone wrote, applied, since the EXIF that held it is dropped;
            # in place, as the resizing is: one bitmap at a time is held, never a copy beside it.
            ImageOps.exif_transpose(image, in_place=True)
            image.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
            out = io.BytesIO()
            if is_png:
                image.save(out, "PNG", optimize=True)
            else:
                (image if image.mode == "RGB" else image.convert("RGB")).save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError, ValueError) as error:
        raise ValidationError(f"「{name}」看起来是图片，但无法读取（文件可能已损坏）。") from error
    # A photo is written anew, so its name is made to say what it now is.
    if is_png:
        return CheckedFile(out.getvalue(), "png", "image/png", "照片", _with_extension(name, "png"))
    return CheckedFile(out.getvalue(), "jpg", "image/jpeg", "照片", _with_extension(name, "jpg"))


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
    if any(entry.lower().endswith("vbaproject.bin") for entry in names):
        raise ValidationError(MACROS_REFUSED.format(name=name))
    if "[Content_Types].xml" in names:
        for folder, (extension, kind) in OFFICE_PARTS.items():
            if any(entry.startswith(folder) for entry in names):
                _named_as(name, [extension], kind)
                return CheckedFile(content, extension, "application/octet-stream", kind, name)
    raise ValidationError(f"「{name}」是压缩包，不能上传。请上传{ACCEPTED_TEXT}。")


def _extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _with_extension(name: str, extension: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[: NAME_MAX_LENGTH - len(extension) - 1] or '附件'}.{extension}"


def _named_as(name: str, extensions: list[str], kind: str) -> str:
    """The name's extension if it is one of `extensions`, else a refusal: a file is kept only
    under a name that says what its content is (a PDF named 通知.bat is not kept)."""
    extension = _extension_of(name)
    if extension not in extensions:
        expected = " 或 ".join(f".{e}" for e in extensions)
        raise ValidationError(f"「{name}」的内容是{kind}，文件名应以 {expected} 结尾。请改正文件名后再上传。")
    return extension


def download_name(original_name: str, stored_name: str) -> str:
    """The name a kept file is offered under: the user's name with the extension of what was
    kept (records kept before names were checked may carry any name)."""
    extension = _extension_of(stored_name)
    if extension == "bin":  # old-Office files kept before their names were checked
        extension = _extension_of(original_name) if _extension_of(original_name) in OLD_OFFICE else "bin"
    return _with_extension(_display_name(original_name), extension)


def _display_name(name: str) -> str:
    """The user's file name as shown and offered on download: its last part, printable, short."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "附件"
    return base[-NAME_MAX_LENGTH:]


MISSING = "这个附件的文件已不在服务器上（可能是恢复备份时缺失）。请联系市教育局信息中心。"


def attachment_response(stored, *, content_type: str, original_name: str) -> FileResponse:
    """Serve a kept file: a photo inline as the image it is, anything else as a download under
    a safe name; never something a browser would run. A file missing from the disk is a 404."""
    inline = content_type in ("image/jpeg", "image/png")
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404(MISSING) from missing
    name = download_name(original_name, stored.name)
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=name)
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
        accept = ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps"
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
