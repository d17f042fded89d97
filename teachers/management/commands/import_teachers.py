from jobs.commands import ImportCommand
from teachers.imports import TEACHERS


class Command(ImportCommand):
    kind = TEACHERS
