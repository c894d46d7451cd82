"""``python -m perfkit``: the same command line as the ``perfkit`` script."""

import sys

from perfkit.apps.cli import main

sys.exit(main())
