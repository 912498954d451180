"""Importers: tables in aliasdb's format built from well-kept open-data packages.

One module per source (``iso3166_2``: first-level divisions; ``geonames``: cities and towns),
each pinned to the package version the shipped files were built from, so that
``aliasdb import ...`` rebuilds them byte for byte. The packages are the optional extra
``aliasdb[import]``; nothing here is needed to resolve a name.

An import never merges into a curated entity: a place that meets one (the same normalized name
and country, or the same external id) is left out of the imported file and reported with both,
for review; a place that only shares a name with a curated entity elsewhere is kept under its
own id, and the curated entity keeps the name alone (see ``aliasdb.places``).
"""

from __future__ import annotations

from aliasdb.table.importers.common import PINNED, ImporterError, Review, write_table

__all__ = ["PINNED", "ImporterError", "Review", "write_table"]
