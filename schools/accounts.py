"""Creating portal accounts with their role and scope (used by `add_user` and the demo)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from jiaogongti.text import normalize_text

from .models import Account, District, School


@transaction.atomic
def account_upsert(*, username: str, password: str, role: str, school_name: str = "", district_name: str = "") -> Account:
    """Create the user, or update an existing one's password and role. Raises ValidationError in Chinese."""
    if role not in Account.Role.values:
        raise ValidationError(f"角色「{role}」无效，应为 bureau、district 或 school_head。")
    school = district = None
    if role == Account.Role.SCHOOL_HEAD:
        if not school_name:
            raise ValidationError("校长账号必须用 --school 指定学校。")
        school = School.objects.filter(name=normalize_text(school_name)).first()
        if school is None:
            raise ValidationError(f"学校名录中没有「{school_name}」。")
    if role == Account.Role.DISTRICT:
        if not district_name:
            raise ValidationError("学区账号必须用 --district 指定学区。")
        district = District.objects.filter(name=normalize_text(district_name)).first()
        if district is None:
            raise ValidationError(f"没有名为「{district_name}」的学区。")
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.save()  # (Account.save sets the admin flags from the role)
    account, _ = Account.objects.update_or_create(user=user, defaults={"role": role, "school": school, "district": district})
    return account
