from jobs.commands import ImportCommand
from schools.imports import SCHOOLS


class Command(ImportCommand):
    kind = SCHOOLS
