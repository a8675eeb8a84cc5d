"""Entry script of the bundled window program `Shuzhi` — the same as main.py, plus one thing
only a frozen Windows build needs.

Shuzhi.exe is built without a console (no black window behind the editor), so Python starts
with no stdout and `Shuzhi.exe --version` / `--help` / `--smoke` typed in a command prompt would
print nothing.  For those flags only, attach to the console of the command prompt that started
the program; from Explorer there is none and nothing changes.  When output is redirected
(`Start-Process -RedirectStandardOutput`, as the CI does), stdout already exists.
"""

import sys
import time

_STARTED = time.time()
CONSOLE_FLAGS = ("--version", "--help", "-h", "--smoke")


def _attach_parent_console() -> None:
    if sys.platform != "win32" or sys.stdout is not None:
        return
    if not any(arg in CONSOLE_FLAGS for arg in sys.argv[1:]):
        return
    try:
        import ctypes

        if not ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            return
        # "CONOUT$" opens as a Windows console stream: Chinese text is shown whatever the code page.
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")
        sys.stderr = sys.stdout
        print()  # the prompt has already been printed (cmd does not wait for window programs)
    except Exception:  # never let this stop the program
        pass


if __name__ == "__main__":
    import multiprocessing

    # The analysis worker (core/analysis_worker.py) is a spawned process: in the bundle it is
    # this executable started again, and freeze_support() turns that start into the worker.
    multiprocessing.freeze_support()
    _attach_parent_console()
    from glibc_check import enforce

    enforce()  # Linux: a clear message, not a loader error, on a glibc older than the build's
    from ui.app import main

    sys.exit(main(sys.argv[1:], started=_STARTED))
