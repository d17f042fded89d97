"""The forms of 项目评估: the core school's application, more evidence after 退回补充, and
the bureau's review."""

from django import forms

from assessment.models import COMMENTS_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Grade
from jiaogongti.attachments import AttachmentsField
from jiaogongti.dates import validate_record_date


def _text(label, max_length, rows=5, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
        error_messages={"max_length": f"{label}不能超过 {max_length} 字。"},
        **kwargs,
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=TITLE_MAX_LENGTH)
    goals = _text("项目目标", TEXT_MAX_LENGTH)
    period_start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_record_date]
    )
    period_end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_record_date]
    )
    members = forms.ModelMultipleChoiceField(label="参与成员校", queryset=None, widget=forms.CheckboxSelectMultiple)
    evidence = _text("成效与佐证", TEXT_MAX_LENGTH, rows=8, help_text="成员校的变化（如 Z值、开课、教师成长）和有关数据")
    documents = AttachmentsField(label="佐证材料")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].error_messages["invalid_choice"] = "参与学校须是本教共体的成员校。"


class ResubmitForm(forms.Form):
    evidence = _text("成效与佐证（补充后）", TEXT_MAX_LENGTH, rows=8)
    documents = AttachmentsField(label="补充的佐证材料")


class ReviewForm(forms.Form):
    """The bureau's decision: a score and a grade, or back for more evidence."""

    score = forms.DecimalField(label="评审得分", min_value=0, max_value=100, decimal_places=1, required=False)
    grade = forms.ChoiceField(label="评审等级", choices=[("", "请选择"), *Grade.choices], required=False)
    comments = _text("评审意见", COMMENTS_MAX_LENGTH, rows=4, required=False, help_text="退回补充时必填：写明需要补充的材料")
