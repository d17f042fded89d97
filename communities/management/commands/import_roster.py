from communities.imports import ROSTER
from jobs.commands import ImportCommand


class Command(ImportCommand):
    kind = ROSTER
