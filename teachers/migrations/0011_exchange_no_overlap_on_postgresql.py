"""On PostgreSQL the database itself refuses two live exchanges of one teacher whose terms
overlap: the last line behind the locked check in `teachers.services.check_exchange`.

SQLite has no exclusion constraints; there every write transaction holds the whole
database (BEGIN IMMEDIATE), so the locked check alone is enough.
"""

from django.db import migrations

CONSTRAINT = "exchange_no_overlap"
# Exchange.LIVE, and the same closed range check_exchange compares.
LIVE = "('已提交', '已批准', '进行中', '已结束')"

OVERLAPPING = f"""
SELECT a.id, b.id, a.teacher_id FROM teachers_exchange a JOIN teachers_exchange b
  ON a.teacher_id = b.teacher_id AND a.id < b.id
 AND a.start_date <= b.planned_end AND b.start_date <= a.planned_end
 WHERE a.status IN {LIVE} AND b.status IN {LIVE}
 ORDER BY a.id LIMIT 20
"""


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(OVERLAPPING)
        pairs = cursor.fetchall()
    if pairs:
        listed = "; ".join(f"exchange {a} and {b} (teacher {t})" for a, b, t in pairs)
        raise RuntimeError(
            "教师交流中已有时间重叠的记录，请先在管理后台改正后再升级。"
            f" Overlapping live exchanges must be corrected before this migration: {listed}"
        )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE teachers_exchange ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        f"(teacher_id WITH =, daterange(start_date, planned_end, '[]') WITH &&) WHERE (status IN {LIVE})"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE teachers_exchange DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("teachers", "0010_plausible_dates")]
    operations = [migrations.RunPython(add_constraint, drop_constraint)]
