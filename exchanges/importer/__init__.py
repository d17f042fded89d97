"""`import_exchanges` (contracts.md, "Exchanges"): a file read, checked and written a chunk at
a time in one transaction, in the one importer shape of `jiaogongti.importing`, and checked by
the rule book the services use."""

from .exchange_file import import_exchanges

__all__ = ["import_exchanges"]
