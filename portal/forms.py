from django import forms
from django.utils.formats import date_format

from exchanges.models import Exchange
from jiaogongti.attachments import AttachmentsField
from jiaogongti.dates import validate_record_date
from policy.figures import current_figures
from teachers.models import REMARK_MAX_LENGTH, LeavingReason
from teamwork.models import CHARTER_MAX_LENGTH, GOALS_MAX_LENGTH, MAX_PEOPLE, TOPIC_MAX_LENGTH, Activity, Studio
from teamwork.studios import staff_ids_of


class TeacherChoiceField(forms.ModelChoiceField):
    away: dict = {}  # teacher id -> exchanges.selectors.Away, set by the form

    # The hire date tells a head which teachers are new (跟岗锻炼 is for them); a live
    # exchange, who is away (or filed for) and until when.
    def label_from_instance(self, teacher):
        label = (
            str(teacher)
            if teacher.hire_date is None
            else f"{teacher.name}（{teacher.staff_id}，{date_format(teacher.hire_date)}入职）"
        )
        if away := self.away.get(teacher.pk):
            label += f" —— 交流{away.status}，至 {date_format(away.until)}"
        return label


class ExchangeFilingForm(forms.Form):
    """Only the head's own teachers and their community's schools are offered."""

    teacher = TeacherChoiceField(label="交流教师", queryset=None, empty_label="请选择本校教师")
    to_school = forms.ModelChoiceField(label="接收学校", queryset=None, empty_label="请选择本教共体的学校")
    kind = forms.ChoiceField(
        label="交流类型",
        choices=Exchange.Kind.choices,
        # The page ticks 迁编 when this kind is chosen (交流轮岗一律迁编).
        widget=forms.Select(attrs={"data-moves-establishment": Exchange.Kind.ROTATION}),
        help_text="只列出本校所在教共体允许的类型。跟岗锻炼用于本学年或上一学年入职的新教师，到核心校跟岗；驻教、走教只用于融合型教共体。",
    )
    start_date = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_record_date]
    )
    planned_end = forms.DateField(
        label="结束日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_record_date],
    )
    establishment_moved = forms.BooleanField(
        label="迁编",
        required=False,
        initial=True,
    )

    remark = forms.CharField(
        label="申报理由/备注",
        required=False,
        max_length=REMARK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REMARK_MAX_LENGTH}),
        error_messages={"max_length": f"申报理由/备注不能超过 {REMARK_MAX_LENGTH} 字（现为 %(show_value)d 字）。"},
        help_text="如交流的原因、任教学科和年级等，审批时教育局可见",
    )

    def __init__(self, *args, teachers, receiving_schools, kinds, away=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].away = away or {}
        policy = current_figures().texts  # (of today's 学年: a term filed now mostly starts in it)
        self.fields["planned_end"].help_text = f"不填则按{policy.term_years}年一轮计算（跟岗锻炼至少{policy.shadowing}）"
        self.fields[
            "establishment_moved"
        ].help_text = f"交流轮岗{policy.term_years}年一轮，一律迁编；支教、跟岗锻炼等不迁编的，请取消勾选"
        self.fields["to_school"].queryset = receiving_schools
        # Only what the school's communities allow (驻教、走教 only within a 融合型 one, ...).
        self.fields["kind"].choices = [(kind, label) for kind, label in Exchange.Kind.choices if kind in kinds]
        self.fields["kind"].error_messages["invalid_choice"] = "本校所在教共体不能申报这种交流类型。"
        self.fields["teacher"].error_messages["invalid_choice"] = "请选择本校的教师。"
        self.fields["to_school"].error_messages["invalid_choice"] = "接收学校必须是本教共体中本校可以派出教师前往的学校。"


