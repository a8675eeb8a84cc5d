"""Application start-up and the command-line flags of DESIGN 4.6."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core import __version__
from core.common.paths import data_dir, resource_path
from ui.proc_time import ms_since, process_start_time

DEMO_FILE = "demo_report.txt"


def parse_args(argv: list[str]) -> argparse.Namespace:
    from core.common.argparse_zh import ChineseParser

    p = ChineseParser(prog="main.py", description="述职助手：党建述职报告离线写作与检查助手")
    p.add_argument("file", nargs="?", help="打开的文件（.txt / .docx），作为新草稿")
    p.add_argument("--smoke", action="store_true", help="启动窗口，等分析器就绪并完成一次分析后打印 ready 毫秒数并退出")
    p.add_argument("--screenshot", metavar="OUT.png", help="渲染主窗口（含分析结果）保存为 PNG 后退出")
    p.add_argument("--version", action="version", version=f"述职助手 {__version__}", help="显示版本号并退出")
    return p.parse_args(argv)


def install_chinese(app) -> None:
    """Window icon, and Qt's own texts (standard buttons, context menus) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource_path("icons", "shuzhi.png"))))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)


def _im_plugin_dir() -> Path | None:
    """Private Qt plugin folder for a system input-method plugin (ui/input_method.py)."""
    try:
        return data_dir() / "qt-plugins"
    except Exception:  # an unusable data folder must not stop the window from starting
        return None


def run() -> None:
    """Entry point of the installed `shuzhi` command."""
    sys.exit(main(sys.argv[1:]))


def _handed_over(file: str | None) -> bool:
    """A window already runs for this user and data folder: give it FILE (ui/single_instance.py)."""
    try:
        from ui.single_instance import hand_over

        return hand_over(data_dir(), file)
    except Exception:  # never let the hand-over stop a normal start
        return False


def main(argv: list[str], started: float | None = None) -> int:
    started = process_start_time(started or time.time())
    args = parse_args(argv)
    # The analysis worker process starts first: it loads while Qt starts and the window is built
    # (the hand-over check below already imports Qt, ~0.1 s).
    from core.analysis_worker import AnalysisProcess

    process = AnalysisProcess(data_dir())
    if not (args.smoke or args.screenshot) and _handed_over(args.file):
        process.close(idle=False)  # not needed: the running window has it
        return 0  # the running window has the file (or came to the front); nothing else to do
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.input_method import prepare, show_hint
    from ui.main_window import MainWindow

    im_setup = prepare(private_dir=_im_plugin_dir())  # before the QApplication: Linux fcitx desks
    if im_setup.hint:
        print(im_setup.hint, file=sys.stderr)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("述职助手")
    app.setOrganizationName("Shuzhi")
    install_chinese(app)
    # A screenshot renders the demo (or FILE) without opening or changing the user's drafts.
    window = MainWindow(data_dir(), with_drafts=not args.screenshot, analysis_process=process)
    text = None
    notice = ""
    if args.file:
        try:
            from core.wordio.read_input import read_report

            decoded = read_report(args.file)
            text, notice = decoded.text, decoded.notice
        except Exception as exc:  # any unreadable file: say so, keep the window usable
            message = f"无法打开文件“{args.file}”：{exc}"
            first = getattr(exc, "first_part", None)  # only too long: its beginning, on request
            if args.smoke or args.screenshot:
                print(message, file=sys.stderr)
            elif first and window.files.ask_first_part(message, len(first)):
                text = first
            else:
                QMessageBox.warning(window, "打开失败", message)
    elif args.screenshot:
        text = resource_path(DEMO_FILE).read_text(encoding="utf-8")
    if text is not None and window.drafts is not None:
        window.drafts.open_text_as_new_draft(text)  # FILE becomes a new draft; the last one is kept
    elif text is not None:
        window.set_text(text)
    if notice:  # e.g. stray control characters removed on the way in
        window.statusBar().showMessage(notice, 10000)
    show_hint(window, im_setup)
    if not (args.smoke or args.screenshot):
        from ui.single_instance import serve

        window.instance_server = serve(window)  # later starts hand their files to this window
    window.show()
    if args.smoke:
        print(f"shown {ms_since(started)}", flush=True)
    window.start()

    if args.smoke or args.screenshot:
        def finish(_report=None):
            if args.screenshot:
                out = Path(args.screenshot)
                out.parent.mkdir(parents=True, exist_ok=True)
                ok = window.grab().save(str(out))
                if not ok:
                    print(f"无法保存截图：{out}", file=sys.stderr)
                    app.exit(1)
                    return
            if args.smoke:
                print(f"ready {rendered[0]}", flush=True)
            app.exit(0)

        rendered: list[int] = []

        def on_rendered(_report) -> None:
            if not rendered:  # ready = the first analysis is on screen (the 50 ms are for the grab)
                rendered.append(ms_since(started))
                QTimer.singleShot(50, finish)

        window.report_rendered.connect(on_rendered)
        QTimer.singleShot(30000, lambda: (print("超时：分析器未就绪", file=sys.stderr), app.exit(3)))
    try:
        return app.exec()
    finally:
        window.shutdown()  # also when the loop ends without a close event (--smoke, app.exit)
