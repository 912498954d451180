"""The index: every alias cut into parts, every key of every part pointing back at its aliases
(``lookup``), written to and mapped from a compiled file (``store``)."""
