"""``aliasdb import``: build the imported tables (divisions, towns) against a curated table.

Both importers run together, because a town's ``part_of`` and a namesake's id need the
divisions, and names shared across the two files must be marked in both."""

from __future__ import annotations

from aliasdb.model import Entity
from aliasdb.table.importers import geonames, iso3166_2
from aliasdb.table.importers.common import Place, Review, assign_ids, mark_namesakes, meet_curated, read_curated, table_text

__all__ = ["HEADERS", "build", "build_from"]

HEADERS = {
    "iso3166-2": "aliasdb's first-level divisions of Russia, Ukraine, South Korea and North Korea, imported:\n"
                 "do not edit; rebuild with `aliasdb import iso3166-2 -o places/divisions.yaml` (docs/places.md).\n"
                 "Divisions that are curated in aliases.yaml (federal and metropolitan cities) are left out.",
    "geonames": "aliasdb's towns of Russia (15,000 inhabitants or more), Ukraine, South Korea and North Korea\n"
                "(5,000 or more), imported from GeoNames (geonames.org, CC BY 4.0): do not edit; rebuild with\n"
                "`aliasdb import geonames -o places/towns.yaml` (docs/places.md). Towns curated in aliases.yaml are left out.",
}


def build(curated_path: str, *, unpinned: bool = False) -> tuple[dict[str, str], list[Review]]:
    """The text of each imported file (keyed by source) and the places left out for review."""
    curated = read_curated(curated_path)
    return build_from(curated, iso3166_2.divisions(unpinned=unpinned), None, unpinned=unpinned)


def build_from(curated: list[Entity], divisions: list[Place], towns_data: dict[str, dict[str, object]] | None, *,
               unpinned: bool = False, skipped: list[tuple[str, str, str, str]] | None = None
               ) -> tuple[dict[str, str], list[Review]]:
    """``build`` on given data (``towns_data`` None: the package's), for tests; ``skipped`` as
    ``geonames.towns`` fills it (the places that are no town of their own, bench/towns.py)."""
    kept, reviews, stands = meet_curated(divisions, curated, iso3166_2.SOURCE)
    assign_ids(kept, {e.id for e in curated})
    codes: dict[str, tuple[str, str, bool]] = {}
    for p in divisions:
        code = p.external["iso3166_2"]
        city = p.place_type in iso3166_2.CITY_TYPES
        if code in stands:
            codes[code] = (stands[code], geonames.stem(p.name), city)
        elif p.id:
            codes[code] = (p.id, geonames.stem(p.name), city)
    towns = geonames.towns(codes, data=towns_data, unpinned=unpinned, skipped=skipped)
    towns, left, _ = meet_curated(towns, curated, geonames.SOURCE)
    reviews += left
    assign_ids(towns, {e.id for e in curated} | {p.id for p in kept})
    mark_namesakes(kept + towns, curated)
    texts = {
        "iso3166-2": table_text(HEADERS["iso3166-2"], {iso3166_2.SOURCE: iso3166_2.source()}, kept),
        "geonames": table_text(HEADERS["geonames"], {geonames.SOURCE: geonames.source()}, towns),
    }
    return texts, reviews


def command(source: str, output: str, curated: str, *, unpinned: bool = False, as_json: bool = False) -> int:
    """``aliasdb import SOURCE -o OUTPUT``: write the table, report the places left out on stderr.
    Exit 0; 2 (with one ``Error: ...`` line, nothing written) when it cannot run."""
    import json
    import os
    import sys

    from aliasdb.table.importers.common import ImporterError, write_table

    if not os.path.isfile(curated):
        print(f"Error: {curated}: no such curated table", file=sys.stderr)
        return 2
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        print(f"Error: {output}: its folder does not exist", file=sys.stderr)
        return 2
    try:
        texts, reviews = build(curated, unpinned=unpinned)
        write_table(output, texts[source])
    except ImporterError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Error: {output}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 2
    mine = [r for r in reviews if r.source == source]
    count = texts[source].count("\n  - id: ")
    if as_json:
        review = [{k: getattr(r, k) for k in ("imported", "name", "curated", "why")} for r in mine]
        print(json.dumps({"output": output, "entities": count, "review": review}, ensure_ascii=False))
    else:
        for r in mine:
            print(r, file=sys.stderr)
        print(f"{output}: {count} entities written; {len(mine)} left out for review", file=sys.stderr)
    return 0

