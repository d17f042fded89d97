"""Data migrations that change stored choice codes (the labels stay): the rows of a model
and of its history table get the new code, and back again when unapplied.

Migrations call this with their own frozen tables of codes, so a later change to the
models' choices cannot change what an old migration does.
"""

from django.db import migrations


def recode(app_label: str, fields: dict[str, dict[str, str]]) -> migrations.RunPython:
    """`fields`: {"Model.field": {old code: new code}}; a history model is named like any other."""

    def run(apps, schema_editor, reverse: bool):
        for target, codes in fields.items():
            model_name, field = target.split(".")
            model = apps.get_model(app_label, model_name)
            for old, new in codes.items():
                before, after = (new, old) if reverse else (old, new)
                model.objects.filter(**{field: before}).update(**{field: after})
        if schema_editor.connection.vendor == "postgresql":
            # The updates left the foreign keys' deferred checks pending, and PostgreSQL
            # alters no table with pending checks: the migration's next steps would fail.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    return migrations.RunPython(
        lambda apps, schema_editor: run(apps, schema_editor, reverse=False),
        lambda apps, schema_editor: run(apps, schema_editor, reverse=True),
        elidable=False,
    )
