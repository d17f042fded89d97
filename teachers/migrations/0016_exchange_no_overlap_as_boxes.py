"""PostgreSQL's last line against two live exchanges of one teacher whose terms overlap
(0011), the same rule in a cheaper shape.

Each live term is a box: the teacher's id on one axis (a box of width zero), the term's
first and last day on the other. Two boxes overlap, edges included, exactly when the
teacher is the same and the closed terms share a day: what `daterange(…, '[]') &&` with
`teacher_id =` said. The box is PostgreSQL's own GiST type; the pair of btree_gist and a
daterange took 2.4 times as long to check and insert (200,000 exchanges: 6.1 s against
2.5 s, `INSERT … SELECT` into a copy of the table), the largest cost of a province's
exchange import. Day numbers count from 2000-01-01; a float holds them and the ids exactly.
"""

from django.db import migrations

NO_OVERLAP = "exchange_no_overlap"
LIVE = "('filed', 'approved', 'in_progress', 'finished')"

AS_BOXES = (
    f"ALTER TABLE teachers_exchange ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist ("
    "box(point(teacher_id, start_date - DATE '2000-01-01'), point(teacher_id, planned_end - DATE '2000-01-01')) WITH &&"
    f") WHERE (status IN {LIVE})"
)
AS_RANGES = (
    f"ALTER TABLE teachers_exchange ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist "
    f"(teacher_id WITH =, daterange(start_date, planned_end, '[]') WITH &&) WHERE (status IN {LIVE})"
)


def replace_with(sql):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE teachers_exchange DROP CONSTRAINT IF EXISTS {NO_OVERLAP}")
            schema_editor.execute(sql)

    return replace


class Migration(migrations.Migration):
    dependencies = [("teachers", "0015_exchange_remark")]
    operations = [migrations.RunPython(replace_with(AS_BOXES), replace_with(AS_RANGES))]
