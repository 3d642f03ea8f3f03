"""The frozen app's entry point: the ``annotator`` command, as the installed script runs it."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
