"""Whole backups of a running portal, and restoring them (README, "Backups").

A backup is one file (a .tar.gz): the database as one consistent snapshot, and every kept
upload (attachments, documents) that snapshot refers to, with a manifest. Copying the
SQLite file of a running server is not a backup: committed rows may still be in its
write-ahead log, and a copy taken mid-write is torn. SQLite's online backup API copies a
consistent snapshot through SQLite's own locks; PostgreSQL's pg_dump reads one snapshot,
the very one in which the list of files is read (an exported snapshot). Restoring checks
the whole file first, then puts the database back in one transaction and the files beside
it, all or nothing.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

from jiaogongti.attachments import StoredFile, private_storage
from jiaogongti.figures_cache import records_changed

SUFFIX = ".tar.gz"
SQLITE_SUFFIX, POSTGRES_SUFFIX = ".sqlite3", ".pgdump"  # the database inside; backups made before files were held
POSTGRES_MAGIC = b"PGDMP"  # the start of pg_dump's custom format
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
MANIFEST, FILES = "MANIFEST.json", "files/"
FORMAT = "jiaogongti-backup"
FOREIGN = "备份文件中有不应出现的内容，已拒绝，数据库未做任何改动。"


class BackupError(Exception):
    """Said to the user, in Chinese; nothing was changed."""


def _database():
    return connections["default"]


def default_backup_path() -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.JGT_DATA_DIR) / "backups" / f"jiaogongti-{stamp}{SUFFIX}"


def _kept_file_columns() -> list[tuple[str, str]]:
    """(table, column) of every kept upload's file: each model built on StoredFile."""
    columns = []
    for model in apps.get_models():
        if issubclass(model, StoredFile):
            field = model._meta.get_field("file")
            assert field.storage is private_storage, f"{model.__name__} keeps its files elsewhere"
            columns.append((model._meta.db_table, field.column))
    return columns


def _files_query() -> str:
    parts = [f'SELECT "{column}" FROM "{table}"' for table, column in _kept_file_columns()]
    return " UNION ".join(parts) if parts else "SELECT '' WHERE 1 = 0"


def backup(target: Path) -> tuple[Path, list[str]]:
    """Write the database's snapshot and the files it refers to into `target` (first a .part
    file, so a failed backup never leaves a file that looks whole). Returns the path and the
    files the snapshot refers to that were already missing from the disk."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        # A file deleted between the snapshot and its copy is missed: the snapshot is taken
        # again, and what is still missing after that was gone before (listed, never hidden).
        for _ in range(3):
            with tempfile.TemporaryDirectory(prefix="jgt-backup-") as scratch:
                vendor = _database().vendor
                database = Path(scratch) / ("database" + (SQLITE_SUFFIX if vendor == "sqlite" else POSTGRES_SUFFIX))
                names = _sqlite_backup(database) if vendor == "sqlite" else _postgres_backup(database)
                missing = _write_archive(partial, database, names, vendor)
            if not missing:
                break
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target, missing


def _write_archive(path: Path, database: Path, names: list[str], vendor: str) -> list[str]:
    root = Path(private_storage.location)
    present = [name for name in names if (root / name).is_file()]
    missing = sorted(set(names) - set(present))
    manifest = {
        "format": FORMAT,
        "version": 1,
        "database": vendor,
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "files": len(present),
        "missing": missing,
    }
    with tarfile.open(path, "w:gz", compresslevel=6) as archive:
        _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        archive.add(database, arcname=database.name)
        for name in present:
            archive.add(root / name, arcname=FILES + name, recursive=False)
    return missing


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(content), int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def restore(source: Path) -> dict:
    """Replace the database's contents and the kept files with the backup's. The whole file
    is read and checked before anything is replaced; returns what was restored."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    with source.open("rb") as handle:
        head = handle.read(16)
    database = _database()
    if not head.startswith(GZIP_MAGIC):  # a database-only backup made before files were held
        _restore_database(source, head)
        return {"files": None}
    root = Path(private_storage.location)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jgt-restore-", dir=root.parent) as scratch:
        manifest, dump, staged = _unpack(source, Path(scratch))
        if manifest["database"] != database.vendor:
            kinds = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
            raise BackupError(
                f"这份备份来自 {kinds.get(manifest['database'], manifest['database'])} 数据库，"
                f"当前使用的是 {kinds.get(database.vendor, database.vendor)}，数据库未做任何改动。"
            )
        # Files first, the old ones kept aside: if the database then cannot be restored,
        # they go back, and nothing has changed. Both renames stay on one file system.
        previous = Path(scratch) / "before-restore"
        _move(root, previous)
        try:
            _move(staged, root)
            with dump.open("rb") as handle:
                _restore_database(dump, handle.read(16))
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            _move(previous, root)
            raise
    return {"files": manifest["files"], "missing": manifest.get("missing", [])}


