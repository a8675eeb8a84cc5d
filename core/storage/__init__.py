"""Drafts storage: one SQLite file in the user's data folder (DESIGN 5). No Qt."""

from core.storage.db import Storage
from core.storage.errors import StorageError
from core.storage.files import BACKUP_DIR_NAME, DB_NAME
from core.storage.lock import InstanceLock, acquire_instance_lock
from core.storage.models import REASONS, Draft, DraftSummary, Ignore, LastYearLink, Version, VersionInfo
from core.storage.opening import OpenResult, list_backups, newest_backup, open_storage_safely
from core.storage.search import SearchResult

__all__ = [
    "BACKUP_DIR_NAME", "DB_NAME", "REASONS", "Draft", "DraftSummary", "Ignore", "InstanceLock", "LastYearLink", "OpenResult",
    "SearchResult", "Storage", "StorageError", "Version", "VersionInfo", "acquire_instance_lock",
    "list_backups", "newest_backup", "open_storage_safely",
]
