"""``python -m aliasdb``: the ``aliasdb`` command, for when the script is not on PATH."""

from aliasdb.cli import command

command()
