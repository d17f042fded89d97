"""Notes on the bureau's CoreAward decision that come from layers above this app (the
annual 考核 lives in assessment/, which imports evaluation): each registers itself here at
start-up (AppConfig.ready), so evaluation imports nothing above it.

They are 提示, never refusals: the plan sets the principal's bonus by the members' size and
results (五·(三)) and no other condition; what the 考核 says is shown beside the decision."""

from collections.abc import Callable

# A note takes the decision (a CoreAward) and returns a sentence in Chinese, or None.
PRINCIPAL_BONUS_NOTES: list[Callable] = []


def register_principal_bonus_note(note: Callable) -> Callable:
    PRINCIPAL_BONUS_NOTES.append(note)
    return note


def principal_bonus_notes(award) -> list[str]:
    if award.principal_bonus_percent is None or not award.core_school_id:
        return []
    return [said for note in PRINCIPAL_BONUS_NOTES if (said := note(award))]
