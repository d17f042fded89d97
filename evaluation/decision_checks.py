"""Checks on the bureau's CoreAward decision that come from layers above this app (the
annual 考核 lives in assessment/, which imports evaluation): each registers itself here at
start-up (AppConfig.ready), so evaluation imports nothing above it."""

from collections.abc import Callable

# A check takes the decision (a CoreAward, not yet saved) and returns a problem in
# Chinese, or None.
PRINCIPAL_BONUS_CHECKS: list[Callable] = []


def register_principal_bonus_check(check: Callable) -> Callable:
    PRINCIPAL_BONUS_CHECKS.append(check)
    return check


def principal_bonus_problems(award) -> list[str]:
    if award.principal_bonus_percent is None:
        return []
    return [problem for check in PRINCIPAL_BONUS_CHECKS if (problem := check(award))]
