"""Bad inputs (issue 18): for each generated file, the time and peak memory of reading it as the
command line does (`python -m core check`, in a child process) and the longest UI-thread stall
while the window imports it (the first part, when the file is only too long) and shows the
analysis. Run: python bench/bench_bad_inputs.py [--quick]   (files are made in a temp folder)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARA = "今年以来，我认真落实全面从严治党主体责任，组织开展主题党日活动，推动整改落实到位。"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_inputs(folder: Path, quick: bool) -> dict[str, Path]:
    out = {}
    bomb = folder / "inflates-150MB.docx"
    size = (15 if quick else 150) * 1024 * 1024
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
            chunk = f"<w:p><w:r><w:t>{PARA}</w:t></w:r></w:p>".encode() * 1000
            for _ in range(size // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    out["docx inflating to ~150 MB"] = bomb
    text10 = folder / "10MB.txt"
    text10.write_text((PARA + "\n") * (10 * 1024 * 1024 // 130), encoding="utf-8")
    out["10 MB text"] = text10
    line = folder / "one-line.txt"
    line.write_text((PARA * (1_000_000 // len(PARA) + 1))[:1_000_000], encoding="utf-8")
    out["1 000 000-char single line"] = line
    if not quick:
        big = folder / "100MB.txt"
        with big.open("w", encoding="utf-8") as fh:
            for _ in range(10):
                fh.write((PARA + "\n") * (10 * 1024 * 1024 // 130))
        out["100 MB text"] = big
    return out


def cli_figures(path: Path) -> tuple[float, float, str]:
    code = ("import resource,sys,time;t=time.perf_counter();from core.cli import main;"
            f"rc=main(['check',{str(path)!r}]);"
            "print('FIG',time.perf_counter()-t,resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,rc,file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    fig = [ln for ln in r.stderr.splitlines() if ln.startswith("FIG")]
    msg = next((ln for ln in r.stderr.splitlines() if ln.startswith("错误")), "")
    if not fig:
        return float("nan"), float("nan"), r.stderr[-300:]
    _, secs, rss, _rc = fig[0].split()
    return float(secs), int(rss) / 1024, msg[:70]


def ui_stall(app, window, path: Path) -> tuple[float, int]:
    from bench.timing import Heartbeat, wait_for

    files = window.files
    files.warn = lambda *a: None
    files.ask_first_part = lambda message, chars: True
    files.ask_import_target = lambda result: True
    rendered = []
    window.report_rendered.connect(lambda r: rendered.append(r))
    beat = Heartbeat()
    beat.start()
    files.import_path(path)
    wait_for(app, lambda: rendered and rendered[-1].text == window.text() and window.text(), timeout=300)
    t_end = time.monotonic() + 0.5
    while time.monotonic() < t_end:
        app.processEvents()
    beat.stop()
    return max(beat.stalls, default=0.0), len(window.text())


def main() -> int:
    quick = "--quick" in sys.argv
    from PySide6.QtWidgets import QApplication

    from bench.timing import wait_for
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp), quick)
        print(f"{'input':30} {'CLI s':>7} {'CLI MB':>7} {'UI stall ms':>11} {'chars':>8}  message")
        for name, path in inputs.items():
            secs, mb, msg = cli_figures(path)
            data = Path(tmp) / f"data-{path.stem}"
            window = MainWindow(data)
            window.drafts.inform = window.drafts.ask = lambda *a: True
            window.show()
            window.start()
            wait_for(app, lambda w=window: w.analysis.is_ready, timeout=60)
            stall, chars = ui_stall(app, window, path)
            print(f"{name:30} {secs:7.2f} {mb:7.0f} {stall:11.0f} {chars:8}  {msg}", flush=True)
            window.close()
            window.deleteLater()
            app.processEvents()
    print("peak RSS of this (UI) process MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
