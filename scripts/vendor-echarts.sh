#!/bin/sh
# vendor-echarts.sh: fetch Apache ECharts 5.x from the npm registry and copy the minified
# browser build, its LICENSE and NOTICE into dashboard/static/vendor/echarts/, where the dashboard
# embeds and serves them (no CDN is ever referenced). Run from anywhere; commit the result.
#
#   scripts/vendor-echarts.sh            # latest 5.x
#   scripts/vendor-echarts.sh 5.6.0      # a given version
set -eu

version="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/dashboard/static/vendor/echarts"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
tarball="$(npm pack --silent "echarts@$version")"
tar -xzf "$tarball"

mkdir -p "$dest"
cp package/dist/echarts.min.js "$dest/echarts.min.js"
cp package/LICENSE "$dest/LICENSE"
# Apache-2.0 section 4(d): the NOTICE file travels with the work.
cp package/NOTICE "$dest/NOTICE"
# Record which version is shipped, for the notices and for the next upgrade.
node -p 'require("./package/package.json").version' > "$dest/VERSION"

echo "vendored echarts $(cat "$dest/VERSION") into ${dest#"$root"/}"
