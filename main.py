"""述职助手 — start the app.  python main.py [FILE] | --smoke | --screenshot OUT.png [FILE] | --version"""

import time

_STARTED = time.time()  # fallback for "ms since process start" where /proc is unavailable

if __name__ == "__main__":
    import multiprocessing
    import sys

    # The analysis worker is a spawned process; in the frozen bundle it starts as this program.
    multiprocessing.freeze_support()
    from ui.app import main

    sys.exit(main(sys.argv[1:], started=_STARTED))
