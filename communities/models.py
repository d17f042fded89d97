"""教共体: a core school and the schools it pairs with, held per 学年.

A `Community` is the lasting identity (its core school, its segment, and the schools it
pairs). Everything that can change from year to year, the type and the member list, lives
on `CommunityYear`, one row per 学年, so history is a query and "a school is a member of
at most one community in a 学年" is a plain unique constraint.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from jiaogongti.school_year import school_year_label
from schools.models import SEGMENTS, School


class CommunityType(models.TextChoices):
    MERGED = "merged", "融合型"
    CO_BUILT = "co_built", "共建型"
    COOPERATIVE = "cooperative", "协作型"


# The types the plan's share target counts (融合型、共建型 不低于 80 %, 四·(二)): one place.
CLOSE_TYPES = frozenset({CommunityType.MERGED, CommunityType.CO_BUILT})


def code_for(community_id: int) -> str:
    """The 教共体编号 the portal gives a community once (contracts.md, "Naming a community")."""
    return f"JGT{community_id:04d}"


class Community(models.Model):
    core_school = models.ForeignKey(School, verbose_name="核心校", on_delete=models.PROTECT, related_name="led_communities")
    segment = models.CharField("学段", max_length=10, choices=SEGMENTS)
    # Given once, the same in every 学年; the bureau may change it, and it stays unique.
    code = models.CharField(
        "教共体编号", max_length=20, unique=True, null=True, blank=True, help_text="如 JGT0001；各学年不变，可修改但不能重复"
    )
    created = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = "教共体"
        verbose_name_plural = "教共体（历年）"
        ordering = ["segment", "core_school__name", "id"]

    def __str__(self):
        # The 编号 first: one core school may lead two communities of one 学段 (虹桥路小学, 2021).
        name = f"{self.core_school.name}教共体（{self.get_segment_display()}）"
        return f"{self.code} {name}" if self.code else name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.code:  # numbered by its id, known once it is stored
            self.code = code_for(self.pk)
            Community.objects.filter(pk=self.pk).update(code=self.code)


class CommunityYear(models.Model):
    """A community as it holds in one 学年: its type and its members that year."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="years")
    school_year = models.PositiveSmallIntegerField("学年", db_index=True)
    type = models.CharField("类型", max_length=12, choices=CommunityType.choices, db_index=True)
    position = models.PositiveIntegerField("名单序号", default=0, help_text="在当年名单中的顺序")
    members = models.ManyToManyField(
        School, verbose_name="成员校（校区）", through="Membership", through_fields=("community_year", "school")
    )

    class Meta:
        verbose_name = "教共体名单"
        verbose_name_plural = "教共体名单（按学年）"
        ordering = ["-school_year", "position"]
        indexes = [models.Index(fields=["school_year", "position"], name="communityyear_roster_order")]
        constraints = [
            models.UniqueConstraint(fields=["community", "school_year"], name="one_record_per_community_and_year"),
        ]

    def __str__(self):
        return f"{school_year_label(self.school_year)} {self.community}（{self.get_type_display()}）"


class Membership(models.Model):
    """A member school (成员校/校区) of a community in one 学年.

    `school_year` and `core_school` repeat the community-year's values so that the
    database itself can refuse a school in two communities in one 学年 and a school that
    is core and member of the same community. `save()` keeps the copies in step.
    """

    community_year = models.ForeignKey(CommunityYear, verbose_name="教共体", on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, verbose_name="成员校（校区）", on_delete=models.PROTECT, related_name="memberships")
    school_year = models.PositiveSmallIntegerField("学年", editable=False)
    core_school = models.ForeignKey(School, verbose_name="核心校", on_delete=models.PROTECT, related_name="+", editable=False)
    position = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "成员校（校区）"
        verbose_name_plural = "成员校（校区）"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="school_in_one_community_per_year",
                violation_error_message="一所学校在同一学年只能是一个教共体的成员校。",
            ),
            models.CheckConstraint(
                condition=~Q(school=F("core_school")),
                name="member_is_not_its_core_school",
                violation_error_message="核心校不能同时是本教共体的成员校。",
            ),
        ]

    def __str__(self):
        return self.school.name

    def _copy_from_community_year(self):
        # The community-year may not be saved yet (the admin's add page validates its
        # members first), so read the related object, not its id.
        try:
            community_year = self.community_year
        except CommunityYear.DoesNotExist:
            return
        self.school_year = community_year.school_year
        self.core_school_id = community_year.community.core_school_id

    def clean(self):
        # The copied columns are not on the admin form, so Django's own constraint
        # validation skips them; check here to answer in Chinese instead of a 500.
        self._copy_from_community_year()
        if self.school_year is None or not self.school_id:
            return
        if self.school_id == self.core_school_id:
            raise ValidationError({"school": "核心校不能同时是本教共体的成员校。"})
        clash = (
            Membership.objects.filter(school_id=self.school_id, school_year=self.school_year)
            .exclude(pk=self.pk)
            .select_related("core_school")
            .first()
        )
        if clash:
            raise ValidationError(
                {"school": f"该校在{school_year_label(self.school_year)}已是「{clash.core_school.name}」教共体的成员校。"}
            )

    def save(self, *args, **kwargs):
        self._copy_from_community_year()
        super().save(*args, **kwargs)


class RosterPlan(models.Model):
    """The numbers a plan's text announces for a 学年, to compare with the roster table."""

    school_year = models.PositiveSmallIntegerField("学年", unique=True)
    primary_count = models.PositiveIntegerField("文件所述小学教共体数")
    middle_count = models.PositiveIntegerField("文件所述初中（含九年一贯制）教共体数")
    source = models.CharField("出处", max_length=200, blank=True)

    class Meta:
        verbose_name = "文件所述教共体数"
        verbose_name_plural = "文件所述教共体数"

    def __str__(self):
        return school_year_label(self.school_year)
