"""Every date a user can type is checked against a plausible range (issue: every number and
id a user can type is checked): each model's date field carries a validator, so the admin,
the portal's model forms and the services refuse 0001-01-01 and 9999-12-31 in Chinese."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

# Dates that only the portal itself writes (a record's own timestamps, a history's day).
WRITTEN_BY_THE_PORTAL = {"created_at", "updated_at", "history_date", "decided_on"}


def typed_date_fields():
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                if field.editable and not (field.auto_now or field.auto_now_add) and field.name not in WRITTEN_BY_THE_PORTAL:
                    yield model, field


@pytest.mark.parametrize("model, field", list(typed_date_fields()), ids=lambda x: getattr(x, "name", getattr(x, "__name__", "")))
def test_every_typed_date_field_refuses_implausible_dates(model, field):
    for absurd in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            field.run_validators(absurd)
