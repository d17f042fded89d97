from jobs.commands import ImportCommand
from teamwork.imports import ACTIVITIES


class Command(ImportCommand):
    kind = ACTIVITIES
