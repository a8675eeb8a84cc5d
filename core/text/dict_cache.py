"""jieba's prefix dictionary, cached in the data folder in shards loaded on demand.

jieba keeps one dict of ~500 000 words and word prefixes with their frequencies; building it,
or loading its own cache (one marshal blob), takes 0.5–1 s before the first word can be cut.
Here the same entries are grouped by first character and each group is marshalled on its own:
opening the cache reads the file and an index of ~12 000 small blobs (a few ms); a group is
decoded the first time a fragment starting with that character is looked up (a report touches
a few hundred of them). The cache is built once from jieba's own dictionary and rebuilt when
jieba's version or its dictionary file changes.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from pathlib import Path

from core.common.atomic import atomic_write_bytes

FORMAT = 2
_MISSING = object()


class ShardedFreq:
    """The mapping interface jieba's Tokenizer uses on `FREQ` (get, in, [], []=), over shards."""

    __slots__ = ("_blobs", "_shards", "_singles")

    def __init__(self, blobs: dict[str, bytes], singles: dict[str, int]) -> None:
        self._blobs = blobs
        self._shards: dict[str, dict[str, int]] = {}
        # Every one-character entry, loaded at once: asking the frequency of each character (the
        # confusable-character table does) must not decode every shard.
        self._singles = singles

    def shard(self, first: str) -> dict[str, int]:
        """The plain dict of every entry of 2+ characters that starts with `first` (and `first` itself)."""
        return self._shards.get(first) or self._shard(first)

    def _shard(self, first: str) -> dict[str, int]:
        shard = self._shards.get(first)
        if shard is None:
            blob = self._blobs.get(first)
            shard = self._shards[first] = marshal.loads(blob) if blob is not None else {}
        return shard

    def get(self, key: str, default=None):
        if not key:
            return default
        if len(key) == 1:
            return self._singles.get(key, default)
        return self._shard(key[0]).get(key, default)

    def __getitem__(self, key: str) -> int:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or not key:
            return False
        return key in self._singles if len(key) == 1 else key in self._shard(key[0])

    def __setitem__(self, key: str, value: int) -> None:
        self._shard(key[0])[key] = value
        if len(key) == 1:
            self._singles[key] = value

    def items(self) -> Iterator[tuple[str, int]]:
        for first in self._blobs:
            yield from self._shard(first).items()

    def __len__(self) -> int:
        return sum(len(self._shard(first)) for first in self._blobs)


def dictionary_stamp(jieba_module) -> str:
    """What the cache depends on: jieba's version and its dictionary file (size, mtime)."""
    path = Path(jieba_module.__file__).with_name("dict.txt")
    try:
        st = path.stat()
        file_part = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        file_part = "?"
    return f"jieba {jieba_module.__version__} | {file_part} | format {FORMAT}"


def cache_path(cache_dir: Path, jieba_module) -> Path:
    return Path(cache_dir) / f"jieba-{jieba_module.__version__}-prefix-dict.bin"


def load(path: Path, stamp: str) -> tuple[ShardedFreq, int] | None:
    """The cached dictionary, or None when missing, damaged or built for another jieba."""
    try:
        with open(path, "rb") as fh:
            head = marshal.load(fh)
            if not isinstance(head, tuple) or len(head) != 3 or head[0] != stamp:
                return None
            total, singles, blobs = head[1], head[2], marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None
    if not isinstance(blobs, dict) or not isinstance(singles, dict) or not isinstance(total, int):
        return None
    return ShardedFreq(blobs, singles), total


def save(path: Path, stamp: str, freq: dict[str, int], total: int) -> None:
    """Write the cache atomically (a crash leaves the old file or none, never half a file)."""
    groups: dict[str, dict[str, int]] = {}
    for word, f in freq.items():
        if word:
            groups.setdefault(word[0], {})[word] = f
    blobs = {first: marshal.dumps(group) for first, group in groups.items()}
    singles = {word: f for word, f in freq.items() if len(word) == 1}
    data = marshal.dumps((stamp, total, singles)) + marshal.dumps(blobs)
    try:
        atomic_write_bytes(path, data)
    except OSError:
        pass  # no cache (read-only or full disk): the next start loads jieba's dictionary again
    else:
        remove_other_versions(path.parent, "prefix-dict.bin", jieba_version_of(path))


def jieba_version_of(path: Path) -> str:
    """The jieba version in a cache file's name (`jieba-<version>-…`)."""
    return path.name.split("-", 2)[1]


def remove_other_versions(cache_dir: Path, suffix: str, version: str) -> None:
    """Delete the cache files `jieba-<other version>-<suffix>` (suffix may hold `*`): a jieba
    upgrade would otherwise leave every older cache behind in the data folder."""
    for old in Path(cache_dir).glob(f"jieba-*-{suffix}"):
        if jieba_version_of(old) != version:
            try:
                os.unlink(old)
            except OSError:
                pass
