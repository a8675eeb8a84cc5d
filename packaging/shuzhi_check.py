"""Entry script of the bundled command-line tool `shuzhi-check` (the same as `python -m core`):

    shuzhi-check check 报告.txt [--kind shuzhi] [--compare 去年.docx] [--format json]
    shuzhi-check export 报告.txt 报告.docx
    shuzhi-check drafts list
    shuzhi-check --version
"""

import sys

from glibc_check import enforce

if __name__ == "__main__":
    enforce()  # Linux: a clear message, not a loader error, on a glibc older than the build's
    from core import __version__
    from core.__main__ import main

    if sys.argv[1:] == ["--version"]:
        sys.stdout.reconfigure(encoding="utf-8")
        print(f"述职助手 {__version__}")
        sys.exit(0)
    sys.exit(main())
