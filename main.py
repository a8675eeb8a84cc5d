"""述职助手 — start the app.  python main.py [FILE] | --smoke | --screenshot OUT.png [FILE] | --version"""

import time

_STARTED = time.time()  # fallback for "ms since process start" where /proc is unavailable

if __name__ == "__main__":
    import sys

    from ui.app import main

    sys.exit(main(sys.argv[1:], started=_STARTED))
