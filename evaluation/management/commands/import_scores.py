from evaluation.imports import SCORES
from jobs.commands import ImportCommand


class Command(ImportCommand):
    kind = SCORES
