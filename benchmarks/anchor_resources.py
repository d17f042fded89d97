"""The anchor for `benchmarks/imports.py`: stock django-import-export 4.4 Resources, written
as its documentation shows, importing the same CSV files (bulk mode, one transaction)."""

import datetime
import resource
import time

import tablib
from import_export import fields, resources, widgets

from evaluation.models import SchoolResult, SubjectScore
from exchanges.models import Exchange
from schools.models import School
from teachers.models import Placement, Teacher


class TeacherResource(resources.ModelResource):
    staff_id = fields.Field(attribute="staff_id", column_name="工号")
    name = fields.Field(attribute="name", column_name="姓名")
    school = fields.Field(attribute="school", column_name="学校", widget=widgets.ForeignKeyWidget(School, "name"))
    subject = fields.Field(attribute="subject", column_name="学科")
    title = fields.Field(attribute="title", column_name="职称")
    hire_date = fields.Field(attribute="hire_date", column_name="入职日期", widget=widgets.DateWidget("%Y-%m-%d"))

    class Meta:
        model = Teacher
        import_id_fields = ["staff_id"]
        fields = ["staff_id", "name", "school", "subject", "title", "hire_date"]
        use_bulk = True
        batch_size = 2_000
        skip_unchanged = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.establishment_school_id = instance.establishment_school_id or instance.school_id


class ExchangeResource(resources.ModelResource):
    teacher = fields.Field(attribute="teacher", column_name="工号", widget=widgets.ForeignKeyWidget(Teacher, "staff_id"))
    from_school = fields.Field(attribute="from_school", column_name="派出学校", widget=widgets.ForeignKeyWidget(School, "name"))
    to_school = fields.Field(attribute="to_school", column_name="接收学校", widget=widgets.ForeignKeyWidget(School, "name"))
    kind = fields.Field(attribute="kind", column_name="类型")
    start_date = fields.Field(attribute="start_date", column_name="开始日期", widget=widgets.DateWidget("%Y-%m-%d"))
    planned_end = fields.Field(attribute="planned_end", column_name="结束日期", widget=widgets.DateWidget("%Y-%m-%d"))
    establishment_moved = fields.Field(attribute="establishment_moved", column_name="迁编", widget=widgets.BooleanWidget())
    status = fields.Field(attribute="status", column_name="状态")

    class Meta:
        model = Exchange
        import_id_fields = ["teacher", "from_school", "to_school", "start_date"]
        fields = ["teacher", "from_school", "to_school", "kind", "start_date", "planned_end", "establishment_moved", "status"]
        use_bulk = True
        batch_size = 2_000

    def before_import_row(self, row, **kwargs):
        row["迁编"] = "1" if row["迁编"] == "是" else "0"
        if not row["结束日期"]:
            start = datetime.date.fromisoformat(row["开始日期"])
            row["结束日期"] = (start.replace(year=start.year + 3) - datetime.timedelta(days=1)).isoformat()


class ScoreResource(resources.ModelResource):
    subject = fields.Field(attribute="subject", column_name="科目")
    candidates = fields.Field(attribute="candidates", column_name="参考人数", widget=widgets.IntegerWidget())
    average = fields.Field(attribute="average", column_name="平均分", widget=widgets.FloatWidget())
    std_dev = fields.Field(attribute="std_dev", column_name="标准差", widget=widgets.FloatWidget())

    class Meta:
        model = SubjectScore
        import_id_fields = ["result", "subject"]
        fields = ["result", "subject", "candidates", "average", "std_dev"]
        use_bulk = True
        batch_size = 2_000

    def before_import(self, dataset, **kwargs):
        dataset.append_col([None] * len(dataset), header="result")
        self.schools = dict(School.objects.values_list("name", "id"))
        self.results = {}

    def before_import_row(self, row, **kwargs):
        # The file names a school and a 学年; the row belongs to that school's result.
        key = (int(row["学年"]), row["学段"], self.schools[row["学校"]])
        if key not in self.results:
            self.results[key] = SchoolResult.objects.get_or_create(
                school_year=key[0], stage=key[1], school_id=key[2], defaults={"graduating_classes": int(row["毕业班数"])}
            )[0].id
        row["result"] = self.results[key]


RESOURCES = {"teachers": TeacherResource, "exchanges": ExchangeResource, "scores": ScoreResource}


def run(name: str, path: str) -> None:
    started = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="csv")
    result = RESOURCES[name]().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    print(
        f"anchor {name}: {len(dataset)} rows, {dict(result.totals)} in {time.perf_counter() - started:.1f} s, "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def empty(tables: list[str]) -> None:
    """Between measurements: plain SQL deletes (the ORM's would read every row first)."""
    from django.db import connection, transaction

    from jobs.models import Job

    models = {
        "exchange": [Exchange.history.model, Exchange],
        # A new teacher's placement comes with it (teachers' dated story).
        "teacher": [Placement.history.model, Placement, Teacher.history.model, Teacher],
        "score": [SubjectScore, SchoolResult],
        "job": [Job],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ["exchange", "teacher", "score", "job"]:
            if table in tables:
                for model in models[table]:
                    cursor.execute(f"DELETE FROM {model._meta.db_table}")
    if connection.vendor == "postgresql":
        # As a maintained database is: the deleted rows cleared away and the planner's
        # figures up to date (autovacuum would do both, later), so that one measurement
        # does not pay for the rows the one before left behind.
        with connection.cursor() as cursor:
            for table in tables:
                for model in models[table]:
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
