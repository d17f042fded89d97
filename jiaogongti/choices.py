"""Stored choices are English codes; files, forms and pages speak their Chinese labels."""


def by_label(choices) -> dict[str, str]:
    """label -> code, for `Model.Choices.choices` or a list of (code, label) pairs."""
    return {str(label): value for value, label in choices}
