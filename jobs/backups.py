"""Consistent backups of a running database, and restoring them (README, "Backups").

Copying the SQLite file of a running server is not a backup: committed rows may still be
in its write-ahead log, and a copy taken mid-write is torn. SQLite's online backup API
copies a consistent snapshot through SQLite's own locks; PostgreSQL's pg_dump reads one
snapshot of the whole database. Restoring goes the same ways back, all or nothing.
"""

import datetime
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

SQLITE_SUFFIX, POSTGRES_SUFFIX = ".sqlite3", ".pgdump"
POSTGRES_MAGIC = b"PGDMP"  # the start of pg_dump's custom format
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """Said to the user, in Chinese; nothing was changed."""


def _database():
    return connections["default"]


def default_backup_path() -> Path:
    suffix = SQLITE_SUFFIX if _database().vendor == "sqlite" else POSTGRES_SUFFIX
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.JGT_DATA_DIR) / "backups" / f"jiaogongti-{stamp}{suffix}"


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to `target` (first to a .part file, so a
    failed backup never leaves a file that looks whole)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if _database().vendor == "sqlite":
            _sqlite_backup(partial)
        else:
            _postgres(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)])
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target


def restore(source: Path) -> None:
    """Replace the database's contents with the backup's, in one transaction."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    head = source.open("rb").read(16)
    database = _database()
    database.close()  # our own connection must not hold what is being replaced
    if database.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError("这不是 SQLite 数据库的备份文件（当前使用的是 SQLite）。")
        _sqlite_restore(source)
    else:
        if not head.startswith(POSTGRES_MAGIC):
            raise BackupError("这不是 PostgreSQL 的备份文件（pg_dump 格式），当前使用的是 PostgreSQL。")
        _postgres_restore(source)


def _sqlite_backup(target: Path) -> None:
    source = sqlite3.connect(_database().settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("备份文件校验未通过，请重试。")
    finally:
        copy.close()
        source.close()


def _sqlite_restore(source: Path) -> None:
    backup_file = sqlite3.connect(source)
    if backup_file.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        backup_file.close()
        raise BackupError("备份文件已损坏（完整性校验未通过），数据库未做任何改动。")
    live = sqlite3.connect(_database().settings_dict["NAME"], timeout=60)
    try:
        # Through SQLite's own locks and write-ahead log: running connections see the
        # restored database at their next query, and no stale log is replayed over it.
        backup_file.backup(live)
    finally:
        live.close()
        backup_file.close()


def _postgres_restore(source: Path) -> None:
    # The dump as SQL, after emptying the schema, in one transaction: a restore that fails
    # half-way leaves the database as it was, and no table of a later version survives it.
    # The script goes to a scratch file, not memory, and is loaded only once pg_restore has
    # read the whole dump. (The role must own the schema public: the database's owner on
    # PostgreSQL 15 and later.)
    with tempfile.TemporaryDirectory(prefix="jgt-restore-") as scratch:
        script = Path(scratch) / "restore.sql"
        done = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--file", str(script), str(source)], capture_output=True, check=False
        )
        if done.returncode != 0:
            raise BackupError(f"备份文件无法读取，数据库未做任何改动：{done.stderr.decode(errors='replace')[-500:]}")
        _postgres(
            [
                "psql",
                "--quiet",
                "--single-transaction",
                "--set",
                "ON_ERROR_STOP=1",
                "--command",
                "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
                "--file",
                str(script),
            ]
        )


def _postgres(command: list[str]) -> None:
    options = _database().settings_dict
    env = {**os.environ, "PGPASSWORD": options.get("PASSWORD") or ""}
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if options.get(key):
            command += [flag, str(options[key])]
    command += ["--dbname", options["NAME"]]
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败，数据库未做任何改动：{done.stderr.decode(errors='replace')[-500:]}")
