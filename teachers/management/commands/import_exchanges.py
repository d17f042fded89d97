from jobs.commands import ImportCommand
from teachers.imports import EXCHANGES


class Command(ImportCommand):
    kind = EXCHANGES
