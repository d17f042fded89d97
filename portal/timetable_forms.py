"""The forms of the 同步课堂 pages: a session as the core school enters it, a lesson's 研讨."""

from django import forms

from jiaogongti.text import normalize_text
from teachers.models import Teacher
from teamwork.models import TOPIC_MAX_LENGTH, Activity
from timetable.models import CLASS_MAX_LENGTH, MAX_WEEKS, WEEKDAYS
from timetable.sessions import SessionDraft

LISTENING_ROWS = 4  # a core school with three members: up to four listening classrooms


class SessionForm(forms.Form):
    weekday = forms.TypedChoiceField(label="星期", coerce=int, choices=list(enumerate(WEEKDAYS, start=1)))
    start_time = forms.TimeField(label="开始时间", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="结束时间", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    subject = forms.CharField(label="学科", max_length=20)
    lead_school = forms.ModelChoiceField(label="主讲学校", queryset=None, empty_label="请选择")
    lead_class = forms.CharField(label="主讲班级", max_length=CLASS_MAX_LENGTH, help_text="如 三(1)班")
    lead_teacher = forms.CharField(label="主讲教师工号", max_length=30)
    first_week = forms.IntegerField(label="起始周", min_value=1, max_value=MAX_WEEKS, initial=1)
    last_week = forms.IntegerField(label="结束周", min_value=1, max_value=MAX_WEEKS)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_school"].queryset = schools
        self.fields["lead_school"].error_messages["invalid_choice"] = "主讲学校须是本教共体的学校。"
        for n in range(1, LISTENING_ROWS + 1):
            self.fields[f"listener_school_{n}"] = forms.ModelChoiceField(
                label=f"听课学校 {n}", queryset=schools, required=n == 1, empty_label="（无）" if n > 1 else "请选择"
            )
            self.fields[f"listener_class_{n}"] = forms.CharField(
                label=f"听课班级 {n}", max_length=CLASS_MAX_LENGTH, required=n == 1
            )
        for name in ("start_time", "end_time"):
            self.fields[name].error_messages["invalid"] = "请按 时:分 填写，如 08:00。"

    def listening_rows(self):
        return [(self[f"listener_school_{n}"], self[f"listener_class_{n}"]) for n in range(1, LISTENING_ROWS + 1)]

    def clean(self):
        data = super().clean()
        staff_id = (data.get("lead_teacher") or "").strip()
        if staff_id:
            teacher = Teacher.objects.filter(staff_id=staff_id).first()
            if teacher is None:
                self.add_error("lead_teacher", f"工号「{staff_id}」不在教师名录中。")
            data["lead_teacher"] = teacher
        for n in range(1, LISTENING_ROWS + 1):
            school, class_name = data.get(f"listener_school_{n}"), (data.get(f"listener_class_{n}") or "").strip()
            if bool(school) != bool(class_name):
                self.add_error(f"listener_class_{n}", "听课学校和听课班级要一起填写。")
        return data

    def draft(self) -> SessionDraft:
        data = self.cleaned_data
        listeners = [
            (data[f"listener_school_{n}"], normalize_text(data[f"listener_class_{n}"]))
            for n in range(1, LISTENING_ROWS + 1)
            if data.get(f"listener_school_{n}")
        ]
        return SessionDraft(
            data["weekday"],
            data["start_time"],
            data["end_time"],
            normalize_text(data["subject"]),
            data["lead_school"],
            normalize_text(data["lead_class"]),  # as an import writes it: 三（1）班
            data["lead_teacher"],
            data["first_week"],
            data["last_week"],
            listeners,
        )


class DiscussionForm(forms.Form):
    """The 同步教学研讨 after a held lesson, recorded as a 同步教研 activity."""

    topic = forms.CharField(label="研讨主题", max_length=TOPIC_MAX_LENGTH)
    mode = forms.ChoiceField(label="形式", choices=Activity.Mode.choices, initial=Activity.Mode.ONLINE)
    teacher_count = forms.IntegerField(label="教师人次", min_value=0, max_value=100_000, initial=0)
