#!/bin/sh
# Compiles frontend/src/atbalsts.scss into the committed stylesheet
# atbalsts/web/static/web/atbalsts.css. Run from anywhere: `sh frontend/build.sh`
# (or `npm run build` inside frontend/). Needs `npm ci` once.
set -eu
cd "$(dirname "$0")"
[ -d node_modules/govuk-frontend ] || npm ci --no-audit --no-fund
out=../atbalsts/web/static/web/atbalsts.css
mkdir -p "$(dirname "$out")"
npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import,global-builtin,color-functions,slash-div,if-function \
  src/atbalsts.scss "$out"
# The stylesheet must not pull fonts or images from anywhere.
if grep -q "@font-face" "$out"; then echo "build.sh: @font-face found in $out" >&2; exit 1; fi
if grep -Eq "url\(" "$out"; then echo "build.sh: url( found in $out" >&2; grep -Eo "url\([^)]*\)" "$out" >&2; exit 1; fi
if grep -q "GDS Transport" "$out"; then echo "build.sh: GDS Transport found in $out" >&2; exit 1; fi
echo "built $out ($(wc -c < "$out") bytes)"
