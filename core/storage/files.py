"""Names of the files in the data folder that belong to the drafts database."""

import re

DB_NAME = "shuzhi.db"
BACKUP_DIR_NAME = "backups"
DAILY_NAME = re.compile(r"shuzhi-\d{4}-\d{2}-\d{2}\.db")
SIDE_FILES = ("-wal", "-shm")  # SQLite's WAL companions, moved and copied with the database
