from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from jiaogongti.text import looks_like_formula, normalize_text


class District(models.Model):
    """教育学区. 直属 (run by the bureau) and 民办 (private) appear in the roster as 学区 too."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "教育学区"
        DIRECT = "direct", "直属"
        PRIVATE = "private", "民办"

    name = models.CharField("学区", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    # Its 特岗津贴 rate and 山区 flag change over the 学年s: `policy.DistrictRate`.

    class Meta:
        verbose_name = "学区"
        verbose_name_plural = "学区"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def kind_for_name(name: str) -> str:
        return {"直属": District.Kind.DIRECT, "民办": District.Kind.PRIVATE}.get(name, District.Kind.REGULAR)


class Stage(models.TextChoices):
    """学段, the one vocabulary for it. A school is 小学, 初中 or 九年一贯制; a community's
    segment and a result's 学段 are 小学 or 初中, and a 九年一贯制 school falls in the
    初中 segment (“初中（含九年一贯制）”)."""

    PRIMARY = "primary", "小学"
    MIDDLE = "middle", "初中"
    NINE_YEAR = "nine_year", "九年一贯制"

    @property
    def segment(self) -> "Stage":
        return Stage.PRIMARY if self == Stage.PRIMARY else Stage.MIDDLE


# A community leads one segment; the middle one takes the 九年一贯制 schools too.
SEGMENTS = [(Stage.PRIMARY, "小学"), (Stage.MIDDLE, "初中、九年一贯制")]
# Results are kept per 学段 of the examination: 小学 or 初中.
RESULT_STAGES = [(Stage.PRIMARY, "小学"), (Stage.MIDDLE, "初中")]


class School(models.Model):
    class Locality(models.TextChoices):
        URBAN = "urban", "城区"
        TOWN = "town", "镇区"
        RURAL = "rural", "乡村"

    class Ownership(models.TextChoices):
        PUBLIC = "public", "公办"
        PRIVATE = "private", "民办"

    name = models.CharField("学校名称", max_length=100, unique=True, help_text="完整的正式名称，如：瑞安市塘下镇第二小学")
    district = models.ForeignKey(District, verbose_name="学区", on_delete=models.PROTECT, related_name="schools")
    stage = models.CharField("学段", max_length=10, choices=Stage.choices, blank=True)
    locality = models.CharField("城乡", max_length=10, choices=Locality.choices, blank=True, db_index=True)
    ownership = models.CharField("办学性质", max_length=10, choices=Ownership.choices, blank=True)
    is_campus = models.BooleanField("校区", default=False, help_text="是另一所学校的校区（名单中标“（校区）”）")
    campus_of = models.ForeignKey(
        "self", verbose_name="所属学校", on_delete=models.PROTECT, null=True, blank=True, related_name="campuses"
    )
    is_small = models.BooleanField("小规模学校", default=False)
    is_boarding = models.BooleanField("寄宿制学校", default=False)
    is_weak = models.BooleanField("薄弱学校", default=False)

    class Meta:
        verbose_name = "学校"
        verbose_name_plural = "学校"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(campus_of__isnull=True) | Q(is_campus=True),
                name="school_campus_of_implies_campus",
                violation_error_message="填写了所属学校的，必须勾选“校区”。",
            ),
            models.CheckConstraint(
                condition=~Q(campus_of=models.F("id")),
                name="school_not_campus_of_itself",
                violation_error_message="学校不能是自己的校区。",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # As the importers do: normalised before the uniqueness check, and no name a
        # spreadsheet would run as a formula (exports then re-import it unchanged).
        self.name = normalize_text(self.name)
        if looks_like_formula(self.name):
            raise ValidationError({"name": "学校名称不能以 = + - @ 开头（电子表格会把它当作公式）。"})

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        if self.campus_of_id:
            self.is_campus = True
        super().save(*args, **kwargs)

    @property
    def is_priority(self) -> bool:
        """重点帮扶对象 (原则一·突出重点): rural small, boarding or weak schools."""
        return self.locality == self.Locality.RURAL and (self.is_small or self.is_boarding or self.is_weak)


# The fields a typed school or 学区 name fills: importers check names against their length.
SCHOOL_NAME = School._meta.get_field("name")
DISTRICT_NAME = District._meta.get_field("name")


class Account(models.Model):
    """What a portal user may see: the whole county, one 学区, or one school."""

    class Role(models.TextChoices):
        BUREAU = "bureau", "市教育局"
        DISTRICT = "district", "教育学区"
        SCHOOL_HEAD = "school_head", "校长"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="account")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    district = models.ForeignKey(District, verbose_name="学区", on_delete=models.PROTECT, null=True, blank=True)
    school = models.ForeignKey(School, verbose_name="学校", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        verbose_name = "账号角色"
        verbose_name_plural = "账号角色"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="bureau", district__isnull=True, school__isnull=True)
                    | Q(role="district", district__isnull=False, school__isnull=True)
                    | Q(role="school_head", school__isnull=False, district__isnull=True)
                ),
                name="account_scope_matches_role",
                violation_error_message="学区账号须指定学区，校长账号须指定学校，市教育局账号两者都不填。",
            )
        ]

    def __str__(self):
        return f"{self.user.username}（{self.get_role_display()}）"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The role decides the rest, however it was set (add_user or the admin): bureau
        # staff work in the admin with full access, everybody else in the portal only.
        bureau = self.role == self.Role.BUREAU
        if (self.user.is_staff, self.user.is_superuser) != (bureau, bureau):
            self.user.is_staff = self.user.is_superuser = bureau
            self.user.save(update_fields=["is_staff", "is_superuser"])
