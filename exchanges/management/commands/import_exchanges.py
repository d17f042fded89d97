from exchanges.imports import EXCHANGES
from jobs.commands import ImportCommand


class Command(ImportCommand):
    kind = EXCHANGES