class PlanForm(forms.Form):
    """A community's plan for a 学年: goals, (for 共建型) the charter, a count per 类别."""

    goals = forms.CharField(
        label="发展规划与年度目标",
        max_length=GOALS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"不超过 {GOALS_MAX_LENGTH} 字",
    )
    attachments = AttachmentsField(label="附件（规划文本、章程等）")

    def __init__(self, *args, plan, categories, with_charter: bool, **kwargs):
        super().__init__(*args, **kwargs)
        planned = {p.category_id: p.count for p in plan.planned.all()} if plan else {}
        if plan:
            self.fields["goals"].initial = plan.goals
        if with_charter:
            self.fields["charter"] = forms.CharField(
                label="共建联盟章程",
                required=False,
                max_length=CHARTER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=plan.charter if plan else "",
                help_text=f"共建型教共体填写，不超过 {CHARTER_MAX_LENGTH} 字",
            )
        self.categories = categories
        for category in categories:
            self.fields[f"count_{category.pk}"] = forms.IntegerField(
                label=f"{category.name}（次）",
                min_value=0,
                max_value=999,
                required=False,
                initial=planned.get(category.pk, 0),
                error_messages={"min_value": "次数不能为负数。", "max_value": "次数不超过 999。", "invalid": "请填写整数。"},
            )

    def plan_values(self) -> dict:
        data = self.cleaned_data
        counts = {category.pk: data.get(f"count_{category.pk}") or 0 for category in self.categories}
        return {"goals": data["goals"], "charter": data.get("charter", ""), "counts": counts, "attachments": data["attachments"]}


class ActivityForm(forms.Form):
    """An activity the head's school hosted; the other schools of the community may take part."""

    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_record_date])
    category = forms.ModelChoiceField(label="类别", queryset=None, empty_label="请选择类别")
    mode = forms.ChoiceField(label="形式", choices=Activity.Mode.choices)
    schools = forms.ModelMultipleChoiceField(label="参与学校", queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    teacher_count = forms.IntegerField(label="教师人次", min_value=0, max_value=MAX_PEOPLE, initial=0)
    pupil_count = forms.IntegerField(label="学生人次", min_value=0, max_value=MAX_PEOPLE, initial=0)
    topic = forms.CharField(label="主题", max_length=TOPIC_MAX_LENGTH)
    studio = forms.ModelChoiceField(label="名师工作室", queryset=None, required=False, empty_label="（不是工作室的活动）")
    attachments = AttachmentsField(label="照片或材料")

    def __init__(self, *args, categories, partners, studios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["studio"].queryset = studios
        if not studios.exists():
            del self.fields["studio"]
        self.fields["schools"].queryset = partners
        self.fields["category"].error_messages["invalid_choice"] = "请从列表中选择类别。"
        self.fields["schools"].error_messages["invalid_choice"] = "参与学校须是本教共体的学校。"


class StudioForm(forms.Form):
    """A 名师工作室: its lead and members by 工号, as the school's teacher list shows them."""

    name = forms.CharField(label="工作室名称", max_length=Studio._meta.get_field("name").max_length)
    subject = forms.CharField(label="学科", max_length=20, required=False)
    lead_staff_id = forms.CharField(label="领衔名师工号", max_length=30)
    member_staff_ids = forms.CharField(
        label="成员工号",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本教共体各校教师的工号，用“、”、逗号、空格或换行分隔",
    )
    goals = forms.CharField(
        label="工作目标", required=False, max_length=GOALS_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def of(cls, data, studio: Studio | None):
        initial = {}
        if studio:
            members = "、".join(studio.members.values_list("staff_id", flat=True))
            initial = {
                "name": studio.name,
                "subject": studio.subject,
                "lead_staff_id": studio.lead.staff_id,
                "member_staff_ids": members,
                "goals": studio.goals,
            }
        return cls(data, initial=initial)

    def studio_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["member_staff_ids"] = staff_ids_of(values["member_staff_ids"])
        return values


class DepartureReportForm(forms.Form):
    """A head reports that a teacher of their school has left; the bureau confirms."""

    left_on = forms.DateField(
        label="离岗日期",
        validators=[validate_record_date],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="在本县学校任教的最后一天；县内调动不属于离岗",
    )
    reason = forms.ChoiceField(label="离岗原因", choices=[("", "请选择"), *LeavingReason.choices])
    remark = forms.CharField(
        label="说明",
        required=False,
        max_length=REMARK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REMARK_MAX_LENGTH}),
        help_text="如退休文件号、调出去向等，可空",
    )
