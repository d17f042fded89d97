"""Who may do what with a community's own work: the core school's head (or the bureau)
writes its plan, its 一张表 and its studios; the members' heads and 学区 staff read them."""

from communities.models import Community
from schools.models import Account
from schools.selectors import account_of


def may_write_plan(user, community: Community) -> bool:
    if user.is_staff:
        return True
    account = account_of(user)
    return account is not None and account.role == Account.Role.SCHOOL_HEAD and account.school_id == community.core_school_id


def may_remove_attachment(user, attachment) -> bool:
    """Who put it there, the core school's head (who writes the plan), or the bureau."""
    return attachment.uploaded_by_id == user.pk or may_write_plan(user, attachment.community)
