"""``python -m aliasdb``: the ``aliasdb`` command, for when the script is not on PATH."""

import sys

from aliasdb.cli import main

sys.exit(main())
