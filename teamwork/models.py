"""The communities' own work (domain.md, "The communities' own work"; 附件1): what each
plans for a 学年 and, as later parts land, what it does. Kept per community and 学年, beside
the roster, so a community's page reads its year whole."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from communities.models import Community
from jiaogongti.attachments import StoredFile, private_storage
from jiaogongti.dates import validate_record_date
from jiaogongti.school_year import school_year_of

# 人次 of one activity: more than a county's teachers and pupils together is a typing slip.
MAX_PEOPLE = 100_000

GOALS_MAX_LENGTH = 2000
CHARTER_MAX_LENGTH = 5000


class ActivityCategory(models.Model):
    """A 类别 of activity (contracts.md, `import_activities`): the plan's own, seeded; the
    bureau may add more."""

    name = models.CharField("类别", max_length=20, unique=True)
    for_pupils = models.BooleanField("学生活动", default=False, help_text="研学实践、劳动实践等面向学生的活动")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "活动类别"
        verbose_name_plural = "活动类别"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CommunityPlan(models.Model):
    """A community's 发展规划/年度计划 for a 学年: its goals, how many activities of each 类别
    it plans, and for a 共建型 its 共建联盟章程. Written by the core school's head."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="plans")
    school_year = models.PositiveSmallIntegerField("学年")
    goals = models.TextField("发展规划与年度目标", max_length=GOALS_MAX_LENGTH)
    charter = models.TextField("共建联盟章程", blank=True, max_length=CHARTER_MAX_LENGTH, help_text="共建型教共体填写")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "教共体计划"
        verbose_name_plural = "教共体计划"
        ordering = ["-school_year", "community__core_school__name"]
        constraints = [models.UniqueConstraint(fields=["community", "school_year"], name="one_plan_per_community_and_year")]

    def __str__(self):
        return f"{self.community}·{self.school_year}学年计划"


class PlannedActivities(models.Model):
    plan = models.ForeignKey(CommunityPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="planned")
    category = models.ForeignKey(ActivityCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField("计划次数")

    class Meta:
        verbose_name = "计划活动"
        verbose_name_plural = "计划活动"
        constraints = [models.UniqueConstraint(fields=["plan", "category"], name="one_count_per_plan_and_category")]

    def __str__(self):
        return f"{self.category}：{self.count} 次"


TOPIC_MAX_LENGTH = 100


class Activity(models.Model):
    """One activity of a community (contracts.md, `import_activities`): hosted by one of its
    schools, with others taking part, on a day. The same community, 日期, 类别, 主办学校 and
    主题 is the same activity: recorded or imported twice, it is one."""

    class Mode(models.TextChoices):
        ONLINE = "online", "线上"
        ON_SITE = "on_site", "线下"

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="activities")
    school_year = models.PositiveSmallIntegerField("学年", editable=False)
    date = models.DateField("日期", validators=[validate_record_date])
    category = models.ForeignKey(ActivityCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="activities")
    mode = models.CharField("形式", max_length=10, choices=Mode.choices)
    host_school = models.ForeignKey(
        "schools.School", verbose_name="主办学校", on_delete=models.PROTECT, related_name="hosted_activities"
    )
    schools = models.ManyToManyField("schools.School", verbose_name="参与学校", related_name="activities", blank=True)
    teacher_count = models.PositiveIntegerField("教师人次", default=0, validators=[MaxValueValidator(MAX_PEOPLE)])
    pupil_count = models.PositiveIntegerField("学生人次", default=0, validators=[MaxValueValidator(MAX_PEOPLE)])
    topic = models.CharField("主题", max_length=TOPIC_MAX_LENGTH)
    studio = models.ForeignKey(
        "Studio",
        verbose_name="名师工作室",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text="名师工作室组织的活动",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "教共体活动"
        verbose_name_plural = "教共体活动"
        ordering = ["-date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "date", "category", "host_school", "topic"],
                name="one_activity_per_community_day_category_host_topic",
                violation_error_message="这项活动已经记录过（同一教共体、日期、类别、主办学校和主题）。",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.category} {self.topic}"

    def save(self, *args, **kwargs):
        self.school_year = school_year_of(self.date)  # the 学年 it counts in, from its day
        super().save(*args, **kwargs)


def attachment_path(attachment, filename):
    # By community, then a random name (attachments.CheckedFile.as_file): nothing of the
    # user's file name reaches the disk.
    return f"{attachment.community_id}/{filename}"


class Attachment(StoredFile):
    """A photo or document attached to a plan or an activity. Checked by its content
    (jiaogongti.attachments), kept outside the web root, served only to those who may see
    the community."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="attachments")
    plan = models.ForeignKey(
        CommunityPlan, verbose_name="计划", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField("文件", storage=private_storage, upload_to=attachment_path, max_length=200)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, activity__isnull=True)
                | models.Q(plan__isnull=True, activity__isnull=False),
                name="attachment_belongs_to_one_record",
            )
        ]


class Studio(models.Model):
    """A 名师工作室 (四·(五)): a lead teacher, known by 工号, and members from the
    community's schools, mentoring young rural teachers. It hosts activities of its own."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="studios")
    name = models.CharField("工作室名称", max_length=50)
    subject = models.CharField("学科", max_length=20, blank=True)
    lead = models.ForeignKey("teachers.Teacher", verbose_name="领衔名师", on_delete=models.PROTECT, related_name="studios_led")
    members = models.ManyToManyField("teachers.Teacher", verbose_name="成员", related_name="studios", blank=True)
    founded_year = models.PositiveSmallIntegerField("成立学年")
    goals = models.TextField("工作目标", blank=True, max_length=GOALS_MAX_LENGTH)

    class Meta:
        verbose_name = "名师工作室"
        verbose_name_plural = "名师工作室"
        ordering = ["community__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="one_studio_name_per_community",
                violation_error_message="本教共体已有同名的工作室。",
            )
        ]

    def __str__(self):
        return self.name
