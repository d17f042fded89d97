"""`import_teachers` and `import_exchanges` (contracts.md, "Teachers", "Exchanges"): each a
file read, checked and written a chunk at a time in one transaction, in the one importer
shape of `jiaogongti.importing`, and checked by the rule book the services use."""

from .exchange_file import import_exchanges
from .teacher_file import import_teachers

__all__ = ["import_exchanges", "import_teachers"]
