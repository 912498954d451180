"""Names as text: normalization (``normalize``), and a name cut into parts and read in every way it
may be meant (``parts``: titles, particles, place types, patronymics, initials, case endings)."""
