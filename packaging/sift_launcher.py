"""Entry point of the bundled app: the same as the ``sift`` command."""

import multiprocessing

from reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
