"""Backups of the database (pg_dump, custom format) and the media files (a tar archive).

A backup is a directory: ``database.dump``, ``media.tar`` and ``manifest.json`` (when, which
database, the sizes). Restoring replaces the database's contents and the media files with the
backup's; the search index is rebuilt afterwards by ``restore``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar", "manifest.json"


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    database = settings.DATABASES["default"]
    if not settings.DATABASE_IS_POSTGRES:
        raise CommandError("Sikkerhetskopi krever PostgreSQL (DATABASE_URL=postgres://…).")
    args = ["--host", database["HOST"] or "127.0.0.1", "--port", str(database["PORT"] or 5432)]
    args += ["--username", database["USER"], "--dbname", database["NAME"]]
    return args, {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}


def _run(argv: list[str], env: dict[str, str]) -> None:
    if shutil.which(argv[0]) is None:
        raise CommandError(f"{argv[0]} mangler: installer PostgreSQL-klienten (postgresql-client).")
    done = subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise CommandError(f"{argv[0]} feilet: {done.stderr.strip()}")


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise CommandError(f"{target} er ikke tom: velg en ny mappe for sikkerhetskopien.")
    args, env = _pg_environment()
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / DUMP), *args], env)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "database_bytes": (target / DUMP).stat().st_size,
        "media_bytes": (target / MEDIA).stat().st_size,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(source: Path) -> dict:
    missing = [name for name in (DUMP, MEDIA, MANIFEST) if not (source / name).exists()]
    if missing:
        raise CommandError(f"{source} er ikke en sikkerhetskopi: mangler {', '.join(missing)}.")
    args, env = _pg_environment()
    from django.db import connections

    connections.close_all()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          *args, str(source / DUMP)], env)  # fmt: skip
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / MEDIA) as archive:
        staging = media_root.parent / f".{media_root.name}-restore"
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, filter="data")
        shutil.rmtree(media_root, ignore_errors=True)
        restored = staging / "media"
        if restored.exists():
            restored.rename(media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return json.loads((source / MANIFEST).read_text())
