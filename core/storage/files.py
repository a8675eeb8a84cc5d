"""Names of the files in the data folder that belong to the drafts database."""

import os
import re
from pathlib import Path

DB_NAME = "shuzhi.db"
BACKUP_DIR_NAME = "backups"
DAILY_NAME = re.compile(r"shuzhi-\d{4}-\d{2}-\d{2}\.db")
SIDE_FILES = ("-wal", "-shm")  # SQLite's WAL companions, moved and copied with the database


def private(path: Path) -> None:
    """Owner-only permissions on a database file (drafts are sensitive); best effort."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
