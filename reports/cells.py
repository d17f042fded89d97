"""How the report's sheets format their numbers: one place for each cell style."""

from jiaogongti.exporting import Styled

MONEY = "#,##0"
RATIO = "0.0%"
Z = "0.00"


def money(value) -> Styled:
    return Styled(value, MONEY)


def ratio(value) -> Styled | None:
    return None if value is None else Styled(value, RATIO)


def z(value) -> Styled | None:
    return None if value is None else Styled(value, Z)


def yuan(value) -> Styled:
    """Money kept to the fen (经费): shown with its two decimals."""
    return Styled(value, "#,##0.00")
