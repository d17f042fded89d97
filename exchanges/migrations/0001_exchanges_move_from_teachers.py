"""The exchanges leave the `teachers` app for an app of their own (the register of teachers
stays there, below them). Nothing in the database moves: the models are the same tables
under a new app (state only, with `teachers` 0021 and `inbox` 0003), so a 30-year record
keeps its tables, rows and history. What names the app is renamed: the content types (so
permissions, groups and the admin's log follow) and the dotted paths of jobs kept to run
again (a preview confirmed after the upgrade)."""

import django.db.models.deletion
import jiaogongti.dates
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["exchange", "historicalexchange", "exchangeappraisal", "historicalexchangeappraisal"]
# Job.function of an exchange import made before the move (jobs/services.py: dotted_path).
FUNCTIONS = {
    "teachers.importer.exchange_file.import_exchanges": "exchanges.importer.exchange_file.import_exchanges",
}


def _move(apps, source: str, target: str, functions: dict) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)
    Job = apps.get_model("jobs", "Job")
    for old, new in functions.items():
        Job.objects.filter(function=old).update(function=new)


def forwards(apps, schema_editor):
    _move(apps, "teachers", "exchanges", FUNCTIONS)


def backwards(apps, schema_editor):
    _move(apps, "exchanges", "teachers", {new: old for old, new in FUNCTIONS.items()})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('communities', '0003_community_code'),
        ('schools', '0005_district_rates_kept_per_year'),
        ('teachers', '0020_placements_indexed_for_the_years'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('jobs', '0002_preview_changes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Exchange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('rotation', '交流轮岗'), ('support', '支教'), ('shadowing', '跟岗锻炼'), ('resident', '驻教'), ('visiting', '走教')], max_length=12, verbose_name='类型')),
                        ('start_date', models.DateField(db_index=True, validators=[jiaogongti.dates.validate_record_date], verbose_name='开始日期')),
                        ('planned_end', models.DateField(validators=[jiaogongti.dates.validate_record_date], verbose_name='结束日期（计划）')),
                        ('establishment_moved', models.BooleanField(default=True, help_text='交流轮岗一律迁编，期满归队', verbose_name='迁编')),
                        ('status', models.CharField(choices=[('filed', '已提交'), ('approved', '已批准'), ('in_progress', '进行中'), ('finished', '已结束（期满归队）'), ('rejected', '已驳回'), ('withdrawn', '已撤回')], default='filed', max_length=12, verbose_name='状态')),
                        ('reject_reason', models.TextField(blank=True, max_length=200, verbose_name='驳回理由')),
                        ('remark', models.TextField(blank=True, help_text='学校申报时填写，审批时可见', max_length=500, verbose_name='申报理由/备注')),
                        ('filed_at', models.DateTimeField(auto_now_add=True, verbose_name='填报时间')),
                        ('notes', models.JSONField(blank=True, default=list, editable=False, verbose_name='提示')),
                        ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='exchanges', to='communities.community', verbose_name='教共体')),
                        ('filed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人')),
                        ('from_school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exchanges_out', to='schools.school', verbose_name='派出学校')),
                        ('teacher', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exchanges', to='teachers.teacher', verbose_name='教师')),
                        ('to_school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exchanges_in', to='schools.school', verbose_name='接收学校')),
                    ],
                    options={
                        'verbose_name': '教师交流',
                        'verbose_name_plural': '教师交流',
                        'db_table': 'teachers_exchange',
                        'ordering': ['-start_date', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ExchangeAppraisal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('school_year', models.PositiveSmallIntegerField(verbose_name='学年')),
                        ('grade', models.CharField(choices=[('excellent', '优秀'), ('competent', '合格'), ('basic', '基本合格'), ('incompetent', '不合格')], max_length=12, verbose_name='年度考核等次')),
                        ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='填报时间')),
                        ('exchange', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appraisals', to='exchanges.exchange', verbose_name='交流')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人')),
                    ],
                    options={
                        'verbose_name': '交流教师年度考核',
                        'verbose_name_plural': '交流教师年度考核',
                        'db_table': 'teachers_exchangeappraisal',
                        'ordering': ['-school_year', 'exchange'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalExchange',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('rotation', '交流轮岗'), ('support', '支教'), ('shadowing', '跟岗锻炼'), ('resident', '驻教'), ('visiting', '走教')], max_length=12, verbose_name='类型')),
                        ('start_date', models.DateField(db_index=True, validators=[jiaogongti.dates.validate_record_date], verbose_name='开始日期')),
                        ('planned_end', models.DateField(validators=[jiaogongti.dates.validate_record_date], verbose_name='结束日期（计划）')),
                        ('establishment_moved', models.BooleanField(default=True, help_text='交流轮岗一律迁编，期满归队', verbose_name='迁编')),
                        ('status', models.CharField(choices=[('filed', '已提交'), ('approved', '已批准'), ('in_progress', '进行中'), ('finished', '已结束（期满归队）'), ('rejected', '已驳回'), ('withdrawn', '已撤回')], default='filed', max_length=12, verbose_name='状态')),
                        ('reject_reason', models.TextField(blank=True, max_length=200, verbose_name='驳回理由')),
                        ('remark', models.TextField(blank=True, help_text='学校申报时填写，审批时可见', max_length=500, verbose_name='申报理由/备注')),
                        ('filed_at', models.DateTimeField(blank=True, editable=False, verbose_name='填报时间')),
                        ('notes', models.JSONField(blank=True, default=list, editable=False, verbose_name='提示')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('community', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='communities.community', verbose_name='教共体')),
                        ('filed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人')),
                        ('from_school', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='派出学校')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('teacher', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='teachers.teacher', verbose_name='教师')),
                        ('to_school', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='接收学校')),
                    ],
                    options={
                        'verbose_name': '历史记录',
                        'verbose_name_plural': 'historical 教师交流',
                        'db_table': 'teachers_historicalexchange',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalExchangeAppraisal',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('school_year', models.PositiveSmallIntegerField(verbose_name='学年')),
                        ('grade', models.CharField(choices=[('excellent', '优秀'), ('competent', '合格'), ('basic', '基本合格'), ('incompetent', '不合格')], max_length=12, verbose_name='年度考核等次')),
                        ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='填报时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('exchange', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='exchanges.exchange', verbose_name='交流')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人')),
                    ],
                    options={
                        'verbose_name': '历史记录',
                        'verbose_name_plural': 'historical 交流教师年度考核',
                        'db_table': 'teachers_historicalexchangeappraisal',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name='exchange',
                    index=models.Index(fields=['teacher', 'start_date'], name='exchange_teacher_start'),
                ),
                migrations.AddIndex(
                    model_name='exchange',
                    index=models.Index(condition=models.Q(('status', 'filed')), fields=['start_date'], name='exchange_filed_queue'),
                ),
                migrations.AddIndex(
                    model_name='exchange',
                    index=models.Index(fields=['planned_end', 'start_date', 'status', 'teacher', 'from_school', 'to_school'], name='exchange_term'),
                ),
                migrations.AddConstraint(
                    model_name='exchange',
                    constraint=models.CheckConstraint(condition=models.Q(('from_school', models.F('to_school')), _negated=True), name='exchange_between_two_schools', violation_error_message='派出学校和接收学校不能相同。'),
                ),
                migrations.AddConstraint(
                    model_name='exchange',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_end__gte', models.F('start_date'))), name='exchange_ends_after_start', violation_error_message='结束日期不能早于开始日期。'),
                ),
                migrations.AddConstraint(
                    model_name='exchange',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('reject_reason', ''), _negated=True), _connector='OR'), name='rejection_has_reason', violation_error_message='驳回必须填写理由。'),
                ),
                migrations.AddConstraint(
                    model_name='exchangeappraisal',
                    constraint=models.UniqueConstraint(fields=('exchange', 'school_year'), name='one_appraisal_a_year'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
