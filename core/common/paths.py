"""Where shipped resources and the user's data live (one helper, used everywhere)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "Shuzhi"
DATA_DIR_ENV = "SHUZHI_DATA_DIR"
CACHE_DIR_ENV = "SHUZHI_CACHE_DIR"  # optional: where rebuildable caches go (tests share one)


def resources_dir() -> Path:
    """The read-only `resources/` folder: beside `core/` in a checkout and when installed,
    and under `sys._MEIPASS` in a frozen (PyInstaller) bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"  # core/common/paths.py -> root


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_data_dir() -> Path:
    """The platform's per-user application-data folder (no Qt needed)."""
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def data_dir(create: bool = True) -> Path:
    """`SHUZHI_DATA_DIR` if set, else the platform default; created on demand (owner-only: drafts
    are sensitive). A folder that cannot be created (read-only profile) is returned anyway: opening
    the database then says why, and the window keeps working without saving."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override).expanduser() if override else default_data_dir()
    if create:
        make_private_dir(path)
    return path


def cache_dir_for(data: Path) -> Path:
    """Rebuildable caches (the segmenter's dictionary): `SHUZHI_CACHE_DIR`, else data/cache."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override).expanduser() if override else Path(data) / "cache"


def make_private_dir(path: Path) -> bool:
    """Create `path` (and parents) with mode 0700; False when it cannot be created."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return True
    except OSError:
        return False
