from assessment.imports import FUNDS
from jobs.commands import ImportCommand


class Command(ImportCommand):
    kind = FUNDS
