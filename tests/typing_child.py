"""Child process for the window kill test: the real main window (offscreen) on DATA_DIR, typing
continuously through input-method commits. After each keystroke it prints "WALL_TIME LENGTH"
(the text length after it), so the parent knows when each character was typed.

Usage: python typing_child.py DATA_DIR SEED"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.ui_helpers import ime_type  # noqa: E402
from ui.drafts.session import DraftSession  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PHRASES = ["我们", "支部", "认真", "组织", "学习", "党建", "工作", "落实", "整改", "，", "。\n"]


def main() -> int:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    DraftSession.inform = lambda self, title, text: None  # no start-up notice may wait for a click
    DraftSession.ask = lambda self, title, text: True
    app = QApplication([sys.argv[0]])
    window = MainWindow(data_dir)
    window.show()
    window.start()
    editor = window.editor

    def keystroke() -> None:
        ime_type(editor, rng.choice(PHRASES))
        sys.stdout.write(f"{time.time():.4f} {len(editor.toPlainText())}\n")
        sys.stdout.flush()
        timer.start(rng.randint(20, 90))  # a fast typist, never pausing for long

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(keystroke)
    timer.start(0)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
