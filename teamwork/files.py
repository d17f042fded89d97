"""Keeping a record's attachments: each checked by jiaogongti.attachments before it gets
here, stored with the record, removed from disk when its row goes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from communities.selectors import communities_visible_to
from jiaogongti.attachments import MAX_ATTACHMENTS, CheckedFile

from .models import Activity, Attachment, CommunityPlan


@transaction.atomic
def attachments_add(record: Activity | CommunityPlan, files: list[CheckedFile], user) -> list[Attachment]:
    """Attach the files to the activity or plan, all or none. A file whose row is rolled
    back stays on disk unreferenced, and no view serves a file without its row."""
    owner = {"activity": record} if isinstance(record, Activity) else {"plan": record}
    kept = record.attachments.count()
    if kept + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(f"每条记录最多 {MAX_ATTACHMENTS} 个附件（已有 {kept} 个）。")
    added = []
    for checked in files:
        attachment = Attachment(community=record.community, **owner)
        attachment.keep(checked, user)
        added.append(attachment)
    return added


def attachments_visible_to(user):
    """Out of the user's communities an attachment does not exist (the views answer 404)."""
    return Attachment.objects.filter(community__in=communities_visible_to(user))


@receiver(post_delete, sender=Attachment)
def _file_removed_with_row(sender, instance: Attachment, **kwargs):
    stored = instance.file
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
