"""The user's own word lists in the data folder (words/<name>.txt), which extend the shipped ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.analysis.lexicon import read_word_list
from core.common.atomic import atomic_write_text

REFERENCE_DIR = "reference"  # 参考文本: templates and earlier reports for copy detection


@dataclass(frozen=True)
class UserList:
    name: str  # file stem, the name rules read with lexicon.words(name)
    label: str
    help: str


USER_LISTS = (
    UserList("whitelist", "白名单", "这些词永远不会被标出，如单位名称、人名、特定说法。"),
    UserList("custom_dict", "自定义词典", "分词时作为一个整体的词，如本单位的活动名称、品牌名称。"),
    UserList("formulations", "规范表述", "必须一字不差的固定提法，写错一字会被标出（每行一条）。"),
    UserList("cliches", "套话", "在本单位被视为套话、需要写实的说法（每行一条）。"),
)


def list_path(data_dir: Path, name: str) -> Path:
    return Path(data_dir) / "words" / f"{name}.txt"


def read_user_list(data_dir: Path, name: str) -> list[str]:
    return read_word_list(list_path(data_dir, name))


def write_user_list(data_dir: Path, name: str, items: list[str]) -> None:
    seen: set[str] = set()
    clean = []
    for item in items:
        item = item.strip()
        if item and not item.startswith("#") and item not in seen:
            seen.add(item)
            clean.append(item)
    atomic_write_text(list_path(data_dir, name), "\n".join(clean) + ("\n" if clean else ""))


def reference_dir(data_dir: Path, create: bool = True) -> Path:
    path = Path(data_dir) / REFERENCE_DIR
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:  # read-only data folder: an empty reference folder, the window still starts
            pass
    return path
