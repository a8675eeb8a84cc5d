"""Child process for the kill test: append text to one draft and autosave it in a loop,
printing each saved length only after `update_draft_body` returned (i.e. committed).

Usage: python storage_child.py DB_PATH DRAFT_ID SEED
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.storage import Storage  # noqa: E402

WORDS = ["党建工作", "三会一课", "主题党日", "基层组织", "全面从严治党", "理论学习", "整改落实", "支部建设"]


def main() -> int:
    db, draft_id, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    storage = Storage(db)
    body = storage.get_draft(draft_id).body
    while True:
        body += "".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))) + "\n"
        storage.update_draft_body(draft_id, body, cursor=len(body))
        if rng.random() < 0.1:  # exercise the snapshot path too
            storage.add_version(draft_id, "auto")
        sys.stdout.write(f"{len(body)}\n")
        sys.stdout.flush()
        time.sleep(rng.uniform(0.0, 0.05))


if __name__ == "__main__":
    sys.exit(main())
