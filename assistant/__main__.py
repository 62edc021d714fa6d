"""`python -m assistant`."""

import sys

from assistant.cli import main

if __name__ == "__main__":  # not when a child process started with `spawn` imports this module
    sys.exit(main())
