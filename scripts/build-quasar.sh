#!/usr/bin/env bash
# Rebuilds assets/vendor/quasar.prod.js from scripts/quasar/entry.js (Quasar with only the components the app uses).
# Needs Node.js and npm. Run it after changing entry.js or upgrading NiceGUI (whose Quasar version it must match:
# tests/unit/test_quasar.py checks). The versions are pinned in scripts/quasar/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
work=.cache/quasar-build
mkdir -p "$work"
cp scripts/quasar/package.json scripts/quasar/package-lock.json "$work/"
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
version=$(node -p "require('./$work/node_modules/quasar/package.json').version")
# The inputs' digest lets tests/unit/test_quasar.py tell when entry.js changed but the build was not made again.
inputs=$(cat scripts/quasar/entry.js scripts/quasar/vue-shim.js scripts/quasar/package-lock.json | sha256sum | cut -c1-16)
banner="/*! Quasar Framework v$version, the components Family E-Card uses (scripts/quasar/entry.js, inputs $inputs)
 * (c) 2015-present Razvan Stoenescu. Released under the MIT License. */"
NODE_PATH="$work/node_modules" "$work/node_modules/.bin/esbuild" scripts/quasar/entry.js \
  --bundle --format=iife --minify --target=es2020 --legal-comments=none --log-level=warning \
  --alias:vue=./scripts/quasar/vue-shim.js \
  --define:__QUASAR_VERSION__="'$version'" --define:__QUASAR_SSR__=false --define:__QUASAR_SSR_SERVER__=false \
  --define:__QUASAR_SSR_CLIENT__=false --define:__QUASAR_SSR_PWA__=false \
  "--banner:js=$banner" --outfile=assets/vendor/quasar.prod.js
echo "assets/vendor/quasar.prod.js: $(wc -c < assets/vendor/quasar.prod.js) bytes, Quasar $version"
