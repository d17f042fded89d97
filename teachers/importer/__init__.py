"""`import_teachers` (contracts.md, "Teachers"): a file read, checked and written a chunk at a
time in one transaction, in the one importer shape of `jiaogongti.importing`."""

from .teacher_file import import_teachers

__all__ = ["import_teachers"]
