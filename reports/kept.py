"""How a closed 学年's figures are kept: plain JSON that any later version of the portal
reads back as the same cells and the same dashboard (records last for decades, and a
pickled object would not outlive the code that made it)."""

import dataclasses
import datetime
from collections import Counter
from decimal import Decimal

from django.utils.functional import Promise

from communities.type_share import TypeShare
from jiaogongti.exporting import Styled
from policy.figures import allowance_rates_text, figures_for
from schools.models import District

from .dashboard import Dashboard, DistrictLine

# --- cells ----------------------------------------------------------------------------


def cell_record(value):
    """A cell as JSON: text, whole numbers, floats, booleans and None as they are; the rest
    tagged, and a style kept beside its value."""
    if isinstance(value, Styled):
        return {"styled": [cell_record(value.value), value.number_format, value.kind]}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, Promise):
        return str(value)
    return value


def cell_value(record):
    """The cell back from `cell_record`."""
    if not isinstance(record, dict):
        return record
    if "styled" in record:
        value, number_format, kind = record["styled"]
        return Styled(cell_value(value), number_format, kind)
    if "decimal" in record:
        return Decimal(record["decimal"])
    if "datetime" in record:
        return datetime.datetime.fromisoformat(record["datetime"])
    return datetime.date.fromisoformat(record["date"])


def plain(value):
    """What a cell says, without its style: what two versions of a cell are compared by."""
    value = value.value if isinstance(value, Styled) else value
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, Promise):
        return str(value)
    return None if value == "" else value


# --- the dashboard ----------------------------------------------------------------------


def dashboard_record(board: Dashboard) -> dict:
    """The dashboard's figures as JSON: each 学区 line by its 学区's id and name, sets as
    their members' ids, money as text."""

    def line(district_line: DistrictLine) -> dict:
        record = {}
        for field in dataclasses.fields(DistrictLine):
            value = getattr(district_line, field.name)
            if field.name == "district":
                value = None if value is None else [value.pk, value.name]
            elif isinstance(value, set):
                value = sorted(value)
            elif isinstance(value, Decimal):
                value = str(value)
            record[field.name] = value
        return record

    return {
        "year": board.year,
        "roster_year": board.roster_year,
        "county": line(board.county),
        "districts": [line(district_line) for district_line in board.districts],
        "type_shares": {segment: dict(share.counts) for segment, share in board.type_shares.items()},
        "target": board.target,
        "funds_floor": str(board.funds_floor),
        "unclassified_schools": board.unclassified_schools,
        "in_progress": board.in_progress,
    }


def kept_dashboard_of(record: dict) -> Dashboard:
    """The `Dashboard` back from `dashboard_record`, to be shown as the live one is. A 学区
    renamed since shows its name of that day."""
    districts = District.objects.in_bulk([line["district"][0] for line in record["districts"] if line["district"]])

    def line(data: dict) -> DistrictLine:
        values = {}
        for field in dataclasses.fields(DistrictLine):
            value = data.get(field.name)
            if field.name == "district":
                if value is not None:
                    pk, name = value
                    value = districts.get(pk) or District(pk=pk, name=name)
                    value.name = name
            elif field.name in ("communities", "close_communities"):
                value = set(value or [])
            elif field.name == "funds":
                value = Decimal(value or 0)
            elif value is None and field.default is not dataclasses.MISSING:
                value = field.default
            values[field.name] = value
        return DistrictLine(**values)

    return Dashboard(
        year=record["year"],
        roster_year=record["roster_year"],
        county=line(record["county"]),
        districts=[line(data) for data in record["districts"]],
        type_shares={segment: TypeShare(Counter(counts)) for segment, counts in record["type_shares"].items()},
        target=record["target"],
        funds_floor=Decimal(record["funds_floor"]),
        unclassified_schools=record["unclassified_schools"],
        in_progress=record["in_progress"],
        # The notes in the words of the 学年's figures as they are now (the figures kept are above).
        policy=figures_for(record["year"]).texts,
        allowance_rates=allowance_rates_text(record["year"]),
    )
