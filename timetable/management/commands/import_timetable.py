from jobs.commands import ImportCommand
from timetable.imports import TIMETABLE


class Command(ImportCommand):
    kind = TIMETABLE