def _move(source: Path, target: Path) -> None:
    if not source.exists():
        return
    try:
        os.replace(source, target)
    except OSError as error:
        raise BackupError(f"无法替换附件文件夹 {source}（{error.strerror}），数据库未做任何改动。") from error


def _unpack(source: Path, scratch: Path) -> tuple[dict, Path, Path]:
    """The manifest, the database dump and the files, unpacked into `scratch`; any doubt
    about the archive refuses it before anything is replaced."""
    staged = scratch / "files"
    staged.mkdir()
    manifest, dump = None, None
    try:
        with tarfile.open(source, "r:gz") as archive:
            for member in archive:
                if not member.isfile():
                    raise BackupError(FOREIGN)
                if member.name == MANIFEST:
                    manifest = json.loads(archive.extractfile(member).read())
                elif member.name in ("database" + SQLITE_SUFFIX, "database" + POSTGRES_SUFFIX):
                    dump = scratch / member.name
                    _extract(archive, member, dump)
                elif member.name.startswith(FILES):
                    _extract(archive, member, _inside(staged, member.name.removeprefix(FILES)))
                else:
                    raise BackupError(FOREIGN)
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"备份文件已损坏或不完整，数据库未做任何改动：{error}") from error
    if not manifest or manifest.get("format") != FORMAT or dump is None:
        raise BackupError("这不是本平台 backup_db 生成的备份文件，数据库未做任何改动。")
    if manifest.get("files") != sum(1 for path in staged.rglob("*") if path.is_file()):
        raise BackupError("备份文件中的附件数与记录不符（文件可能不完整），数据库未做任何改动。")
    return manifest, dump, staged


def _inside(folder: Path, name: str) -> Path:
    """Where a kept file of the archive goes: inside `folder`, or the archive is refused (a
    crafted name such as files//etc/x or files/../x would write elsewhere)."""
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") for part in parts) or "\\" in name:
        raise BackupError(FOREIGN)
    target = folder.joinpath(*parts)
    if not target.resolve().is_relative_to(folder.resolve()):
        raise BackupError(FOREIGN)
    return target


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(member) as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy, 1024 * 1024)


def _restore_database(source: Path, head: bytes) -> None:
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
    # Written past Django's connection: every figure kept so far is of other records.
    records_changed()


def _sqlite_backup(target: Path) -> list[str]:
    """A consistent copy, and the files that very copy refers to."""
    source = sqlite3.connect(_database().settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("备份文件校验未通过，请重试。")
        return [name for (name,) in copy.execute(_files_query()) if name]
    finally:
        copy.close()
        source.close()


def _postgres_backup(target: Path) -> list[str]:
    """pg_dump of the snapshot in which the files are listed: a transaction exports its
    snapshot, lists the files, and stays open while pg_dump reads the same snapshot."""
    with _exported_snapshot() as (snapshot, cursor):
        cursor.execute(_files_query())
        names = [name for (name,) in cursor.fetchall() if name]
        _postgres(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "--file", str(target)]
        )
    return names


@contextmanager
def _exported_snapshot():
    import psycopg2

    options = _database().settings_dict
    connection = psycopg2.connect(
        dbname=options["NAME"],
        user=options.get("USER") or None,
        password=options.get("PASSWORD") or None,
        host=options.get("HOST") or None,
        port=options.get("PORT") or None,
    )
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0], cursor
    finally:
        connection.rollback()
        connection.close()


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
